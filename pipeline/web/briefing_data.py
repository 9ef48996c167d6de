"""What the claim and briefing pages show of a briefing: its text, sections and matrix, read from
the file and its stored report, and the spans to highlight (from the stored offsets)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class BriefingView:
    sha256: str
    path: str | None
    headline: str = ""
    text: str | None = None  # None: the file is gone or changed since the run
    sections: list[dict] = field(default_factory=list)  # name, role, start, end
    matrix: dict | None = None  # sections, scores
    scores: list[dict] = field(default_factory=list)  # the report's section scores
    problem: str | None = None  # why the text cannot be shown


def load(store, sha: str, path: str | None) -> BriefingView:
    view = BriefingView(sha, path)
    row = store.files.get(sha)
    report = _report(row)
    if report:
        b = report.get("briefing", {})
        view.headline = b.get("headline", "")
        view.sections = b.get("sections", [])
        view.matrix = report.get("matrix")
        view.scores = report.get("sections", [])
    else:
        view.problem = "the report of this briefing is not on disk any more"
    full = path or (str(Path(row["inbox"]) / row["path"]) if row and row.get("inbox") else None)
    view.path = full
    try:
        data = Path(full).read_bytes() if full else None
    except OSError:
        data = None
    if data is None:
        view.problem = view.problem or f"the briefing file is not readable at {full}"
    elif hashlib.sha256(data).hexdigest() != sha:
        view.problem = f"{full} has changed since it was checked; offsets no longer apply"
    elif report:
        from ..parse import decode

        view.text = decode(data, full)
    return view


def _report(row: dict | None) -> dict | None:
    if not row or not row.get("report_json"):
        return None
    try:
        return json.loads(Path(row["report_json"]).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def split(text: str, lo: int, hi: int, start: int | None, end: int | None) -> list[tuple[str, bool]]:
    """text[lo:hi] as (piece, highlighted) parts, the span [start, end) clipped into it. Each part
    is escaped by the template, so a claim's markup is shown as text."""
    if start is None or end is None or end <= lo or start >= hi or end <= start:
        return [(text[lo:hi], False)]
    a, b = max(lo, start), min(hi, end)
    parts = [(text[lo:a], False), (text[a:b], True), (text[b:hi], False)]
    return [p for p in parts if p[0]]


def section_parts(view: BriefingView, name: str, start: int | None, end: int | None) -> list[tuple[str, bool]]:
    for s in view.sections:
        if s["name"] == name and view.text is not None:
            return split(view.text, s["start"], s["end"], start, end)
    return []


def story_parts(view: BriefingView, evidence: dict | None) -> list[dict]:
    """Each source section with the evidence highlighted where it lies."""
    if view.text is None:
        return []
    ev = evidence or {}
    return [{"name": s["name"], "parts": split(view.text, s["start"], s["end"], ev.get("start"), ev.get("end"))}
            for s in view.sections if s["role"] == "source"]
