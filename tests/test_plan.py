"""pipeline.plan: what a batch run does with each file, as a table (no files, no store)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.discover import Found
from pipeline.plan import Item, Known, plan


def item(rel: str, key: str | None = None, unreadable: str | None = None) -> Item:
    return Item(Found(Path(rel), rel), key or f"sha-{rel}", 10, unreadable)


DONE_HERE, DONE_ELSEWHERE, DONE_GONE = Known("done", None, "here"), Known("done", None, "elsewhere"), Known("done")
BAD, ERROR = Known("failed", "empty file"), Known("error", "endpoint down")

# (known row for the item's key, force) -> (action, reason)
CASES = [
    (None, False, "check", None),
    (DONE_HERE, False, "skip", None),
    (DONE_ELSEWHERE, False, "reuse", None),
    (DONE_GONE, False, "check", None),  # its report was deleted: check again
    (BAD, False, "still_bad", "empty file"),
    (ERROR, False, "check", None),  # engine errors are retried
    (DONE_HERE, True, "check", None),
    (DONE_ELSEWHERE, True, "check", None),
    (BAD, True, "check", None),
]


@pytest.mark.parametrize("known,force,action,reason", CASES)
def test_one_file(known, force, action, reason):
    known_map = {"sha-a.txt": known} if known else {}
    [step] = plan([item("a.txt")], known_map, force)
    assert (step.action, step.reason) == (action, reason)


@pytest.mark.parametrize("known,force,action", [
    (None, False, "fail"),
    (Known("failed", "permission denied"), False, "still_bad"),
    (Known("failed", "permission denied"), True, "fail"),
])
def test_an_unreadable_path(known, force, action):
    it = item("x.txt", "k", unreadable="permission denied")
    [step] = plan([it], {"k": known} if known else {}, force)
    assert (step.action, step.reason) == (action, "permission denied")


@pytest.mark.parametrize("known,second", [
    (None, "skip"), (DONE_HERE, "skip"), (DONE_ELSEWHERE, "skip"), (BAD, "still_bad"),
])
def test_the_same_bytes_twice_are_looked_at_once(known, second):
    items = [item("a.txt", "same"), item("b.txt", "same")]
    first, copy = plan(items, {"same": known} if known else {})
    assert copy.action == second and copy.first == "a.txt"


def test_order_is_kept_and_nothing_is_dropped():
    items = [item(f"{i}.txt") for i in range(5)]
    steps = plan(items, {"sha-1.txt": DONE_HERE, "sha-3.txt": BAD})
    assert [s.item for s in steps] == items
    assert [s.action for s in steps] == ["check", "skip", "check", "still_bad", "check"]
