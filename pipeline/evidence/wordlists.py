"""Word lists shipped as data files in pipeline/data/ (one entry a line, '#' starts a comment)."""

from __future__ import annotations

import functools
from importlib import resources


@functools.lru_cache(maxsize=None)
def _lines(name: str) -> tuple[str, ...]:
    text = resources.files("pipeline.data").joinpath(f"{name}.txt").read_text(encoding="utf-8")
    return tuple(ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#"))


def wordlist(name: str, ordered: bool = False):
    """The entries of pipeline/data/NAME.txt: a frozenset, or a tuple in file order."""
    return _lines(name) if ordered else frozenset(_lines(name))
