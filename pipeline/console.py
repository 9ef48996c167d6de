"""The `briefcheck` console script (and `python -m pipeline`).

`briefcheck --help` alone, in a terminal at least 80 columns wide or not a terminal at all, is
answered from TOP_HELP, the text click renders for it, without importing click (about half the
process's time); anything else goes to the click group in pipeline/cli.py. tests/test_cli_lazy.py
checks TOP_HELP against click's rendering, and prints the new text when they differ."""

import os
import sys

# `briefcheck --help` as click renders it at its widest (78 columns: min(terminal, 80) - 2).
TOP_HELP = """\
Usage: briefcheck [OPTIONS] COMMAND [ARGS]...

  Check machine-written news briefings: extract claims, check them against the
  story, write digests, and queue doubtful claims for review.

  State lives in one SQLite database under $BRIEFCHECK_HOME (default: the
  platform's user data dir); `briefcheck config` shows every setting and where
  it came from.

Options:
  --version   Show the version and exit.
  -h, --help  Show this message and exit.

Commands:
  check   Check one or more briefing FILES (or folders of them) and print...
  config  Print every setting with its value and source (default / file /...
  eval    Measure the embedded checker on labelled source/summary pairs...
  mail    Digest emails: each run's digest is written to the outbox...
  review  Review flagged claims: list them, confirm or dismiss each with...
  run     Check every new briefing (*.txt, *.md, recursively) in INBOX:...
  runs    List past batch runs: counts, flags, LLM calls, tokens, cost...
"""


def terminal_columns() -> int:
    """The columns shutil.get_terminal_size() reports (click sizes its help by them), without
    importing shutil: $COLUMNS, else the terminal on stdout, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def main():
    if sys.argv[1:] in (["--help"], ["-h"]) and terminal_columns() >= 80:
        sys.stdout.write(TOP_HELP)
        sys.stdout.flush()
        return 0
    from .cli import main as cli_main

    return cli_main()
