"""The labelled briefing sets the benchmarks read: where they are, their planted faults, and which
claim a fault is in (one definition, so every table counts a fault the same way)."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETS = sorted(str(p) for p in (ROOT / "benchmarks" / "briefings").iterdir() if p.is_dir())


def faults_of(path: Path) -> list[dict]:
    """The planted faults of a briefing (its ``.expected.json`` ``flags``; none without one)."""
    exp = path.with_suffix(".expected.json")
    return json.loads(exp.read_text(encoding="utf-8"))["flags"] if exp.exists() else []


def matches(fault: dict, claim) -> bool:
    """Whether ``claim`` is the sentence the fault was planted in."""
    return fault["section"] == claim.section and fault["contains"] in claim.text


def source_text(briefing) -> str:
    """Headline and story: the text of the briefing's source sections."""
    return " ".join(briefing.text[s.start : s.end] for s in briefing.sections if s.role == "source")
