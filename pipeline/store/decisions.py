"""Repository of review decisions: an append-only log, one row per confirm / dismiss ever taken."""

from __future__ import annotations

import sqlite3


class DecisionsRepo:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def append(self, item_id: int, from_status: str, to_status: str, reviewer: str | None, note: str | None,
               at: str) -> None:
        """Call inside the write transaction that updates the item, so the two never disagree."""
        self.conn.execute(
            "INSERT INTO review_decisions (item_id, from_status, to_status, reviewer, note, at) VALUES (?,?,?,?,?,?)",
            (item_id, from_status, to_status, reviewer or None, note or None, at),
        )

    def of(self, item_id: int) -> list[dict]:
        cur = self.conn.execute(
            "SELECT id, item_id, from_status, to_status, reviewer, note, at FROM review_decisions"
            " WHERE item_id = ? ORDER BY id", (item_id,))
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]

    def count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM review_decisions").fetchone()[0]
