"""The persistent LLM response cache: table ``response_cache`` of the one SQLite database.

Key = sha256 of (model, prompt-file hash, response JSON schema, input messages), so a changed
prompt, schema or briefing misses and a re-run over the same briefing makes no request. Only
replies that passed validation are stored; a failed stage is asked again next time.
"""

from __future__ import annotations

import hashlib
import json
import threading
from datetime import datetime, timezone


def cache_key(model: str, prompt_sha256: str, schema: dict, messages: list[tuple[str, str]]) -> str:
    payload = json.dumps(
        {"model": model, "prompt": prompt_sha256, "schema": schema, "messages": messages},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class ResponseCache:
    def __init__(self, db=None):
        if db is None:
            from .db import open_db

            db = open_db()
        self.db = db
        self._lock = threading.Lock()

    def get(self, key: str) -> str | None:
        with self._lock:
            row = self.db.execute("SELECT response FROM response_cache WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def put(self, key: str, *, model: str, stage: str, response: str, prompt_tokens: int = 0,
            completion_tokens: int = 0) -> None:
        row = {"key": key, "model": model, "stage": stage, "response": response, "prompt_tokens": prompt_tokens,
               "completion_tokens": completion_tokens,
               "created": datetime.now(timezone.utc).isoformat(timespec="seconds")}
        with self._lock, self.db.conn:
            self.db["response_cache"].insert(row, pk="key", replace=True)

    def __len__(self) -> int:
        with self._lock:
            return self.db.execute("SELECT count(*) FROM response_cache").fetchone()[0]

    def close(self) -> None:
        with self._lock:
            self.db.conn.close()
