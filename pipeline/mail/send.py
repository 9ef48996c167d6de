"""Send what the outbox holds, exactly once as far as SMTP allows.

Each email is marked 'sending' (with this pid) and committed BEFORE its DATA goes out; the
server's 250 is then recorded as 'sent'. A crash between the two leaves 'sending' held by a dead
pid: the next `mail send` puts it back to pending and sends the same .eml bytes again, same
Message-ID. So at worst a reader's server holds two copies with one Message-ID, which mail
clients and stores collapse into one; no email is ever lost, and none is sent twice otherwise.

Transient errors (refused connection, timeout, 4xx) are retried with exponential backoff
(tenacity) and then left pending; permanent ones (5xx, refused recipients) are recorded as
failed with the server's reason and not retried until `--retry-failed`.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parseaddr

from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential

from .smtp import Connection, SendError
from ..procs import pid_alive

log = logging.getLogger(__name__)  # debug only: the CLI prints its own lines

# A 'sending' row older than this is stale even if its pid looks alive (the pid was reused).
STALE_S = 3600


@dataclass
class SendResult:
    sent: int = 0
    pending: int = 0
    failed: int = 0
    resumed: int = 0  # interrupted sends put back to pending
    lines: list[str] = field(default_factory=list)  # one per email that did not go
    stopped: str | None = None  # why sending stopped early (server down, bad settings)

    @property
    def ok(self) -> bool:
        return not (self.pending or self.failed)

    def summary(self) -> str:
        if not (self.sent or self.pending or self.failed):
            return "mail: nothing to send"
        out = f"mail: {self.sent} sent, {self.pending} pending, {self.failed} failed"
        return out + (f" ({self.stopped})" if self.stopped else "")




def _age_s(ts: str) -> float:
    try:
        return (datetime.now(timezone.utc) - datetime.fromisoformat(ts)).total_seconds()
    except (TypeError, ValueError):
        return float("inf")


def reconcile(store) -> int:
    """Put emails a dead `mail send` left in 'sending' back to pending; returns how many. One
    held by a live process (another `mail send` at work) is left alone."""
    n = 0
    for row in store.outbox.stuck():
        if row["pid"] != os.getpid() and pid_alive(row["pid"]) and _age_s(row["updated"]) < STALE_S:
            continue
        note = (f"a send was interrupted (pid {row['pid']}) after DATA may have gone out; "
                "re-sent with the same Message-ID")
        if store.outbox.release(row["id"], row["pid"], note):
            log.debug("outbox #%s: %s", row["id"], note)
            n += 1
    return n


def _retrying(settings) -> Retrying:
    return Retrying(retry=retry_if_exception(lambda e: isinstance(e, SendError) and e.kind == "transient"),
                    stop=stop_after_attempt(settings.smtp_attempts),
                    wait=wait_exponential(multiplier=settings.smtp_backoff, max=60),
                    reraise=True)


def _send_one(conn: Connection, row: dict, settings) -> dict:
    """Send one claimed email with retries; returns refused recipients; raises SendError."""
    try:
        with open(row["path"], "rb") as f:
            data = f.read()
    except OSError as e:
        raise SendError("permanent", f"cannot read {row['path']}: {e.strerror or e}") from None
    rcpts = row["recipients"] or settings.recipients
    sender = parseaddr(row["sender"])[1] or "briefcheck@localhost"
    for attempt in _retrying(settings):
        with attempt:
            return conn.sendmail(sender, rcpts, data)
    raise AssertionError("unreachable")  # reraise=True: the last SendError propagates


def _record(store, row: dict, res: SendResult, refused: dict | None, err: SendError | None) -> None:
    rid = row["id"]
    if err is None:
        note = "; ".join(f"{r}: {c} {m.decode('utf-8', 'replace') if isinstance(m, bytes) else m}"
                         for r, (c, m) in (refused or {}).items()) or None
        store.outbox.mark_sent(rid, f"refused by the server: {note}" if note else None)
        res.sent += 1
        log.debug("outbox #%s sent %s", rid, row["message_id"])
    elif err.kind == "permanent":
        store.outbox.mark_failed(rid, err.reason)
        res.failed += 1
        res.lines.append(f"mail #{rid} failed: {err.reason}")
        log.debug("outbox #%s failed: %s", rid, err.reason)
    else:
        store.outbox.mark_pending(rid, err.reason)
        res.pending += 1
        res.lines.append(f"mail #{rid} left pending: {err.reason}")
        log.debug("outbox #%s left pending: %s", rid, err.reason)


def send_due(store, settings, retry_failed: bool = False) -> SendResult:
    """Send every pending email (and failed ones with retry_failed), in outbox order."""
    res = SendResult(resumed=reconcile(store))
    due = store.outbox.due(retry_failed)
    if due and not settings.recipients and any(not r["recipients"] for r in due):
        res.stopped = "no recipients: set BRIEFCHECK_MAIL_TO"
    conn = Connection(settings)
    try:
        for i, row in enumerate(due):
            if res.stopped:
                _leave(store, due[i:], res)
                break
            if not store.outbox.claim(row["id"], os.getpid(), retry_failed):
                continue  # another `mail send` took it
            try:
                refused, err = _send_one(conn, row, settings), None
            except SendError as e:
                refused, err = None, e
            except BaseException:  # Ctrl-C or a bug mid-send: the server may have it; resend later
                store.outbox.mark_pending(row["id"], "interrupted during send; re-sent with the same Message-ID")
                raise
            _record(store, row, res, refused, err)
            if err is not None and err.kind != "permanent":
                res.stopped = f"{conn.where()}: {err.reason}"  # the server is unusable: stop trying
    finally:
        conn.close()
    return res


def _leave(store, rows: list[dict], res: SendResult) -> None:
    """Emails not attempted because sending stopped: left as they are, with the reason recorded."""
    for row in rows:
        store.outbox.note_error(row["id"], f"not attempted: {res.stopped}")
        if row["status"] == "failed":
            res.failed += 1
        else:
            res.pending += 1
