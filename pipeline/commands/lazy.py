"""A click group whose commands are imported only when needed: when one runs, when its own
`--help` is asked for, or for shell completion. Its `--help` lists them from their table entries
(pipeline/commands/__init__.py) without importing any."""

from __future__ import annotations

import importlib
from gettext import gettext as _

import click


class LazyGroup(click.Group):
    """``lazy_commands``: name -> (module relative to pipeline.commands, attribute, first sentence of its help)."""

    def __init__(self, *args, lazy_commands: dict[str, tuple[str, str, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lazy_commands = dict(lazy_commands or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy_commands and cmd_name not in self.commands:
            module, attr, _ = self.lazy_commands[cmd_name]
            command = getattr(importlib.import_module(module, __package__), attr)
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def listed(self, cmd_name: str) -> click.Command | None:
        """The command as `--help` lists it: the command itself once imported, else a stand-in
        carrying its table entry (same short help at every width, as tests/test_cli_lazy.py checks)."""
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        if cmd_name in self.lazy_commands:
            return click.Command(cmd_name, help=self.lazy_commands[cmd_name][2])
        return None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """click's Group.format_commands, with the commands not imported yet listed from the table."""
        commands = [(name, cmd) for name in self.list_commands(ctx)
                    if (cmd := self.listed(name)) is not None and not cmd.hidden]
        if not commands:
            return
        limit = formatter.width - 6 - max(len(name) for name, _ in commands)
        rows = [(name, cmd.get_short_help_str(limit)) for name, cmd in commands]
        with formatter.section(_("Commands")):
            formatter.write_dl(rows)
