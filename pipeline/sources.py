"""The source side of a briefing as one scored index, built once per briefing.

Every engine's verdicts are cross-checked with it (specifics, evidence), and the
matrix and digest verification use it, so it is shared and memoised here.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict

from .engines.embedded.lexical import REGION_WORDS
from .models import Briefing
from .textspan import Span, sentences

_CACHE: OrderedDict[tuple[str, str], "ScoredIndex"] = OrderedDict()
_CACHE_SIZE = 8
_LOCK = threading.Lock()


def source_spans(briefing: Briefing) -> list[Span]:
    """The headline and every sentence of the source sections, offsets into briefing.text."""
    spans: list[Span] = []
    for s in briefing.by_role("source"):
        if s.name == "Headline":
            spans.append(Span(briefing.body(s), s.start, s.end))
        else:
            spans.extend(sentences(briefing.text, s.start, s.end))
    return spans


class ScoredIndex:
    """A SourceIndex whose scores are memoised by claim text."""

    def __init__(self, briefing: Briefing):
        from .engines.embedded.score import SourceIndex

        self.index = SourceIndex(briefing.text, source_spans(briefing))
        self._memo: dict = {}

    def score_many(self, texts: list[str]):
        todo = [t for t in dict.fromkeys(texts) if t not in self._memo]
        if todo:
            self._memo.update(zip(todo, self.index.score_many(todo)))
        return [self._memo[t] for t in texts]

    def score(self, text: str):
        return self.score_many([text])[0]


def source_index(briefing: Briefing) -> ScoredIndex:
    key = (briefing.path, briefing.sha256)
    with _LOCK:  # batch workers share the memo
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    idx = ScoredIndex(briefing)
    with _LOCK:
        _CACHE[key] = idx
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return idx


# Broad regions and compass words (lexical.REGION_WORDS) name no checkable fact ("East Asia",
# "the West"): an analysis section may use them freely. Specific places and people still count,
# and so does a compass word that makes a new name out of a known one ("North Korea").


def _general(name: str, claim: str) -> bool:
    if name not in REGION_WORDS:
        return False
    m = re.search(rf"\b{re.escape(name)}\s+([A-Z][\w-]+)", claim, re.IGNORECASE)
    return not (m and m.group(1)[0].isupper() and m.group(1).lower() not in REGION_WORDS)


_ROUND_WORDS = re.compile(r"\b(?:a|hundreds|thousands|dozens)\s+(?:of\s+)?(?:hundred|dozen|thousand)\b|"
                          r"\b(?:hundreds|thousands|dozens)\b", re.I)


def _vague_number(n: str, claim: str) -> bool:
    """A small number spelled out ("a season or two", "one of the") or a round word amount ("well
    over a hundred thousand", "dozens") is rarely a checkable figure; written in digits it is."""
    if re.search(rf"(?<![\d.,]){re.escape(n)}(?![\d.,]\d)", claim):
        return False
    return (len(n) == 1 and n.isdigit()) or (n in ("100", "12", "1000") and bool(_ROUND_WORDS.search(claim)))


def novel_names(scored, claim: str) -> list[str]:
    return [n for n in scored.novel_names if not _general(n, claim)]


def novel_figures(scored, claim: str) -> list[str]:
    """Numbers and dates in a claim that the source never mentions."""
    return [n for n in scored.novel_numbers if not _vague_number(n, claim)]


def specifics(scored, claim: str) -> list[str]:
    """Numbers, dates and names in a claim that the source never mentions."""
    return novel_figures(scored, claim) + novel_names(scored, claim)


def has_specifics(scored, claim: str) -> bool:
    return bool(specifics(scored, claim))
