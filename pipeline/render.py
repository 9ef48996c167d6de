"""Reports for people (terminal text, Markdown) and machines (the JSON contract)."""

from __future__ import annotations

import json
import re

from .models import Report


def to_json(report: Report) -> dict:
    return report.model_dump(mode="json")


def to_json_line(report: Report) -> str:
    return json.dumps(to_json(report), ensure_ascii=False)


def usage_line(report: Report) -> str:
    """LLM calls, tokens and cost, or "" when the engine made no call at all."""
    u = report.usage
    if not (u.llm_calls or u.cache_hits):
        return ""
    return (f"{u.llm_calls} LLM calls ({u.reasks} re-asks, {u.cache_hits} cached), "
            f"{u.prompt_tokens}+{u.completion_tokens} tokens, ${u.cost_usd:.4f}")


def evidence_label(verdict: str) -> str:
    """What the quote is: for an off-topic claim there is no source for it, so the quote is only the
    story's sentence nearest to it, and is called that."""
    return "nearest story sentence (not a source for it)" if verdict == "off_topic" else "source"


# What the bracketed figure before each section is; README "The JSON report" says the same.
NO_BULLETS = "no claim of the briefing is confirmed closely enough to repeat as fact"
SCORE_NOTE = ("[score] before a section: the mean of its claims' scores, how much of each claim the story "
              "states (0 to 1, 1 = all of it). A low score alone flags nothing; the ✗ lines are the flags.")


def _fmt_score(x: float | None) -> str:
    return "  -  " if x is None else f"{x:.2f}"


def decided_by(claim, engine: str) -> str:
    """Which rule (or what else) decided a claim's verdict, for `check --explain`."""
    if claim.rule:
        return f"rule {claim.rule}"
    if claim.verdict == "error":
        return "nothing: the claim could not be checked"
    return f"the {engine} engine's own verdict (no rule table)" if claim.verdict != "supported" else "no rule fired"


def to_text(report: Report, explain: bool = False) -> str:
    """The terminal report; ``explain`` adds which rule decided each flag."""
    b = report.briefing
    out = [f"{b.path}", f"  {b.headline}", f"  engine: {report.engine} · {len(report.claims)} claims · "
           f"{len(report.flagged)} flagged · {report.seconds:.2f}s"]
    if report.limits:
        out.append(f"  {report.limits}")
    if b.encoding != "utf-8":
        out.append(f"  read as {b.encoding} (not UTF-8)")
    out += ["", SCORE_NOTE]
    for s in report.sections:
        if s.role == "source":
            continue
        out.append(f"[{_fmt_score(s.score)}] {s.name} ({s.role}): {s.claims} claims, {s.flagged} flagged")
        for c in report.claims:
            if c.section != s.name or not c.flagged:
                continue
            out.append(f"    ✗ {c.verdict.upper()} ({c.score:.2f}) {c.text}")
            out.append(f"        why: {c.rationale}")
            if explain:
                out.append(f"        decided by: {decided_by(c, report.engine)}")
            if c.evidence:
                out.append(f"        {evidence_label(c.verdict)}: “{c.evidence.text}”")
    d = report.digest
    out += ["", f"Digest: {d.headline}"]
    out += [f"  • {x}" for x in d.bullets] or [f"  ({NO_BULLETS})"]
    if d.from_story:
        out += ["  From the story:"] + [f"  “{x}”" for x in d.from_story]
    if d.note:
        out.append(f"  ({d.note})")
    if usage_line(report):
        out.append(f"  usage: {usage_line(report)}")
    return "\n".join(out)


def _md_escape(s: str) -> str:
    return re.sub(r"([\\`*_\[\]<>|])", r"\\\1", s.replace("\r", "").replace("\n", " "))


def to_markdown(report: Report) -> str:
    """The Markdown report a run writes beside each JSON report."""
    b, d = report.briefing, report.digest
    flagged = report.flagged
    out = [
        f"# {_md_escape(b.headline)}",
        "",
        f"- File: `{b.path}`",
        f"- SHA-256: `{b.sha256}`",
    ]
    if b.timestamp:
        out.append(f"- Timestamp: {_md_escape(b.timestamp)}")
    if b.encoding != "utf-8":
        out.append(f"- Read as {b.encoding} (not UTF-8)")
    out += [
        f"- Engine: {report.engine} · {len(report.claims)} claims · {len(flagged)} flagged",
        *([f"- Limits: {report.limits}"] if report.limits else []),
        "",
        "## Digest",
        "",
    ]
    out += [f"- {_md_escape(x)}" for x in d.bullets] or [f"_{NO_BULLETS[0].upper()}{NO_BULLETS[1:]}._"]
    if d.from_story:
        out += ["", "From the story:", ""] + [f"> {_md_escape(x)}" for x in d.from_story]
    if d.note:
        out += ["", f"_{_md_escape(d.note)}_"]
    out += ["", "## Flagged claims", ""]
    if not flagged:
        out.append("None.")
    for s in report.sections:
        mine = [c for c in flagged if c.section == s.name]
        if not mine:
            continue
        out += [f"### {_md_escape(s.name)} ({s.role})", ""]
        for c in mine:
            out.append(f"- **{c.verdict.upper()}** ({c.score:.2f}) {_md_escape(c.text)}  ")
            out.append(f"  why: {_md_escape(c.rationale)}" + ("  " if c.evidence else ""))
            if c.evidence:
                out.append(f"  {evidence_label(c.verdict)}: “{_md_escape(c.evidence.text)}”")
        out.append("")
    if out[-1] != "":
        out.append("")
    out += ["## Sections", "", "| Section | Role | Score | Claims | Flagged |", "|---|---|---:|---:|---:|"]
    for s in report.sections:
        score = "–" if s.score is None else f"{s.score:.2f}"
        out.append(f"| {_md_escape(s.name)} | {s.role} | {score} | {s.claims} | {s.flagged} |")
    out += ["", "Score: the mean of the section's claim scores, how much of each claim the story states "
            "(0 to 1, 1 = all of it); a low score alone flags nothing."]
    if usage_line(report):
        out += ["", f"Usage: {usage_line(report)}"]
    return "\n".join(out) + "\n"
