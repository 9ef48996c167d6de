"""Helpers the commands share: the one-line failure and folder expansion."""

from __future__ import annotations

import sys

import click


def fail_line(msg: str) -> None:
    click.echo(f"briefcheck: {msg}", err=True)


def usage_exit(lines: list[str]) -> None:
    """A usage error (a path that is not there, a folder with nothing to check): one line each, exit 2."""
    for line in lines:
        fail_line(line)
    sys.exit(2)


def expand(paths) -> list[str]:
    """The briefing files the arguments name: a folder stands for the briefings inside it (*.txt,
    *.md, recursively, in path order). A file reached twice (named, and inside a named folder) is
    checked once, where it first comes. A missing path or a folder with no briefing in it is a
    usage error."""
    import os

    from ..discover import discover, is_briefing_name

    out, seen, problems = [], set(), []
    for p in paths:
        if not os.path.lexists(p):
            problems.append(f"{p}: no such file or folder")
            continue
        if os.path.isdir(p) and not is_briefing_name(os.path.basename(os.path.normpath(p))):
            inside = [str(f.path) for f in discover(p)]
            if not inside:
                problems.append(f"{p}: no briefings (*.txt, *.md) in this folder")
        else:
            inside = [p]
        for f in inside:
            key = os.path.realpath(f)
            if key not in seen:
                seen.add(key)
                out.append(f)
    if problems:
        usage_exit(problems)
    return out
