"""Which of the story's figures a replaced figure stands for, so that the rationale cites it.

A claim "inflation stands at 3.1 percent" against a story with "inflation fell to 2.4 percent"
and "the 2 percent target" replaces the 2.4, not the 2: both are percent, but "target" right after
the figure says the 2 counts something else. Among the story's figures with the claim figure's
unit, the one whose neighbouring words the claim shares most is cited; a figure that modifies a
noun of its own ("the 2 percent target", "a 27-vote margin") counts that noun, and loses to one
that does not unless the claim's figure modifies the same noun. Pure: text in, figure out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...evidence.lexical import STOPWORDS, lemma

WINDOW = 4  # words either side of a figure that say what it counts
_FIGURE = re.compile(r"(?<![\d.,])(\d+(?:[.,]\d+)*)(?:\s*(%)|(?:\s+|-)(per cent|percent|[A-Za-z]+))")
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")


@dataclass(frozen=True)
class Figure:
    number: str  # thousands separators dropped: "46,210" -> "46210"
    unit: str  # lemma; "%", "per cent" and "percent" are all "percent"
    context: frozenset[str]  # content lemmas within WINDOW words either side
    head: str | None  # the noun right after the unit, when the figure modifies it ("target")
    where: int = 0  # which text of those given it was found in


def _unit(pct: str | None, word: str) -> str:
    return "percent" if pct or word.lower() in ("per cent", "percent") else lemma(word.lower())


def _content(words: list[str]) -> set[str]:
    return {lemma(w.lower()) for w in words if w.lower() not in STOPWORDS}


def figures(text: str, where: int = 0) -> list[Figure]:
    """Every figure of text that has a unit word, with the words around it."""
    out = []
    for m in _FIGURE.finditer(text):
        num, pct, word = m.groups()
        if not pct and word.lower() in STOPWORDS:
            continue
        before = _WORD.findall(text[: m.start()])[-WINDOW:]
        rest = text[m.end():]
        after = _WORD.findall(rest)[:WINDOW]
        nxt = re.match(r"[ -]([A-Za-z]+)", rest)  # no punctuation between: the figure modifies it
        head = nxt.group(1).lower() if nxt and nxt.group(1).lower() not in STOPWORDS else None
        unit = _unit(pct, word or "")
        out.append(Figure(num.replace(",", ""), unit, frozenset(_content(before + after) - {unit}),
                          lemma(head) if head else None, where))
    return out


def _score(mine: Figure, theirs: Figure) -> int:
    score = len(mine.context & theirs.context)
    if theirs.head is not None:
        score += 2 if theirs.head == mine.head else -2
    return score


def same_quantity(claim_text: str, figure: str, source_figures: list[Figure]) -> Figure | None:
    """The source figure that counts what the claim's ``figure`` counts: same unit, not a figure
    the claim also gives, and the most words around it in common (ties: the first in the story).
    None when the claim has no such figure with a unit or the source none with that unit."""
    figure = figure.replace(",", "")
    mine = next((f for f in figures(claim_text) if f.number == figure), None)
    if mine is None:
        return None
    in_claim = {f.number for f in figures(claim_text)} | set(re.findall(r"\d+(?:\.\d+)?", claim_text.replace(",", "")))
    same = [f for f in source_figures if f.unit == mine.unit and f.number not in in_claim]
    if not same:
        return None
    return max(same, key=lambda f: _score(mine, f))  # max keeps the first of equal scores


def recite(claim_text: str, found: tuple[str, str, str], span, spans: list) -> tuple[object, tuple[str, str, str]]:
    """(span, (claim figure, source figure, unit)) with the source figure and its sentence replaced
    by the one that counts the same thing, when another one does; else as given. ``spans`` are the
    source sentences (objects with ``.text``)."""
    best = same_quantity(claim_text, found[0], [f for i, s in enumerate(spans) for f in figures(s.text, i)])
    if best is None or (best.number == found[1] and found[1] in span.text.replace(",", "")):
        return span, found
    return spans[best.where], (found[0], best.number, found[2])
