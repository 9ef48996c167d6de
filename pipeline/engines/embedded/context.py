"""What the rules read about one claim: its score against the source, its best evidence, the
parts of it that line up with source sentences, and (with a user's NLI model) its entailment."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cached_property

from ...evidence.lexical import analyse, normalise_number
from ...models import Claim
from . import figures, nli

# How close a claim must be to its evidence before a flip there counts as a contradiction.
ALIGNED_OVERLAP = 0.5
# A claim splits into clauses at punctuation and at the conjunctions that join two statements.
_CLAUSE_SPLIT = re.compile(r"[,;:]\s+|\s+(?:because|while|whereas|although|though|but|as|since)\s+", re.I)
CLAUSE_MIN_WORDS = 3  # content words a clause needs before it is checked on its own
CLAUSE_COVERAGE = 0.5  # share of those a source sentence must state to line up with the clause


def as_written(claim: str, keys: list[str], limit: int = 4) -> list[str]:
    """Normalised tokens ('fukushima', 'eas') shown as the claim wrote them ('Fukushima', 'easing')."""
    lx = analyse(claim)
    seen = {}
    for raw, tok, lem in zip(lx.raw, lx.tokens, lx.lemmas):
        seen.setdefault(tok, raw)
        seen.setdefault(lem, raw)
        seen.setdefault(normalise_number(tok) or tok, raw)
    return list(dict.fromkeys(seen.get(k, k) for k in keys[:limit]))


def name_phrases(claim: str, names: list[str]) -> list[str]:
    """Widen each name to the run of capitalised words around it ('North' -> 'North Korea')."""
    out = []
    for name in names:
        m = re.search(rf"(?:[A-Z][\w.’'-]*\s+)*{re.escape(name)}(?:\s+[A-Z][\w.’'-]*)*", claim)
        out.append(m.group(0).rstrip(".") if m else name)
    out = list(dict.fromkeys(out))
    return [x for x in out if not any(x != y and x in y for y in out)]


def clause_pairs(claim: str, index) -> list[tuple[str, object, bool]]:
    """(clause, source sentence, whether the claim has several clauses) where the sentence states
    most of the clause's words."""
    parts = [p for p in _CLAUSE_SPLIT.split(claim) if p and p.strip()]
    out = []
    for part in parts:
        n = len(set(analyse(part).content))
        if n >= CLAUSE_MIN_WORDS:
            need = max(2, math.ceil(CLAUSE_COVERAGE * n))
            out += [(part, span, len(parts) > 1) for span in index.related(part, min_shared=need)]
    return out


@dataclass
class NLISettings:
    model: object
    entailment: float
    contradiction: float


@dataclass
class ClaimContext:
    """One claim with its scored evidence (``scored``: score.Scored) and the source ``index``."""

    claim: Claim
    scored: object
    index: object
    nli: NLISettings | None = None

    @property
    def text(self) -> str:
        return self.claim.text

    @cached_property
    def p0(self) -> float:
        """The fitted support score, clipped to [0, 1]."""
        return round(min(1.0, max(0.0, float(self.scored.probability))), 4)

    @cached_property
    def source_numbers(self) -> frozenset[str]:
        return figures.numbers_in(self.index.source_text)

    @cached_property
    def aligned(self) -> bool:
        overlap = self.scored.features.get("word_coverage", 0.0)
        return overlap >= ALIGNED_OVERLAP or self.scored.evidence_similarity >= 0.6

    @cached_property
    def pairs(self) -> list[tuple[str, object, bool]]:
        """Where flips are judged: the whole claim against its evidence when it lines up with it,
        and each clause against the source sentences that state most of it (a long analytic
        sentence may negate one clause of the story: "Because regulators did not approve X, ...")."""
        s = self.scored
        out = [(self.text, s.evidence, True)] if self.aligned else []
        return out + [p for p in clause_pairs(self.text, self.index) if p[1] != s.evidence or not self.aligned]

    @cached_property
    def _worked(self) -> tuple[frozenset[str], set[str], set[str]]:
        """(figure words, bounded figures, worked-out figures) of the claim's evidence."""
        texts = [s.text for s in self.spans]
        if not figures.says_arithmetic(self.text):
            return figures.figure_words(texts), figures.bounded_figures(self.text, figures.told_figures(texts)), set()
        # a rounded figure is read against a worked-out one only of two figures of one unit:
        # "roughly 12 percent" is no rounding of 18 percent less 7 votes
        arithmetic = figures.derived_figures(texts, same_unit=True)
        bounded = figures.bounded_figures(self.text, figures.told_figures(texts) | arithmetic)
        return figures.figure_words(texts), bounded, figures.derived_figures(texts)

    def worked_out(self, number: str) -> bool:
        """Whether a figure the story never writes follows from the claim's evidence: a bound or
        rounding of one of its figures ("more than 31,000" of 31,400), a figure word ("ten years"
        of "a decade"), or, where the claim says it works one out ("by", "shortfall", "more
        than"...), a sum, difference or percentage of two ("dropped by 126" of 290 and 164)."""
        return any(number in found for found in self._worked)

    @cached_property
    def spans(self) -> list:
        """The best evidence, then every source sentence sharing two content words with the claim
        (a claim that fuses two sentences may swap a name of the other one)."""
        return [self.scored.evidence, *self.index.related(self.text)]

    @cached_property
    def nli_judgement(self) -> tuple[float, float, object, object]:
        """(best entailment, best contradiction, span entailing most, span contradicting most)."""
        premises = nli.premises(self.index, self.text, self.scored.evidence)
        return nli.judge(self.nli.model, premises, self.text)

    @property
    def p(self) -> float:
        """The support score the later rules cap: the NLI model's entailment when there is one."""
        return round(self.nli_judgement[0], 4) if self.nli is not None else self.p0
