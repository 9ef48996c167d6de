"""eval: labelled source/summary pairs (the ``../shared/eval/dev.jsonl`` format), read and measured.

The measuring is the embedded engine's (``engines.evaluate``): the figures are its scorer's and
its rules'.
"""

from __future__ import annotations

import json
from pathlib import Path

from .errors import BadInput

LABELS = ("consistent", "inconsistent")


def load_records(path) -> list[dict]:
    """Read a JSON Lines file of {source, summary, label} records; BadInput on any problem."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BadInput(str(path), "no such file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise BadInput(str(path), f"cannot read: {type(e).__name__}") from None
    records = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            raise BadInput(str(path), f"line {n}: not valid JSON ({e.msg})") from None
        if not isinstance(rec, dict):
            raise BadInput(str(path), f"line {n}: expected a JSON object")
        for key in ("source", "summary", "label"):
            if not isinstance(rec.get(key), str):
                raise BadInput(str(path), f"line {n}: missing or non-string '{key}'")
        if rec["label"] not in LABELS:
            raise BadInput(str(path), f"line {n}: label must be consistent or inconsistent, not {rec['label']!r}")
        records.append(rec)
    if not records:
        raise BadInput(str(path), "no records")
    return records


def evaluate(records: list[dict], cv: int = 0, limit: int | None = None, nli_model: str | None = None) -> dict:
    """The embedded checker on ``records`` (with the user's NLI model when one is named)."""
    from .engines import evaluate as measure

    return measure(records, cv=cv, limit=limit, nli_model=nli_model)
