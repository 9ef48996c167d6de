"""The schema as a small ordered list of migrations, applied once each at start."""

from __future__ import annotations

from typing import Callable

import sqlite_utils

MIGRATIONS: list[tuple[str, Callable[[sqlite_utils.Database], None]]] = []


def migration(fn: Callable[[sqlite_utils.Database], None]):
    MIGRATIONS.append((fn.__name__, fn))
    return fn


@migration
def m001_response_cache(db: sqlite_utils.Database) -> None:
    db["response_cache"].create(
        {"key": str, "model": str, "stage": str, "response": str, "prompt_tokens": int,
         "completion_tokens": int, "created": str},
        pk="key",
    )


@migration
def m002_batch_state(db: sqlite_utils.Database) -> None:
    """Batch runs (issue 5): files by content hash, run records, the review queue, the outbox."""
    for sql in _M002:
        db.execute(sql)


_M002 = [
    """CREATE TABLE files (
            sha256 TEXT PRIMARY KEY,      -- of the raw bytes; for unreadable paths, of path + reason
            path TEXT NOT NULL,           -- first path seen, relative to the inbox
            inbox TEXT,                   -- absolute inbox the path is relative to
            size INTEGER,
            status TEXT NOT NULL CHECK (status IN ('done', 'failed', 'error')),
            reason TEXT,                  -- why it failed (bad input) or errored (engine)
            report_json TEXT,
            report_md TEXT,
            claims INTEGER,
            flagged INTEGER,
            run_id INTEGER,
            updated TEXT NOT NULL
        )""",
    """CREATE TABLE runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            started TEXT NOT NULL,
            ended TEXT,
            status TEXT NOT NULL DEFAULT 'running',   -- running | done | interrupted | failed
            pid INTEGER,
            inbox TEXT,
            out TEXT,
            engine TEXT,
            workers INTEGER,
            force INTEGER NOT NULL DEFAULT 0,
            found INTEGER NOT NULL DEFAULT 0,
            processed INTEGER NOT NULL DEFAULT 0,
            skipped INTEGER NOT NULL DEFAULT 0,
            known_bad INTEGER NOT NULL DEFAULT 0,
            failed INTEGER NOT NULL DEFAULT 0,
            claims INTEGER NOT NULL DEFAULT 0,
            flagged INTEGER NOT NULL DEFAULT 0,
            flags_by_verdict TEXT NOT NULL DEFAULT '{}',
            llm_calls INTEGER NOT NULL DEFAULT 0,
            reasks INTEGER NOT NULL DEFAULT 0,
            cache_hits INTEGER NOT NULL DEFAULT 0,
            prompt_tokens INTEGER NOT NULL DEFAULT 0,
            completion_tokens INTEGER NOT NULL DEFAULT 0,
            cost_usd REAL NOT NULL DEFAULT 0,
            elapsed_s REAL
        )""",
    """CREATE TABLE review_queue (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            sha256 TEXT NOT NULL,
            claim_id TEXT NOT NULL,
            path TEXT,
            section TEXT,
            role TEXT,
            text TEXT NOT NULL,
            start INTEGER,
            "end" INTEGER,
            verdict TEXT NOT NULL,
            score REAL,
            rationale TEXT,
            evidence TEXT,                -- JSON {text, start, end} or null
            status TEXT NOT NULL DEFAULT 'open',
            note TEXT,
            decided TEXT,
            run_id INTEGER,
            created TEXT NOT NULL,
            UNIQUE (sha256, claim_id)
        )""",
    """CREATE INDEX review_queue_status ON review_queue (status)""",
    """CREATE TABLE outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            run_id INTEGER,
            sha256 TEXT,
            kind TEXT NOT NULL,           -- 'run' | 'briefing'
            path TEXT,                    -- the .eml file
            status TEXT NOT NULL DEFAULT 'pending',
            created TEXT NOT NULL,
            sent TEXT
        )""",
]


