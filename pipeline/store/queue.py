"""Repository of the review queue: flagged claims waiting for a person, and the decisions taken.

Rows are written by the batch run in the same transaction as their file's row; a decision is never
overwritten by a later run (only open rows are replaced or updated). Every decision is also
appended to ``review_decisions`` (decisions.py), so a flipped decision keeps its trace."""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass

from ..errors import BriefcheckError
from .db import now, write_tx
from .decisions import DecisionsRepo

DECISIONS = ("confirmed", "dismissed")
STATUSES = ("open",) + DECISIONS
_COLUMNS = ("id", "path", "inbox", "briefing_path", "section", "role", "claim_id", "text", "start", "end",
            "verdict", "rule", "score", "rationale", "evidence", "status", "note", "reviewer", "decided",
            "sha256", "run_id", "created")


def _row(cur: sqlite3.Cursor, r: tuple) -> dict:
    d = dict(zip([c[0] for c in cur.description], r))
    out = {k: d.get(k) for k in _COLUMNS}
    out["evidence"] = json.loads(d["evidence"]) if d.get("evidence") else None
    return out


@dataclass(frozen=True)
class Filter:
    """Which items: status ('all' for every one), verdict, run id, briefing (absolute or relative path)."""

    status: str = "open"
    verdict: str | None = None
    run: int | None = None
    briefing: str | None = None

    def where(self) -> tuple[str, list]:
        where, args = [], []
        if self.status != "all":
            where.append("status = ?")
            args.append(self.status)
        if self.verdict:
            where.append("verdict = ?")
            args.append(self.verdict)
        if self.run is not None:
            where.append("run_id = ?")
            args.append(self.run)
        if self.briefing:
            # The full path names one briefing even when two inboxes share file names; a bare
            # relative path matches that name in every inbox.
            where.append("(briefing_path = ? OR path = ?)")
            args += [os.path.abspath(self.briefing), self.briefing]
        return (" WHERE " + " AND ".join(where)) if where else "", args


