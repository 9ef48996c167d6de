"""The one SQLite database under BRIEFCHECK_HOME (WAL, so readers never block the writer)."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from .home import db_path
from .migrations import migrate


def open_db(path: str | Path | None = None) -> sqlite_utils.Database:
    import sqlite3

    conn = sqlite3.connect(str(path or db_path()), timeout=30, check_same_thread=False)
    db = sqlite_utils.Database(conn)
    db.enable_wal()
    conn.execute("PRAGMA busy_timeout = 30000")
    migrate(db)
    return db
