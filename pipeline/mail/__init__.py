"""Digest emails: built from a run's reports (content, compose), kept in an outbox of .eml files
plus store rows (outbox), and sent over SMTP exactly once as far as SMTP allows (send, smtp).
Imports the store, models and settings; nothing below imports mail."""

from __future__ import annotations

from pathlib import Path

from .compose import compose
from .content import run_digest
from .outbox import outbox_dir, write
from .send import SendResult, send_due


def build(store, run_id: int, settings, per_briefing: bool = False, folder: str | Path | None = None):
    """Write the run's digest email(s) to the outbox; returns (rows with a new flag, folder)."""
    out = outbox_dir(folder)
    emails = compose(run_digest(store, run_id), settings, per_briefing)
    return write(store, run_id, emails, out), out


def after_run(store, run_id: int, settings, *, send: bool = False, per_briefing: bool = False,
              folder: str | Path | None = None, echo=print, warn=None, new_results: bool = True) -> bool:
    """What `briefcheck run` does once the batch is done: build the digest (only for a run with
    new results), say where it is in one line (echo), and with send=True send what is pending,
    older emails included; each email that did not go is a line to warn (default: echo). False
    when an email did not go."""
    warn = warn or echo
    rows, out = build(store, run_id, settings, per_briefing, folder) if new_results else ([], outbox_dir(folder))
    if not rows and not (send and (store.outbox.due() or store.outbox.stuck())):
        return True
    n = f"{len(rows)} digest email{'s' if len(rows) != 1 else ''}"
    if not send:
        echo(f"mail: {n} written to {out} (send with: briefcheck mail send)")
        return True
    if not settings.smtp_host:
        warn(f"mail: no SMTP server configured (BRIEFCHECK_SMTP_HOST): {n} written to {out}")
        return True
    res = send_due(store, settings)
    for line in res.lines:
        warn(line)
    (echo if res.ok else warn)(res.summary() + f"; outbox {out}")
    return res.ok


__all__ = ["build", "after_run", "send_due", "SendResult", "outbox_dir"]