class QueueRepo:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.decisions = DecisionsRepo(conn)

    def enqueue(self, sha: str, rel: str, flagged: list, run_id: int, inbox: str | None = None) -> None:
        """Queue a briefing's flagged claims (call inside the run's write transaction). A re-check
        replaces the open flags of this content; decided ones are kept. ``inbox`` (absolute) makes
        the briefing's full path known."""
        ids = [x.id for x in flagged]
        self.conn.execute(
            f"DELETE FROM review_queue WHERE sha256=? AND status='open' AND claim_id NOT IN ({','.join('?' * len(ids))})",
            (sha, *ids),
        )
        full = os.path.join(inbox, rel) if inbox else None
        created = now()
        for x in flagged:
            ev = json.dumps(x.evidence.model_dump(), ensure_ascii=False, sort_keys=True) if x.evidence else None
            self.conn.execute(
                'INSERT INTO review_queue (sha256, claim_id, path, inbox, briefing_path, section, role, text, start,'
                ' "end", verdict, rule, score, rationale, evidence, status, run_id, created)'
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'open',?,?)"
                " ON CONFLICT(sha256, claim_id) DO UPDATE SET path=excluded.path, inbox=excluded.inbox,"
                " briefing_path=excluded.briefing_path, section=excluded.section,"
                ' role=excluded.role, text=excluded.text, start=excluded.start, "end"=excluded."end",'
                " verdict=excluded.verdict, rule=excluded.rule, score=excluded.score, rationale=excluded.rationale,"
                " evidence=excluded.evidence, run_id=excluded.run_id WHERE review_queue.status='open'",
                (sha, x.id, rel, inbox, full, x.section, x.role, x.text, x.start, x.end, x.verdict,
                 getattr(x, "rule", None), x.score, x.rationale, ev, run_id, created),
            )

    def items(self, status: str = "open", verdict: str | None = None, limit: int | None = None,
              offset: int = 0, *, run: int | None = None, briefing: str | None = None) -> list[dict]:
        """Queue rows, oldest first; status 'all' for every row."""
        return self.page(Filter(status, verdict, run, briefing), limit, offset)

    def page(self, f: Filter, limit: int | None = None, offset: int = 0) -> list[dict]:
        where, args = f.where()
        sql = f"SELECT * FROM review_queue{where} ORDER BY id"
        if limit is not None or offset:
            sql += " LIMIT ? OFFSET ?"
            args += [-1 if limit is None else int(limit), int(offset)]
        cur = self.conn.execute(sql, args)
        return [_row(cur, r) for r in cur.fetchall()]

    def count(self, f: Filter) -> int:
        where, args = f.where()
        return self.conn.execute(f"SELECT count(*) FROM review_queue{where}", args).fetchone()[0]

    def neighbours(self, item_id: int, f: Filter) -> tuple[int | None, int | None]:
        """Ids of the items before and after ``item_id`` under ``f`` (for j/k on the claim page)."""
        where, args = f.where()
        glue = " AND " if where else " WHERE "
        prev = self.conn.execute(f"SELECT max(id) FROM review_queue{where}{glue}id < ?", [*args, item_id]).fetchone()
        nxt = self.conn.execute(f"SELECT min(id) FROM review_queue{where}{glue}id > ?", [*args, item_id]).fetchone()
        return prev[0], nxt[0]

    def get(self, item_id: int) -> dict:
        cur = self.conn.execute("SELECT * FROM review_queue WHERE id = ?", (item_id,))
        r = cur.fetchone()
        if r is None:
            raise BriefcheckError(f"no review item #{item_id}")
        return _row(cur, r)

    def for_briefing(self, sha: str) -> list[dict]:
        cur = self.conn.execute("SELECT * FROM review_queue WHERE sha256 = ? ORDER BY start, id", (sha,))
        return [_row(cur, r) for r in cur.fetchall()]

    def decide(self, item_id: int, decision: str, note: str = "", reviewer: str | None = None) -> dict:
        """Confirm (the flag was right) or dismiss (a false alarm) one item, with a note. The item
        shows the latest decision; the history keeps every one (from -> to, who, note, when)."""
        if decision not in DECISIONS:
            raise BriefcheckError(f"decision must be one of {', '.join(DECISIONS)}, not {decision!r}")
        with write_tx(self.conn):  # BEGIN IMMEDIATE: two reviewers at once queue up, neither is lost
            row = self.conn.execute("SELECT status FROM review_queue WHERE id = ?", (item_id,)).fetchone()
            if row is None:
                raise BriefcheckError(f"no review item #{item_id}")
            at = now()
            self.conn.execute("UPDATE review_queue SET status = ?, note = ?, reviewer = ?, decided = ? WHERE id = ?",
                              (decision, note or None, reviewer or None, at, item_id))
            self.decisions.append(item_id, row[0], decision, reviewer, note, at)
        return self.get(item_id)

    def history(self, item_id: int) -> list[dict]:
        self.get(item_id)  # raises for an unknown id
        return self.decisions.of(item_id)

    def counts(self, f: Filter | None = None) -> dict[str, int]:
        """Items per status, under ``f``'s other filters (its status is ignored)."""
        where, args = Filter("all", f.verdict, f.run, f.briefing).where() if f else ("", [])
        out = {s: 0 for s in STATUSES}
        for status, n in self.conn.execute(f"SELECT status, count(*) FROM review_queue{where} GROUP BY status", args):
            out[status] = n
        return out

    def briefings(self) -> list[tuple[str, str]]:
        """(full or relative path, sha256) of every briefing with items, for the page's filter."""
        sql = ("SELECT coalesce(briefing_path, path), sha256 FROM review_queue GROUP BY sha256"
               " ORDER BY coalesce(briefing_path, path)")
        return [(r[0], r[1]) for r in self.conn.execute(sql)]

    def runs(self) -> list[int]:
        return [r[0] for r in self.conn.execute("SELECT DISTINCT run_id FROM review_queue WHERE run_id IS NOT NULL"
                                                " ORDER BY run_id DESC")]

    def precision_by_verdict(self) -> dict[str, dict[str, float]]:
        """Of the decided flags, the share reviewers confirmed, per verdict."""
        out: dict[str, dict[str, float]] = {}
        sql = ("SELECT verdict, sum(status = 'confirmed'), count(*) FROM review_queue WHERE status != 'open'"
               " GROUP BY verdict ORDER BY verdict")
        for verdict, confirmed, decided in self.conn.execute(sql):
            out[verdict] = {"decided": decided, "confirmed": confirmed, "precision": round(confirmed / decided, 3)}
        return out
