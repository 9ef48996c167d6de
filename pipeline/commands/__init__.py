"""The CLI commands, one module each; pipeline/cli.py registers them with ``cli.add_command``."""

from __future__ import annotations

from .check import check
from .config import config
from .eval import eval_
from .review import review
from .run import run, runs

COMMANDS = [check, run, runs, review, eval_, config]
