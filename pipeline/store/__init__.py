"""The store: one SQLite database under BRIEFCHECK_HOME, and the repositories that own all its SQL.

A second backend (PostgreSQL, say) implements the same repository classes over its own connection
and the same ``Store`` shape; nothing above this package writes SQL.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from .cache import ResponseCache
from .calibration import CalibrationRepo
from .db import db_path, open_db, write_tx
from .decisions import DecisionsRepo
from .files import FilesRepo
from .outbox import OutboxRepo
from .queue import QueueRepo
from .runs import RunsRepo


class Store:
    """The repositories over one connection; ``transaction()`` makes their writes atomic together."""

    def __init__(self, db):
        self.db = db
        self.conn = db.conn
        self.files = FilesRepo(self.conn)
        self.runs = RunsRepo(self.conn)
        self.queue = QueueRepo(self.conn)
        self.outbox = OutboxRepo(self.conn)
        self.calibration = CalibrationRepo(self.conn)

    def transaction(self):
        return write_tx(self.conn)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.conn.close()


def open_store(path: str | Path | None = None) -> Store:
    return Store(open_db(path))


__all__ = ["Store", "open_store", "open_db", "db_path", "ResponseCache", "FilesRepo", "RunsRepo",
           "QueueRepo", "OutboxRepo", "CalibrationRepo", "DecisionsRepo"]
