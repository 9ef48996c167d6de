"""Repository of processed files, keyed by the SHA-256 of their bytes (or path + reason when a
path cannot be read at all)."""

from __future__ import annotations

import sqlite3

from .db import now


class FilesRepo:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def known(self) -> dict[str, dict]:
        """sha256 -> {status, reason, report_json, report_md} for every file seen before."""
        rows = self.conn.execute("SELECT sha256, status, reason, report_json, report_md FROM files")
        return {r[0]: {"status": r[1], "reason": r[2], "report_json": r[3], "report_md": r[4]} for r in rows}

    def upsert(self, sha: str, rel: str, inbox: str, size: int | None, status: str, run_id: int, *,
               reason: str | None = None, report_json: str | None = None, report_md: str | None = None,
               claims: int | None = None, flagged: int | None = None) -> None:
        self.conn.execute(
            "INSERT INTO files (sha256, path, inbox, size, status, reason, report_json, report_md, claims, flagged,"
            " run_id, updated) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"
            " ON CONFLICT(sha256) DO UPDATE SET status=excluded.status, reason=excluded.reason,"
            " report_json=excluded.report_json, report_md=excluded.report_md, claims=excluded.claims,"
            " flagged=excluded.flagged, run_id=excluded.run_id, updated=excluded.updated",
            (sha, rel, inbox, size, status, reason, report_json, report_md, claims, flagged, run_id, now()),
        )

    def get(self, sha: str) -> dict | None:
        """The row of one file by content hash (the review page reads its report from here)."""
        cur = self.conn.execute("SELECT * FROM files WHERE sha256 = ?", (sha,))
        row = cur.fetchone()
        return dict(zip([d[0] for d in cur.description], row)) if row else None
