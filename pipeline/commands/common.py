"""Helpers the commands share: the one-line failure and folder expansion."""

from __future__ import annotations

import click


def fail_line(msg: str) -> None:
    click.echo(f"briefcheck: {msg}", err=True)


def expand(paths):
    """A folder stands for the briefings inside it (*.txt, *.md, recursively, in path order)."""
    import os

    from ..discover import discover, is_briefing_name

    for p in paths:
        if os.path.isdir(p) and not is_briefing_name(os.path.basename(os.path.normpath(p))):
            yield from (str(f.path) for f in discover(p))
        else:
            yield p
