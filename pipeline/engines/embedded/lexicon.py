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


@functools.lru_cache(maxsize=4096)
def opposites(lemma: str) -> frozenset[str]:
    """Lemmas opposed to ``lemma`` (empty when WordNet gives none)."""
    found = _load()["opposites"].get(lemma)
    return frozenset(found) if found else _EMPTY


def table() -> dict[str, set[str]]:
    """A mutable copy of the whole table: lemma -> opposite lemmas."""
    return {k: set(v) for k, v in _load()["opposites"].items()}


def surface(lemma: str) -> str:
    """A readable word for ``lemma`` (for rationales and synthetic pairs); the lemma itself if none."""
    return _load().get("surface", {}).get(lemma, lemma)


def provenance() -> dict:
    return dict(_load()["provenance"])
