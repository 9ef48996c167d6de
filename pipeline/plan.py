"""What a batch run does with each file it found: a pure function of what was found, what the store
knows, and ``--force``. No I/O here: the caller reads the files and the store, and says where the
stored reports are (``Known.report``), so every decision is a row of a table test
(tests/test_plan.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .discover import Found

# check      parse and check it (new or edited content, an engine error to retry, or --force)
# reuse      checked before, its report is not in this run's folder: copy the stored report there
# skip       checked before and its report is in this run's folder, or the same bytes earlier in
#            this run (under another name): nothing to do
# fail       cannot be read at all (the reason is known before reading): a new failure
# still_bad  bad input seen before with the same bytes: not retried, but still reported as bad
Action = Literal["check", "reuse", "skip", "fail", "still_bad"]
Where = Literal["here", "elsewhere", None]  # where the stored report is: this run's folder, another, gone


@dataclass(frozen=True)
class Item:
    """A found file after reading: its key (SHA-256 of the bytes, or of path + reason when it could
    not be read), its size, and why it is unreadable (None when its bytes were read)."""

    found: Found
    key: str
    size: int | None = None
    unreadable: str | None = None
    data: bytes | None = field(default=None, repr=False, compare=False)  # None when over the size limit


@dataclass(frozen=True)
class Known:
    status: str  # 'done' | 'failed' | 'error'
    reason: str | None = None
    report: Where = None


@dataclass(frozen=True)
class Step:
    item: Item
    action: Action
    reason: str | None = None  # fail / still_bad: why
    first: str | None = None  # skip of a duplicate / check: rel of the first file with these bytes


def _decide(item: Item, known: Known | None, force: bool) -> tuple[Action, str | None]:
    if item.unreadable is not None:
        if not force and known is not None and known.status == "failed":
            return "still_bad", item.unreadable
        return "fail", item.unreadable
    if force or known is None or known.status == "error":
        return "check", None
    if known.status == "failed":
        return "still_bad", known.reason
    if known.report == "here":
        return "skip", None
    if known.report == "elsewhere":
        return "reuse", None
    return "check", None  # done, but its report is gone: check it again


def plan(items: list[Item], known: dict[str, Known], force: bool = False) -> list[Step]:
    """One Step per item, in the order given. The same bytes under a second name are looked at
    once: the copy is skipped, or still bad like the first (whether the first turns out bad when
    parsed is for the caller to tell: ``first`` names it)."""
    steps: list[Step] = []
    first: dict[str, Step] = {}
    for item in items:
        prev = first.get(item.key) if item.unreadable is None else None
        if prev is not None:
            if prev.action == "still_bad":
                steps.append(Step(item, "still_bad", prev.reason, prev.item.found.rel))
            else:
                steps.append(Step(item, "skip", None, prev.item.found.rel))
            continue
        action, reason = _decide(item, known.get(item.key), force)
        step = Step(item, action, reason)
        first.setdefault(item.key, step)
        steps.append(step)
    return steps
