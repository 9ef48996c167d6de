"""Review items as JSON Lines or CSV: every item once, with its latest decision and note."""

from __future__ import annotations

import csv
import json
from typing import Callable, TextIO

CSV_FIELDS = ("id", "status", "reviewer", "note", "decided", "verdict", "rule", "score", "role", "section",
              "text", "start", "end", "rationale", "evidence_text", "evidence_start", "evidence_end",
              "briefing_path", "inbox", "path", "sha256", "claim_id", "run_id", "created")


def write_jsonl(rows: list[dict], history: Callable[[int], list[dict]], out: TextIO) -> None:
    for r in rows:
        out.write(json.dumps({**r, "history": history(r["id"])}, ensure_ascii=False) + "\n")


def write_csv(rows: list[dict], out: TextIO) -> None:
    w = csv.DictWriter(out, fieldnames=CSV_FIELDS, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for r in rows:
        ev = r.get("evidence") or {}
        w.writerow({**r, "evidence_text": ev.get("text"), "evidence_start": ev.get("start"),
                    "evidence_end": ev.get("end")})
