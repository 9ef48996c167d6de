"""The schema is built by an ordered list of migrations: from zero, and from every earlier version,
it ends the same, and applying it twice changes nothing."""

from __future__ import annotations

import sqlite3

import pytest
import sqlite_utils

from pipeline.store import migrations, open_db


def _schema(db: sqlite_utils.Database) -> list[tuple]:
    rows = db.conn.execute("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name")
    return [(t, n, " ".join((s or "").split())) for t, n, s in rows]


def _apply_first(db: sqlite_utils.Database, k: int) -> None:
    """The database as a release with only the first k migrations left it."""
    db["_migrations"].create({"name": str, "applied": str}, pk="name", if_not_exists=True)
    for name, fn in migrations.MIGRATIONS[:k]:
        with db.conn:
            fn(db)
            db["_migrations"].insert({"name": name, "applied": "then"})


def test_migrations_have_unique_ordered_names():
    names = [n for n, _ in migrations.MIGRATIONS]
    assert len(names) == len(set(names))
    assert names == sorted(names), "migrations run in list order; their m00N names must say so"


@pytest.mark.parametrize("k", range(len(migrations.MIGRATIONS)))
def test_from_each_earlier_version_the_schema_ends_as_from_zero(tmp_path, k):
    fresh = open_db(tmp_path / "fresh.db")
    old = sqlite_utils.Database(sqlite3.connect(tmp_path / "old.db"))
    _apply_first(old, k)
    old.conn.close()
    upgraded = open_db(tmp_path / "old.db")
    assert _schema(upgraded) == _schema(fresh)
    applied = [r["name"] for r in upgraded["_migrations"].rows]
    assert applied == [n for n, _ in migrations.MIGRATIONS]


def test_migrating_twice_changes_nothing(tmp_path):
    db = open_db(tmp_path / "x.db")
    before = _schema(db)
    migrations.migrate(db)
    assert _schema(db) == before
    assert db["_migrations"].count == len(migrations.MIGRATIONS)


def test_a_fresh_database_has_the_tables_the_store_uses(tmp_path):
    tables = set(open_db(tmp_path / "x.db").table_names())
    assert {"files", "runs", "review_queue", "outbox", "response_cache"} <= tables
