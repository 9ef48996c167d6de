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
