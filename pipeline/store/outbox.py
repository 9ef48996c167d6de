"""Repository of the mail outbox: one row per digest email, with its send state."""

from __future__ import annotations

import sqlite3


class OutboxRepo:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def all(self) -> list[dict]:
        cur = self.conn.execute("SELECT * FROM outbox ORDER BY id")
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]
