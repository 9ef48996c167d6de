"""The SQLite connection: WAL (the review page reads while a batch writes), a busy timeout, the
schema migrated on open, and one helper for an immediate write transaction."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import sqlite_utils

from .migrations import migrate


def db_path() -> Path:
    from ..settings import home_dir

    return home_dir() / "briefcheck.db"


def open_db(path: str | Path | None = None) -> sqlite_utils.Database:
    conn = sqlite3.connect(str(path or db_path()), timeout=30, check_same_thread=False)
    db = sqlite_utils.Database(conn)
    db.enable_wal()
    conn.execute("PRAGMA busy_timeout = 30000")
    migrate(db)
    return db


@contextlib.contextmanager
def write_tx(conn: sqlite3.Connection):
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception. A transaction someone left open
    is committed first, so our rows are never folded into it."""
    if conn.in_transaction:
        conn.commit()
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.rollback()
        raise
    conn.commit()


def now() -> str:
    from datetime import datetime, timezone

    return datetime.now(timezone.utc).isoformat(timespec="seconds")
