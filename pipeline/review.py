"""The review queue: flagged claims waiting for a person, and the decisions taken on them.

Rows are written by the batch run (pipeline/batch.py); this module reads them and records
decisions. A decision is never overwritten by a later run (batch only updates open rows).
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

import sqlite_utils

from .errors import BriefcheckError

DECISIONS = ("confirmed", "dismissed")
STATUSES = ("open",) + DECISIONS
_COLUMNS = ("id", "path", "section", "role", "claim_id", "text", "verdict", "score", "rationale",
            "evidence", "status", "note", "decided", "sha256", "run_id", "created")


def _row(r: dict) -> dict:
    out = {k: r.get(k) for k in _COLUMNS}
    out["evidence"] = json.loads(r["evidence"]) if r.get("evidence") else None
    return out


def items(db: sqlite_utils.Database, status: str = "open", verdict: str | None = None,
          limit: int | None = None) -> list[dict]:
    """Queue rows, oldest first; status 'all' for every row."""
    where, args = [], []
    if status != "all":
        where.append("status = ?")
        args.append(status)
    if verdict:
        where.append("verdict = ?")
        args.append(verdict)
    sql = "select * from review_queue" + (f" where {' and '.join(where)}" if where else "") + " order by id"
    if limit:
        sql += f" limit {int(limit)}"
    return [_row(r) for r in db.query(sql, args)]


def get(db: sqlite_utils.Database, item_id: int) -> dict:
    rows = list(db.query("select * from review_queue where id = ?", [item_id]))
    if not rows:
        raise BriefcheckError(f"no review item #{item_id}")
    return _row(rows[0])


def decide(db: sqlite_utils.Database, item_id: int, decision: str, note: str = "") -> dict:
    """Confirm (the flag was right) or dismiss (a false alarm) one item, with a note."""
    if decision not in DECISIONS:
        raise BriefcheckError(f"decision must be one of {', '.join(DECISIONS)}, not {decision!r}")
    get(db, item_id)  # raises for an unknown id
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    with db.conn:
        db.execute("update review_queue set status = ?, note = ?, decided = ? where id = ?",
                   [decision, note or None, now, item_id])
    return get(db, item_id)


def counts(db: sqlite_utils.Database) -> dict[str, int]:
    out = {s: 0 for s in STATUSES}
    for r in db.query("select status, count(*) as n from review_queue group by status"):
        out[r["status"]] = r["n"]
    return out


def precision_by_verdict(db: sqlite_utils.Database) -> dict[str, dict[str, float]]:
    """Of the decided flags, the share reviewers confirmed, per verdict: the figure to watch when
    moving the flagging thresholds."""
    out: dict[str, dict[str, float]] = {}
    sql = ("select verdict, sum(status = 'confirmed') as confirmed, count(*) as decided "
           "from review_queue where status != 'open' group by verdict order by verdict")
    for r in db.query(sql):
        out[r["verdict"]] = {"decided": r["decided"], "confirmed": r["confirmed"],
                             "precision": round(r["confirmed"] / r["decided"], 3)}
    return out
