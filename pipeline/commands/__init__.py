"""The CLI commands, one module each; pipeline/cli.py registers them with ``cli.add_command``."""

from __future__ import annotations

from .check import check
from .config import config
from .eval import eval_
from .mail import mail
from .review import review
from .review_calibrate import calibrate
from .review_serve import serve
from .run import run, runs

review.add_command(serve)
review.add_command(calibrate)

COMMANDS = [check, run, runs, review, mail, eval_, config]
