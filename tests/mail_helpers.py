"""Helpers the mail tests share: SMTP settings for a test server, a finished run to mail."""

from __future__ import annotations

import shutil
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
SEED = SEEDS / "000_041345f959c62141.txt"
PASSWORD = "pw-Zq8!x3-never-shown"


def smtp_env(monkeypatch, port: int, security: str = "none", **extra) -> dict:
    """Point BRIEFCHECK_SMTP_* at a test server; returns the variables (for a subprocess env)."""
    env = {"BRIEFCHECK_SMTP_HOST": "127.0.0.1", "BRIEFCHECK_SMTP_PORT": str(port),
           "BRIEFCHECK_SMTP_SECURITY": security, "BRIEFCHECK_MAIL_FROM": "briefcheck <bot@desk.test>",
           "BRIEFCHECK_MAIL_TO": "ana@desk.test, ben@desk.test", "BRIEFCHECK_SMTP_ATTEMPTS": "2",
           "BRIEFCHECK_SMTP_BACKOFF": "0", "BRIEFCHECK_SMTP_TIMEOUT": "5", **extra}
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    return env


def make_inbox(tmp_path: Path, *names: str) -> Path:
    inbox = tmp_path / "inbox"
    inbox.mkdir(exist_ok=True)
    for n in names or (SEED.name,):
        shutil.copy(SEEDS / n, inbox / n)
    return inbox


def checked_run(tmp_path: Path, *names: str) -> int:
    """Run the embedded engine over the seeds given (default: the seed); returns the run id."""
    from pipeline.batch import run_batch
    from pipeline.engines import get_engine
    from pipeline.store import open_db

    engine = get_engine()
    try:
        res = run_batch(make_inbox(tmp_path, *names), tmp_path / "reports", engine, db=open_db())
    finally:
        engine.close()
    return res.run_id
