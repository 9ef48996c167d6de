"""Reports for people (text) and machines (the JSON contract)."""

from __future__ import annotations

import json

from .models import Report


def to_json(report: Report) -> dict:
    return report.model_dump(mode="json")


def to_json_line(report: Report) -> str:
    return json.dumps(to_json(report), ensure_ascii=False)


def _fmt_score(x: float | None) -> str:
    return "  -  " if x is None else f"{x:.2f}"


def to_text(report: Report) -> str:
    b = report.briefing
    out = [f"{b.path}", f"  {b.headline}", f"  engine: {report.engine} · {len(report.claims)} claims · "
           f"{len(report.flagged)} flagged · {report.seconds:.2f}s", ""]
    for s in report.sections:
        if s.role == "source":
            continue
        out.append(f"[{_fmt_score(s.score)}] {s.name} ({s.role}): {s.claims} claims, {s.flagged} flagged")
        for c in report.claims:
            if c.section != s.name or not c.flagged:
                continue
            out.append(f"    ✗ {c.verdict.upper()} ({c.score:.2f}) {c.text}")
            out.append(f"        why: {c.rationale}")
            if c.evidence:
                out.append(f"        source: “{c.evidence.text}”")
    d = report.digest
    out += ["", f"Digest: {d.headline}"]
    out += [f"  • {x}" for x in d.bullets] or ["  (no claim held up well enough for a digest)"]
    if d.note:
        out.append(f"  ({d.note})")
    u = report.usage
    if u.llm_calls or u.cache_hits:
        out.append(f"  usage: {u.llm_calls} LLM calls ({u.reasks} re-asks, {u.cache_hits} cached), "
                   f"{u.prompt_tokens}+{u.completion_tokens} tokens, ${u.cost_usd:.4f}")
    return "\n".join(out)
