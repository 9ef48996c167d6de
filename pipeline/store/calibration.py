"""Repository of calibration: the decided flags it is computed from, and the applied policy.

Only the latest decision of an item counts (the item's status); ``rule`` falls back to the
verdict for items whose report named no deciding rule."""

from __future__ import annotations

import json
import sqlite3

from .db import now, write_tx

_GROUPS = {"verdict": "verdict", "role": "role", "rule": "coalesce(rule, verdict)"}


class CalibrationRepo:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def shares(self, by: str) -> list[dict]:
        """Decided flags per verdict, role or rule: {key, decided, confirmed}."""
        col = _GROUPS[by]
        sql = (f"SELECT {col}, count(*), sum(status = 'confirmed') FROM review_queue WHERE status != 'open'"
               f" GROUP BY {col} ORDER BY {col}")
        return [{"key": k, "decided": n, "confirmed": c} for k, n, c in self.conn.execute(sql)]

    def decided(self) -> list[dict]:
        """Every decided flag: role, rule, verdict, score, confirmed (bool)."""
        sql = ("SELECT role, coalesce(rule, verdict), verdict, score, status = 'confirmed' FROM review_queue"
               " WHERE status != 'open' ORDER BY id")
        return [{"role": r, "rule": u, "verdict": v, "score": s, "confirmed": bool(c)}
                for r, u, v, s, c in self.conn.execute(sql)]

    def apply(self, policy: dict, decisions: int) -> int:
        """Store ``policy`` as the one in force (earlier ones stay, inactive, for the record)."""
        with write_tx(self.conn):
            self.conn.execute("UPDATE review_calibration SET active = 0 WHERE active = 1")
            cur = self.conn.execute("INSERT INTO review_calibration (created, decisions, policy, active)"
                                    " VALUES (?,?,?,1)", (now(), decisions, json.dumps(policy, sort_keys=True)))
        return cur.lastrowid

    def reset(self) -> bool:
        """Back to the built-in policy; True when a calibration was in force."""
        with write_tx(self.conn):
            cur = self.conn.execute("UPDATE review_calibration SET active = 0 WHERE active = 1")
        return cur.rowcount > 0

    def current(self) -> dict | None:
        """{id, created, decisions, policy} of the calibration in force, or None."""
        row = self.conn.execute("SELECT id, created, decisions, policy FROM review_calibration WHERE active = 1"
                                " ORDER BY id DESC LIMIT 1").fetchone()
        if row is None:
            return None
        return {"id": row[0], "created": row[1], "decisions": row[2], "policy": json.loads(row[3])}
