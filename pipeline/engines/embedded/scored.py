"""The embedded engine's scored index of one briefing's source, kept with its evidence."""

from __future__ import annotations

from ...evidence import SourceEvidence
from .score import SourceIndex


class ScoredIndex:
    """A SourceIndex whose scores are memoised by claim text (check and digest ask twice)."""

    def __init__(self, evidence: SourceEvidence):
        self.index = SourceIndex(evidence.text, evidence.spans)
        self._memo: dict = {}

    def score_many(self, texts: list[str]):
        todo = [t for t in dict.fromkeys(texts) if t not in self._memo]
        if todo:
            self._memo.update(zip(todo, self.index.score_many(todo)))
        return [self._memo[t] for t in texts]

    def score(self, text: str):
        return self.score_many([text])[0]


def scored_index(evidence: SourceEvidence) -> ScoredIndex:
    return evidence.derived("embedded.scored_index", lambda: ScoredIndex(evidence))
