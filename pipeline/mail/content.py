"""What a digest email says, read back from the store: one item per briefing a run checked (from
its JSON report) and one line per file it could not check. No rendering here."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone

# How a held-back claim's verdict reads in the email.
VERDICT_WORDS = {"contradicted": "contradicted", "unsupported": "unsupported", "off_topic": "off topic",
                 "error": "could not be checked", "supported": "supported but flagged"}


@dataclass
class Item:
    """One briefing: its digest and what was held back."""

    path: str
    sha256: str
    headline: str
    bullets: list[str]
    held_back: int
    why: list[tuple[str, int]]  # (verdict words, count), most first
    note: str = ""
    from_story: list[str] = field(default_factory=list)  # the story's sentences completing the digest

    @property
    def why_line(self) -> str:
        """'3 claims held back for review: 2 unsupported, 1 off topic' (or '' when none)."""
        if not self.held_back:
            return ""
        s = "claim" if self.held_back == 1 else "claims"
        reasons = ", ".join(f"{n} {w}" for w, n in self.why)
        return f"{self.held_back} {s} held back for review" + (f": {reasons}" if reasons else "")


@dataclass
class Failed:
    path: str
    reason: str


@dataclass
class RunDigest:
    run_id: int
    started: datetime
    items: list[Item] = field(default_factory=list)
    failures: list[Failed] = field(default_factory=list)

    @property
    def flags(self) -> int:
        return sum(i.held_back for i in self.items)


def _item(row: dict, report: dict) -> Item:
    d = report.get("digest") or {}
    flagged = [c for c in report.get("claims", []) if c.get("flagged")]
    why = Counter(VERDICT_WORDS.get(c.get("verdict"), str(c.get("verdict"))) for c in flagged)
    held = int(d.get("held_back", len(flagged)))
    note = str(d.get("note") or "")
    # the digest's own note starts with the held-back count, which why_line already says
    note = note.split("held back for review.", 1)[-1].strip() if "held back for review." in note else note
    return Item(path=row["path"], sha256=row["sha256"], headline=str(d.get("headline") or row["path"]),
                bullets=[str(b) for b in d.get("bullets", [])], held_back=held,
                why=sorted(why.items(), key=lambda kv: (-kv[1], kv[0])), note=note,
                from_story=[str(x) for x in d.get("from_story", [])])


def _read_report(path: str | None) -> dict | None:
    if not path:
        return None
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def _started(run: dict | None) -> datetime:
    try:
        dt = datetime.fromisoformat(run["started"])
    except (TypeError, KeyError, ValueError):
        return datetime.now(timezone.utc)
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def run_digest(store, run_id: int) -> RunDigest:
    """The digest of one run: its checked briefings and its failures, in path order."""
    out = RunDigest(run_id=run_id, started=_started(store.runs.get(run_id)))
    for row in store.outbox.run_files(run_id):
        if row["status"] != "done":
            out.failures.append(Failed(row["path"], row["reason"] or row["status"]))
            continue
        report = _read_report(row["report_json"])
        if report is None:
            out.failures.append(Failed(row["path"], f"report missing or unreadable: {row['report_json']}"))
            continue
        out.items.append(_item(row, report))
    return out
