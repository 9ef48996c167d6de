"""The `briefcheck` command: a thin shell over the library. Each command lives in its own module
in pipeline/commands/ and is imported only when it runs or shows its own help: the group's help
lists them from the table in pipeline/commands/__init__.py. The console script itself is
pipeline/console.py, which answers a bare `briefcheck --help` without importing click at all
(benchmarks/cli_startup.py measures both)."""

from __future__ import annotations

import click

from .commands import COMMANDS
from .commands.lazy import LazyGroup


@click.group(cls=LazyGroup, lazy_commands=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="briefcheck")
def cli():
    """Check machine-written news briefings: extract claims, check them against the story,
    write digests, and queue doubtful claims for review.

    State lives in one SQLite database under $BRIEFCHECK_HOME (default: the platform's user
    data dir); `briefcheck config` shows every setting and where it came from."""


def main():
    cli(prog_name="briefcheck")


if __name__ == "__main__":
    main()
