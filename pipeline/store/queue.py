"""Repository of the review queue: flagged claims waiting for a person, and the decisions taken.

Rows are written by the batch run in the same transaction as their file's row; a decision is never
overwritten by a later run (only open rows are replaced or updated)."""

from __future__ import annotations

import json
import sqlite3

from ..errors import BriefcheckError
from .db import now

DECISIONS = ("confirmed", "dismissed")
STATUSES = ("open",) + DECISIONS
_COLUMNS = ("id", "path", "section", "role", "claim_id", "text", "verdict", "score", "rationale",
            "evidence", "status", "note", "decided", "sha256", "run_id", "created")


def _row(cur: sqlite3.Cursor, r: tuple) -> dict:
    d = dict(zip([c[0] for c in cur.description], r))
    out = {k: d.get(k) for k in _COLUMNS}
    out["evidence"] = json.loads(d["evidence"]) if d.get("evidence") else None
    return out


class QueueRepo:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def enqueue(self, sha: str, rel: str, flagged: list, run_id: int) -> None:
        """Queue a briefing's flagged claims (call inside the run's write transaction). A re-check
        replaces the open flags of this content; decided ones are kept."""
        ids = [x.id for x in flagged]
        self.conn.execute(
            f"DELETE FROM review_queue WHERE sha256=? AND status='open' AND claim_id NOT IN ({','.join('?' * len(ids))})",
            (sha, *ids),
        )
        created = now()
        for x in flagged:
            ev = json.dumps(x.evidence.model_dump(), ensure_ascii=False, sort_keys=True) if x.evidence else None
            self.conn.execute(
                'INSERT INTO review_queue (sha256, claim_id, path, section, role, text, start, "end", verdict,'
                " score, rationale, evidence, status, run_id, created) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,'open',?,?)"
                " ON CONFLICT(sha256, claim_id) DO UPDATE SET path=excluded.path, section=excluded.section,"
                ' role=excluded.role, text=excluded.text, start=excluded.start, "end"=excluded."end",'
                " verdict=excluded.verdict, score=excluded.score, rationale=excluded.rationale,"
                " evidence=excluded.evidence, run_id=excluded.run_id WHERE review_queue.status='open'",
                (sha, x.id, rel, x.section, x.role, x.text, x.start, x.end, x.verdict, x.score, x.rationale,
                 ev, run_id, created),
            )

    def items(self, status: str = "open", verdict: str | None = None, limit: int | None = None) -> list[dict]:
        """Queue rows, oldest first; status 'all' for every row."""
        where, args = [], []
        if status != "all":
            where.append("status = ?")
            args.append(status)
        if verdict:
            where.append("verdict = ?")
            args.append(verdict)
        sql = "SELECT * FROM review_queue" + (f" WHERE {' AND '.join(where)}" if where else "") + " ORDER BY id"
        if limit:
            sql += f" LIMIT {int(limit)}"
        cur = self.conn.execute(sql, args)
        return [_row(cur, r) for r in cur.fetchall()]

    def get(self, item_id: int) -> dict:
        cur = self.conn.execute("SELECT * FROM review_queue WHERE id = ?", (item_id,))
        r = cur.fetchone()
        if r is None:
            raise BriefcheckError(f"no review item #{item_id}")
        return _row(cur, r)

    def decide(self, item_id: int, decision: str, note: str = "") -> dict:
        """Confirm (the flag was right) or dismiss (a false alarm) one item, with a note."""
        if decision not in DECISIONS:
            raise BriefcheckError(f"decision must be one of {', '.join(DECISIONS)}, not {decision!r}")
        self.get(item_id)  # raises for an unknown id
        with self.conn:
            self.conn.execute("UPDATE review_queue SET status = ?, note = ?, decided = ? WHERE id = ?",
                              (decision, note or None, now(), item_id))
        return self.get(item_id)

    def counts(self) -> dict[str, int]:
        out = {s: 0 for s in STATUSES}
        for status, n in self.conn.execute("SELECT status, count(*) FROM review_queue GROUP BY status"):
            out[status] = n
        return out

    def precision_by_verdict(self) -> dict[str, dict[str, float]]:
        """Of the decided flags, the share reviewers confirmed, per verdict."""
        out: dict[str, dict[str, float]] = {}
        sql = ("SELECT verdict, sum(status = 'confirmed'), count(*) FROM review_queue WHERE status != 'open'"
               " GROUP BY verdict ORDER BY verdict")
        for verdict, confirmed, decided in self.conn.execute(sql):
            out[verdict] = {"decided": decided, "confirmed": confirmed, "precision": round(confirmed / decided, 3)}
        return out
