"""Opposites and outcome reversals derived from WordNet 3.0 (``pipeline/data/opposites.json``,
built by ``training/build_lexicon.py``; WordNet licence and provenance inside the file).

Keys and values are lemmas as ``lexical.lemma`` writes them, so ``opposites(lemma("won"))``
holds ``lemma("lost")``. ``table()`` gives a fresh ``dict[str, set[str]]`` for code that keeps
its own mutable table (``cues._OPPOSITE``).
"""

from __future__ import annotations

import functools
import json
from importlib import resources

_EMPTY: frozenset[str] = frozenset()


@functools.lru_cache(maxsize=1)
def _load() -> dict:
    text = resources.files("pipeline.data").joinpath("opposites.json").read_text(encoding="utf-8")
    return json.loads(text)


def _lines(name: str) -> dict[str, str]:
    """key -> the rest of its line, for one of the file's line blocks."""
    return dict(line.split(" ", 1) for line in _load()[name].split("\n") if " " in line)


@functools.lru_cache(maxsize=1)
def _opposites() -> dict[str, str]:
    return _lines("opposites")


@functools.lru_cache(maxsize=1)
def _surface() -> dict[str, str]:
    return _lines("surface")


@functools.lru_cache(maxsize=4096)
def opposites(lemma: str) -> frozenset[str]:
    """Lemmas opposed to ``lemma`` (empty when WordNet gives none)."""
    found = _opposites().get(lemma)
    return frozenset(found.split()) if found else _EMPTY


def table() -> dict[str, set[str]]:
    """A mutable copy of the whole table: lemma -> opposite lemmas."""
    return {k: set(v.split()) for k, v in _opposites().items()}


def surface(lemma: str) -> str:
    """A readable word for ``lemma`` (for rationales and synthetic pairs); the lemma itself if none."""
    return _surface().get(lemma, lemma)


def provenance() -> dict:
    return dict(_load()["provenance"])
