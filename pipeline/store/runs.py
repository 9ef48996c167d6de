"""Repository of batch runs: one row per `briefcheck run`, with its running totals and usage."""

from __future__ import annotations

import json
import os
import sqlite3

from .db import now

_TOTALS = ("found", "processed", "skipped", "known_bad", "failed", "claims", "flagged")
_USAGE = ("llm_calls", "reasks", "cache_hits", "prompt_tokens", "completion_tokens")


class RunsRepo:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def start(self, inbox: str, out: str, engine: str, workers: int, force: bool) -> int:
        cur = self.conn.execute(
            "INSERT INTO runs (started, status, pid, inbox, out, engine, workers, force) VALUES (?,?,?,?,?,?,?,?)",
            (now(), "running", os.getpid(), inbox, out, engine, workers, int(force)),
        )
        self.conn.commit()
        return cur.lastrowid

    def totals(self, run_id: int, counts: dict, flags_by_verdict: dict, usage) -> None:
        """counts: the _TOTALS keys; usage: a models.Usage."""
        cols = [*_TOTALS, "flags_by_verdict", *_USAGE, "cost_usd"]
        vals = [counts[k] for k in _TOTALS] + [json.dumps(dict(sorted(flags_by_verdict.items())))]
        vals += [getattr(usage, k) for k in _USAGE] + [round(usage.cost_usd, 6)]
        self.conn.execute(f"UPDATE runs SET {', '.join(c + '=?' for c in cols)} WHERE id=?", (*vals, run_id))

    def finish(self, run_id: int, status: str, elapsed: float) -> None:
        self.conn.execute("UPDATE runs SET ended=?, status=?, elapsed_s=? WHERE id=?",
                          (now(), status, round(elapsed, 3), run_id))

    def latest(self, limit: int | None = None) -> list[dict]:
        sql = "SELECT * FROM runs ORDER BY id DESC" + (f" LIMIT {int(limit)}" if limit else "")
        cur = self.conn.execute(sql)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]

    def get(self, run_id: int) -> dict | None:
        cur = self.conn.execute("SELECT * FROM runs WHERE id=?", (run_id,))
        row = cur.fetchone()
        return dict(zip([d[0] for d in cur.description], row)) if row else None
