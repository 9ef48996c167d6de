"""The run summary printed at the end of `briefcheck run`, and the `briefcheck runs` table."""

from __future__ import annotations

import json

from .batch import RunResult
from .progress import fmt_duration
from .procs import pid_alive


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _not_rechecked(r: RunResult) -> str:
    """What was not checked again: e.g. '4 already checked, 3 reports reused, 1 still bad'."""
    parts = [f"{r.skipped} already checked"]
    if r.reused:
        parts.append(f"{_plural(r.reused, 'report')} reused from earlier runs")
    if r.still_bad:
        parts.append(f"{r.known_bad} still bad")
    return ", ".join(parts)


def nothing_new_line(r: RunResult) -> str:
    inbox = r.inbox.rstrip("/") + "/"
    if not r.found:
        return f"no briefings (*.txt, *.md) in {inbox}"
    line = f"nothing new in {inbox} ({_not_rechecked(r)})"
    if r.reused:
        line += f"; {r.out} has a report for each"
    return line


def flags_text(by_verdict: dict) -> str:
    if not by_verdict:
        return ""
    return " (" + ", ".join(f"{k} {v}" for k, v in sorted(by_verdict.items(), key=lambda kv: (-kv[1], kv[0]))) + ")"


def summary_text(r: RunResult) -> str:
    if r.nothing_new:
        return nothing_new_line(r)
    u = r.usage
    rate = f" · {r.processed / r.elapsed * 60:.0f} briefings/min" if r.processed and r.elapsed > 0 else ""
    lines = [
        f"briefcheck run #{r.run_id}: {r.inbox} -> {r.out}"
        + (" (interrupted)" if r.interrupted else ""),
        f"  found      {_plural(r.found, 'file')}",
        f"  processed  {r.processed}",
        f"  skipped    {_not_rechecked(r)}",
        # each failure has had its own line on stderr as it happened: counted here, not repeated
        f"  failed     {r.failed}" + (" (listed above)" if r.failures else ""),
    ]
    lines += [
        f"  claims     {r.claims}, flagged {r.flagged}{flags_text(r.flags_by_verdict)}",
        f"  engine     {r.engine} · {_plural(u.llm_calls, 'LLM call')} ({u.reasks} re-asks, {u.cache_hits} cached)"
        f" · {u.prompt_tokens:,}+{u.completion_tokens:,} tokens · ${u.cost_usd:.4f}",
        f"  elapsed    {r.elapsed:.1f} s{rate}",
        *([f"  policy     calibration from {_plural(r.calibration, 'decision')} applied"] if r.calibration else []),
        f"  reports    {r.out}",
    ]
    return "\n".join(lines)


def _status(row: dict) -> str:
    if row["status"] != "running":
        return row["status"]
    return "running" if pid_alive(row.get("pid")) else "interrupted"


def run_rows(db, limit: int | None = None) -> list[dict]:
    from .store import RunsRepo

    rows = RunsRepo(db.conn).latest(limit)
    for r in rows:
        r["status"] = _status(r)
        r["flags_by_verdict"] = json.loads(r.get("flags_by_verdict") or "{}")
        r["force"] = bool(r["force"])
    return rows


def _elapsed(s: float | None) -> str:
    if s is None:
        return "-"
    return f"{s:.1f}s" if s < 60 else fmt_duration(s)


def runs_table(rows: list[dict]) -> str:
    if not rows:
        return "no runs yet"
    head = ("run", "started (UTC)", "status", "elapsed", "found", "done", "skip", "bad", "failed", "flagged",
            "LLM calls", "tokens", "cost")
    body = []
    for r in rows:
        body.append((
            f"#{r['id']}", (r["started"] or "").replace("T", " ").replace("+00:00", ""), r["status"],
            _elapsed(r["elapsed_s"]),
            str(r["found"]), str(r["processed"]), str(r["skipped"]), str(r["known_bad"]), str(r["failed"]),
            str(r["flagged"]), str(r["llm_calls"]), f"{r['prompt_tokens'] + r['completion_tokens']:,}",
            f"${r['cost_usd']:.4f}",
        ))
    widths = [max(len(x) for x in col) for col in zip(head, *body)]
    left = {1, 2}
    fmt = lambda row: "  ".join(c.ljust(w) if i in left else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths)))  # noqa: E731
    return "\n".join([fmt(head)] + [fmt(b) for b in body])
