"""Which words a claim adds to its source tend to make it unsupported, learned from data.

``pipeline/data/novel_word_risk.json`` (built by ``training/word_risk.py`` from ../shared/train/'s
real sentence pairs, never from dev) maps a lemma to the shrunk log-odds that a claim is
unsupported when that lemma is in the claim but not in the source, above the base rate. An
abstractive summary adds words freely ("said", "deal", "also"); the ones that go with errors
are the invented specifics ("city", "championship", a first name). A word the table lacks counts 0.
"""

from __future__ import annotations

import functools
import json
from importlib import resources


@functools.lru_cache(maxsize=1)
def table() -> dict[str, float]:
    text = resources.files("pipeline.data").joinpath("novel_word_risk.json").read_text(encoding="utf-8")
    return json.loads(text)["risk"]


def risk(novel_lemmas: list[str], known: dict[str, float] | None = None) -> float:
    """The highest risk among the claim's words the source lacks (0 with none); ``known``: another
    table than the shipped one (training/word_risk.py cross-fits with it)."""
    known = table() if known is None else known
    return max((known.get(w, 0.0) for w in novel_lemmas), default=0.0)
