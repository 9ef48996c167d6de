"""Repository of the mail outbox: one row per digest email, with its send state.

States: pending -> sending -> sent | failed, and sending -> pending when a send was interrupted.
Every change is committed at once: 'sending' must be on disk before the message's DATA goes out,
so that a crash mid-send is visible to the next `mail send` (see pipeline/mail/send.py).
The query of a run's checked files for its digest lives here too, so all of mail's SQL is in
one repository.
"""

from __future__ import annotations

import json
import sqlite3

from ..errors import BriefcheckError
from .db import now, write_tx

STATES = ("pending", "sending", "sent", "failed")


def _rows(cur: sqlite3.Cursor) -> list[dict]:
    names = [d[0] for d in cur.description]
    out = []
    for r in cur.fetchall():
        d = dict(zip(names, r))
        if "recipients" in d:
            d["recipients"] = json.loads(d["recipients"] or "[]")
        out.append(d)
    return out


class OutboxRepo:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    # --- what a digest is built from ---

    def run_files(self, run_id: int) -> list[dict]:
        """The files a run checked or failed on (path order): what its digest reports."""
        cur = self.conn.execute(
            "SELECT sha256, path, status, reason, report_json, claims, flagged FROM files WHERE run_id = ?"
            " ORDER BY path", (run_id,))
        return _rows(cur)

    # --- the outbox ---

    def add(self, *, message_id: str, run_id: int | None, sha256: str | None, kind: str, subject: str,
            sender: str, recipients: list[str], path: str) -> tuple[dict, bool]:
        """Record an email as pending; (row, True) if new. A rebuilt email has the same Message-ID
        and keeps its row and state, so building twice never sends twice."""
        ts = now()
        with write_tx(self.conn):
            cur = self.conn.execute(
                "INSERT INTO outbox (message_id, run_id, sha256, kind, subject, sender, recipients, path,"
                " status, created, updated) VALUES (?,?,?,?,?,?,?,?,'pending',?,?)"
                " ON CONFLICT(message_id) DO NOTHING",
                (message_id, run_id, sha256, kind, subject, sender, json.dumps(recipients), path, ts, ts))
            created = cur.rowcount == 1
        return self.get(message_id), created

    def get(self, key: int | str) -> dict:
        """By numeric id or Message-ID."""
        col = "id" if isinstance(key, int) or str(key).isdigit() else "message_id"
        rows = _rows(self.conn.execute(f"SELECT * FROM outbox WHERE {col} = ?", (key,)))
        if not rows:
            raise BriefcheckError(f"no email {key} in the outbox")
        return rows[0]

    def all(self, status: str | None = None) -> list[dict]:
        if status:
            return _rows(self.conn.execute("SELECT * FROM outbox WHERE status = ? ORDER BY id", (status,)))
        return _rows(self.conn.execute("SELECT * FROM outbox ORDER BY id"))

    def counts(self) -> dict[str, int]:
        out = {s: 0 for s in STATES}
        for status, n in self.conn.execute("SELECT status, count(*) FROM outbox GROUP BY status"):
            out[status] = n
        return out

    def due(self, retry_failed: bool = False) -> list[dict]:
        """What `mail send` should try: pending, and failed too with --retry-failed."""
        states = ("pending", "failed") if retry_failed else ("pending",)
        return _rows(self.conn.execute(
            f"SELECT * FROM outbox WHERE status IN ({','.join('?' * len(states))}) ORDER BY id", states))

    # --- state changes, each committed at once ---

    def claim(self, row_id: int, pid: int, retry_failed: bool = False) -> bool:
        """pending (or failed) -> sending, held by pid; False if someone else got it first."""
        states = ("pending", "failed") if retry_failed else ("pending",)
        with write_tx(self.conn):
            cur = self.conn.execute(
                "UPDATE outbox SET status='sending', pid=?, attempts=attempts+1, updated=? WHERE id=?"
                f" AND status IN ({','.join('?' * len(states))})", (pid, now(), row_id, *states))
            return cur.rowcount == 1

    def mark_sent(self, row_id: int, note: str | None = None) -> None:
        """note: recipients the server refused while accepting the others."""
        self._set(row_id, "sent", note, sent=True)

    def mark_pending(self, row_id: int, error: str) -> None:
        self._set(row_id, "pending", error)

    def mark_failed(self, row_id: int, reason: str) -> None:
        self._set(row_id, "failed", reason)

    def note_error(self, row_id: int, error: str) -> None:
        """Record why a due email was not attempted, leaving its state as it is."""
        with write_tx(self.conn):
            self.conn.execute("UPDATE outbox SET last_error=?, updated=? WHERE id=?", (error, now(), row_id))

    def stuck(self) -> list[dict]:
        """Emails left in 'sending': a send in progress, or one a crash interrupted."""
        return _rows(self.conn.execute("SELECT * FROM outbox WHERE status='sending' ORDER BY id"))

    def release(self, row_id: int, pid: int, note: str) -> bool:
        """sending -> pending, only if still held by pid (the dead process)."""
        with write_tx(self.conn):
            cur = self.conn.execute(
                "UPDATE outbox SET status='pending', pid=NULL, last_error=?, updated=? WHERE id=? AND"
                " status='sending' AND pid IS ?", (note, now(), row_id, pid))
            return cur.rowcount == 1

    def _set(self, row_id: int, status: str, error: str | None, sent: bool = False) -> None:
        ts = now()
        with write_tx(self.conn):
            self.conn.execute(
                "UPDATE outbox SET status=?, pid=NULL, last_error=?, updated=?, sent=COALESCE(?, sent)"
                " WHERE id=?", (status, error, ts, ts if sent else None, row_id))