@migration
def m003_mail_outbox(db: sqlite_utils.Database) -> None:
    """Digest emails (issue 12). m002's outbox was never written, so it is rebuilt with what
    exactly-once sending needs: a unique Message-ID, recipients, attempts, the last error, and
    the pid that holds a message in 'sending' (a dead pid means a crash mid-send)."""
    db.execute("DROP TABLE IF EXISTS outbox")
    db.execute(
        """CREATE TABLE outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            message_id TEXT NOT NULL UNIQUE,  -- derived from run + content: a rebuilt email keeps it
            run_id INTEGER,
            sha256 TEXT,                  -- the briefing, for kind 'briefing'
            kind TEXT NOT NULL CHECK (kind IN ('run', 'briefing')),
            subject TEXT NOT NULL,
            sender TEXT NOT NULL,
            recipients TEXT NOT NULL,     -- JSON list of addresses
            path TEXT NOT NULL,           -- the .eml file: the exact bytes sent
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            pid INTEGER,                  -- the process holding it in 'sending'
            created TEXT NOT NULL,
            updated TEXT NOT NULL,
            sent TEXT
        )"""
    )
    db.execute("CREATE INDEX outbox_status ON outbox (status)")


@migration
def m004_review_history(db: sqlite_utils.Database) -> None:
    """Review history (issue 13): where each item's briefing lives, which rule flagged it, every
    decision ever taken, and the calibration a reviewer applied."""
    db.execute("ALTER TABLE review_queue ADD COLUMN inbox TEXT")          # absolute inbox of `path`
    db.execute("ALTER TABLE review_queue ADD COLUMN briefing_path TEXT")  # absolute path of the briefing
    db.execute("ALTER TABLE review_queue ADD COLUMN rule TEXT")           # the check that decided the flag
    db.execute("ALTER TABLE review_queue ADD COLUMN reviewer TEXT")       # who took the latest decision
    # Items queued before this knew only the relative path: their file row knows the inbox.
    db.execute("UPDATE review_queue SET inbox = (SELECT f.inbox FROM files f WHERE f.sha256 = review_queue.sha256)")
    db.execute("UPDATE review_queue SET briefing_path = rtrim(inbox, '/') || '/' || path WHERE inbox IS NOT NULL")
    db.execute("CREATE INDEX review_queue_run ON review_queue (run_id)")
    db.execute("CREATE INDEX review_queue_briefing ON review_queue (briefing_path)")
    db.execute(
        """CREATE TABLE review_decisions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            item_id INTEGER NOT NULL REFERENCES review_queue (id),
            from_status TEXT NOT NULL,
            to_status TEXT NOT NULL,
            reviewer TEXT,
            note TEXT,
            at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX review_decisions_item ON review_decisions (item_id)")
    # Decisions taken before history existed become its first entry, so no decision is lost.
    db.execute("INSERT INTO review_decisions (item_id, from_status, to_status, note, at)"
               " SELECT id, 'open', status, note, coalesce(decided, created) FROM review_queue"
               " WHERE status != 'open'")
    db.execute(
        """CREATE TABLE review_calibration (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            created TEXT NOT NULL,
            decisions INTEGER NOT NULL,   -- how many decisions it was proposed from
            policy TEXT NOT NULL,         -- JSON {thresholds: {role: score}, demoted: {role: [rule]}}
            active INTEGER NOT NULL DEFAULT 1
        )"""
    )


def migrate(db: sqlite_utils.Database) -> None:
    db["_migrations"].create({"name": str, "applied": str}, pk="name", if_not_exists=True)
    done = {r["name"] for r in db["_migrations"].rows}
    for name, fn in MIGRATIONS:
        if name in done:
            continue
        with db.conn:
            fn(db)
            db["_migrations"].insert({"name": name, "applied": _now()})


def _now() -> str:
    from datetime import datetime, timezone

    return datetime.now(timezone.utc).isoformat(timespec="seconds")
