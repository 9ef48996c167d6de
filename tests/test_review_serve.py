"""`briefcheck review serve` as a user starts it: loopback by default, a token off loopback."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time

import httpx
from review_helpers import cli

from pipeline.store.migrations import migrate


def test_off_loopback_needs_a_token(monkeypatch):
    monkeypatch.delenv("BRIEFCHECK_REVIEW_TOKEN", raising=False)
    r = cli("review", "serve", "--host", "0.0.0.0", "--port", "0")
    assert r.exit_code == 2 and "needs BRIEFCHECK_REVIEW_TOKEN" in r.stderr


def test_busy_port_is_one_line():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(1)
        r = cli("review", "serve", "--port", s.getsockname()[1])
    assert r.exit_code == 1 and r.stderr.count("\n") == 1 and "cannot listen on 127.0.0.1" in r.stderr


def test_serve_answers_on_loopback(tmp_path):
    with socket.socket() as s:  # a free port (tiny race: nothing else here binds ports)
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "BRIEFCHECK_REVIEWER": "sam"}
    env.pop("BRIEFCHECK_REVIEW_TOKEN", None)
    p = subprocess.Popen([sys.executable, "-m", "pipeline", "review", "serve", "--port", str(port)], env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline, r = time.monotonic() + 30, None
        while time.monotonic() < deadline:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        assert r is not None and r.status_code == 200
        assert "Reviewing as" in r.text and 'value="sam"' in r.text  # BRIEFCHECK_REVIEWER
        assert "the queue is clear" in r.text
    finally:
        p.terminate()
        _, err = p.communicate(timeout=10)
    assert f"review page at http://127.0.0.1:{port}/" in err


def test_history_migration_keeps_earlier_decisions(tmp_path):
    """A store from before m004: its decided items become the first entry of their history."""
    import sqlite_utils

    from pipeline.store import migrations

    db = sqlite_utils.Database(sqlite3.connect(tmp_path / "old.db"))
    db["_migrations"].create({"name": str, "applied": str}, pk="name")
    for name, fn in migrations.MIGRATIONS:
        if name == "m004_review_history":
            break
        fn(db)
        db["_migrations"].insert({"name": name, "applied": "x"})
    db.execute("INSERT INTO files (sha256, path, inbox, status, updated) VALUES ('s', 'a.txt', '/in', 'done', 'x')")
    db.execute("INSERT INTO review_queue (sha256, claim_id, path, text, verdict, status, note, decided, created)"
               " VALUES ('s', 'c1', 'a.txt', 't', 'unsupported', 'dismissed', 'fine', 'then', 'x')")
    db.conn.commit()
    migrate(db)
    row = db.execute("SELECT briefing_path FROM review_queue").fetchone()
    assert row[0] == "/in/a.txt"
    hist = db.execute("SELECT from_status, to_status, note, at FROM review_decisions").fetchall()
    assert hist == [("open", "dismissed", "fine", "then")]
