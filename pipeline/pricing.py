"""Cost of LLM calls from a price table the user can extend.

Prices are USD per million tokens, ``{"model": {"input": x, "output": y}}``. The built-in table
holds a few OpenAI list prices (check them against the provider before relying on a figure); a
JSON file of the same shape at ``$BRIEFCHECK_HOME/prices.json``, or at the path in
``BRIEFCHECK_PRICES``, adds to and overrides it. A dated model name (``gpt-4o-mini-2024-07-18``)
takes the price of its longest listed prefix. Unknown and local models cost 0.
"""

from __future__ import annotations

import json
import logging
import os
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

BUILTIN: dict[str, dict[str, float]] = {
    "gpt-4o-mini": {"input": 0.15, "output": 0.60},
    "gpt-4o": {"input": 2.50, "output": 10.00},
    "gpt-4.1-nano": {"input": 0.10, "output": 0.40},
    "gpt-4.1-mini": {"input": 0.40, "output": 1.60},
    "gpt-4.1": {"input": 2.00, "output": 8.00},
    "gpt-5-nano": {"input": 0.05, "output": 0.40},
    "gpt-5-mini": {"input": 0.25, "output": 2.00},
    "gpt-5": {"input": 1.25, "output": 10.00},
    "o4-mini": {"input": 1.10, "output": 4.40},
}


def _user_files() -> list[Path]:
    from . import settings

    files = [settings.home_dir() / "prices.json"]
    extra = settings.load().prices
    if extra:
        files.append(Path(extra).expanduser())
    return files


def _read(path: Path) -> dict[str, dict[str, float]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {str(k): {"input": float(v["input"]), "output": float(v["output"])} for k, v in data.items()}
    except FileNotFoundError:
        return {}
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        log.warning("ignoring price file %s: %s", path, e)
        return {}


@lru_cache(maxsize=8)
def _table(files: tuple[tuple[str, float], ...]) -> dict[str, dict[str, float]]:
    table = dict(BUILTIN)
    for path, _mtime in files:
        table.update(_read(Path(path)))
    return table


def _mtime(p: Path) -> float:
    try:
        return p.stat().st_mtime
    except OSError:
        return -1.0


def prices() -> dict[str, dict[str, float]]:
    """The built-in table updated by the user's price files (re-read when they change)."""
    return _table(tuple((str(p), _mtime(p)) for p in _user_files()))


def price_for(model: str | None) -> dict[str, float] | None:
    if not model:
        return None
    table = prices()
    if model in table:
        return table[model]
    best = max((k for k in table if model.startswith(k)), key=len, default=None)
    return table[best] if best else None


def cost_usd(model: str | None, prompt_tokens: int, completion_tokens: int) -> float:
    p = price_for(model)
    if p is None:
        return 0.0
    return (prompt_tokens * p["input"] + completion_tokens * p["output"]) / 1_000_000
