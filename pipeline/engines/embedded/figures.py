"""Figures: which number counts what, and when a claim's figure replaces the story's."""

from __future__ import annotations

import functools
import re

from .cues import _lower_words
from ...evidence.lexical import STOPWORDS, _is_year, analyse, join_figures, lemma, normalise_number


# A figure and the word after it; not one side of a score or range ("2-0 defeat", "10-12 weeks"),
# and not one hedged by "about", "more than"... (then "more than 100" and "116" agree).
# "a 100-basis-point move" and "27-vote margin" give their unit as well.
_NUM_UNIT = re.compile(r"(?<![\d.,-])(\d+(?:[.,]\d+)*)(?![-–]\d)(?:\s*(%)|(?:\s+|-)(per cent|percent|[A-Za-z]{3,}))")
_HEDGE = re.compile(r"\b(?:about|around|nearly|almost|roughly|over|than|least|some|up to|approximately|"
                    r"close to|under|below|above)\s+\$?(\d+(?:[.,]\d+)*)", re.I)


def _norm(num: str) -> str:
    """One spelling per value: "5.0" and "5" are the same figure, "31,400" is "31400"."""
    return normalise_number(num) or num.replace(",", "")


def _close(a: str, b: str) -> bool:
    try:
        x, y = float(a), float(b)
    except ValueError:
        return False
    return abs(x - y) <= 0.25 * max(abs(x), abs(y))


# Cardinals written as words ("five carriages"); not "one", which is as often a pronoun.
_CARDINALS = {w: str(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split()) if i >= 2}
_CARDINALS.update({w: str(10 * i) for i, w in enumerate("thirty forty fifty sixty seventy eighty ninety".split(), 3)})
_CARDINAL_WORD = re.compile(r"\b(" + "|".join(_CARDINALS) + r")\b(?=[\s-])", re.I)
_PART_OF = re.compile(r"(?<![\d.,])(\d+) of (?:the|its|their|his|her) \d+ ([A-Za-z]{3,})")  # "6 of the 8 carriages"


def _digits(text: str) -> str:
    return _CARDINAL_WORD.sub(lambda m: _CARDINALS[m.group(1).lower()], join_figures(text))


def number_units(text: str, surface: dict[str, str] | None = None) -> dict[str, set[str]]:
    """unit lemma -> numbers written with it ('12 people' -> {'people': {'12'}}; 'five carriages',
    'six of the eight carriages' and '27-vote' count too). ``surface`` collects lemma -> word."""
    out: dict[str, set[str]] = {}
    surface = {} if surface is None else surface
    text = _digits(text)
    found = [(num, unit.lower()) for num, unit in _PART_OF.findall(text)]
    for num, pct, unit in _NUM_UNIT.findall(text):
        unit = "percent" if pct or unit in ("per cent", "percent") else unit.lower()
        if unit not in STOPWORDS:
            found.append((_norm(num), unit))
    for num, unit in ((_norm(n), u) for n, u in found):  # "27-vote" and "81 votes" count the same thing
        surface.setdefault(lemma(unit), unit)
        out.setdefault(lemma(unit), set()).add(num)
    return out


def number_conflict(claim: str, evidence: str, elsewhere: set[str] = frozenset()) -> tuple[str, str, str] | None:
    """(claim number, evidence number, unit) when both give a figure for the same unit and the
    claim's is one the evidence lacks, found nowhere in ``elsewhere`` either (the source's other
    figures): "from 25 percent to 15 percent" where the evidence says "from 25 percent to 10"."""
    words: dict[str, str] = {}
    ce, ee = number_units(claim, words), number_units(evidence)
    # The source's figure written anywhere in the claim ("lost nine seats, dropping to 41") is no
    # figure replaced.
    in_claim, in_evidence = numbers_in(claim), numbers_in(evidence)
    for unit in sorted(set(ce) & set(ee)):
        # A figure the evidence gives for another unit ("212 mail-in ballots") is not new either.
        new, gone = sorted(ce[unit] - ee[unit] - elsewhere - in_evidence), sorted(ee[unit] - ce[unit] - in_claim)
        if new and gone:  # a figure of the source's own elsewhere may be another quantity
            hedged = {_norm(n) for t in (claim, evidence) for n in _HEDGE.findall(join_figures(t))}
            if (new[0] in hedged or gone[0] in hedged) and _close(new[0], gone[0]):
                continue  # "more than 100 bodies" and "116 bodies" agree
            return new[0], gone[0], words.get(unit, unit)
    return None


FIGURE_CONTEXT = 4  # words either side of a figure that say what it counts


def _figures_in_context(text: str) -> list[tuple[str, str, frozenset[str]]]:
    """(number, unit, content lemmas near it) for every figure with a unit word."""
    text = _digits(text)
    out = []
    for m in _NUM_UNIT.finditer(text):
        num, pct, unit = m.groups()
        unit = "percent" if pct or unit in ("per cent", "percent") else unit.lower()
        after = _lower_words(text[m.end() :])[:FIGURE_CONTEXT]
        if unit in STOPWORDS:  # "230 people were injured" and "320 were injured" count the injured
            unit = next((w for w in after[:3] if w.isalpha() and w not in STOPWORDS), "")
            if not unit:
                continue
        near = _lower_words(text[: m.start()])[-FIGURE_CONTEXT:] + after
        ctx = {lemma(w) for w in near if w.isalpha() and w not in STOPWORDS and not _HEDGE_WORD.match(w)}
        out.append((_norm(num), unit, frozenset(ctx - {lemma(unit)})))
    return out


_HEDGE_WORD = re.compile(r"^(?:about|around|nearly|almost|roughly|approximately|close|some|least)$")


def figure_context_conflict(claim: str, sentence: str) -> tuple[str, str, str] | None:
    """(claim number, sentence number, unit) when a figure the story never gives counts the same
    thing as one of the sentence's: same unit and a shared word beside it ("at roughly 12 percent,
    the increase" against "an increase of nearly 18 percent"), the two not close if hedged, and the
    claim not also giving the sentence's figure (a claim that quotes both is doing arithmetic)."""
    theirs = _figures_in_context(sentence)
    if not theirs:
        return None
    in_claim = numbers_in(claim)
    hedged = {_norm(n) for t in (claim, sentence) for n in _HEDGE.findall(join_figures(t))}
    for num, unit, ctx in _figures_in_context(claim):
        for other, o_unit, o_ctx in theirs:
            # A participle says what is counted by itself ("230 injured", "320 were injured");
            # "percent" or "dollars" need a shared word beside them.
            if lemma(o_unit) != lemma(unit) or other in in_claim or not (ctx & o_ctx or unit.endswith("ed")):
                continue
            if (num in hedged or other in hedged) and _close(num, other):
                continue
            if not _same_order(num, other):
                continue  # "212 ballots left out" is no replacement of "46,210 ballots" cast
            return num, other, unit
    return None


def _same_order(a: str, b: str, ratio: float = 10.0) -> bool:
    try:
        x, y = abs(float(a)), abs(float(b))
    except ValueError:
        return True
    return min(x, y) > 0 and max(x, y) / min(x, y) < ratio


@functools.lru_cache(maxsize=512)
def numbers_in(text: str) -> frozenset[str]:
    """Every figure of a text as number_units writes it (thousands separators dropped)."""
    return frozenset(_norm(n) for n in re.findall(r"(?<![\d.,])\d+(?:[.,]\d+)*", _digits(text)))


def transposed_figure(claim: str, sentence: str, source_numbers: frozenset[str]) -> tuple[str, str] | None:
    """(claim figure, sentence figure) when a claim that lines up with the sentence gives, where
    the sentence has a figure the claim lacks, the same digits in another order and the source
    never gives that figure ("at least 32 deaths" against "at least 23 people were killed", "185
    entries" against "158 submissions"), whatever words count them. Any other unit-less change
    may be arithmetic ("lost nine seats, dropping to 41" from "41, down from 50")."""
    mine, theirs = numbers_in(claim), numbers_in(sentence)
    for new in sorted(n for n in mine if n not in source_numbers and len(n) > 1 and not _is_year(n)):
        for gone in sorted(n for n in theirs if n not in mine):
            if gone != new and sorted(gone) == sorted(new):
                return new, gone
    return None


# A bound or an approximation says where a figure lies, not what it is: "more than 31,000 fans"
# holds for 31,400, "inside the first 20 minutes" for the 18th. (lower, upper) limits, as shares
# of the claim's figure, for the figure the story gives; an approximation stays within a tenth
# ("roughly 720 million" is no reading of "about 620 million").
_BOUNDS = [
    (r"more than|over|above|at least|upwards of|in excess of", (1.0, 1.25)),
    (r"less than|fewer than|under|below|up to|within|inside|no more than", (0.75, 1.0)),
    (r"about|around|roughly|approximately|some|nearly|almost|close to|an estimated|estimated", (0.9, 1.1)),
]
_BOUND = [(re.compile(rf"\b(?:{words})\s+(?:the\s+(?:first|last|past|next)\s+)?[$£€]?(\d+(?:[.,]\d+)*)", re.I), span)
          for words, span in _BOUNDS]


DERIVED_MIN = 10  # two figures without a unit make a 1 or a 2 by chance ("sold for £1")
# Words that give a figure: "the largest rise in a decade" says "in ten years".
_FIGURE_WORDS = {"decade": "10", "decades": "10", "dozen": "12", "century": "100", "fortnight": "14"}


# Words by which a claim says it works a figure out of others: without one, "to 15 percent" is no
# difference of "from 25 percent to 10 percent", it replaces the 10. The scorer's novel-figure
# feature reads only the first set (its weights were fitted on it); the rules read both.
ARITHMETIC_NOUNS = frozenset(lemma(w) for w in "margin gap difference lead short shy combined together altogether".split())
_ARITHMETIC = ARITHMETIC_NOUNS | frozenset(lemma(w) for w in (
    "total by shortfall more less fewer overrun remain remaining rest above below").split())
# (not "fell" or "rose": "falls from 25 to 15" gives an end point)


def says_arithmetic(claim: str) -> bool:
    return bool(_ARITHMETIC & {lemma(w) for w in _lower_words(claim)})


def told_figures(texts: list[str]) -> frozenset[str]:
    """The amounts the texts give (not a date's day or year: "May 12" gives no 12 percent), and
    the figures words give ("a decade")."""
    return frozenset().union(*map(_told, texts)) if texts else frozenset()


@functools.lru_cache(maxsize=1024)  # a story's sentences serve every claim of the briefing
def _told(text: str) -> frozenset[str]:
    # a figure with a thousands separator is an amount even where it looks like a year (£1,987)
    grouped = {_norm(n) for n in re.findall(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?", text)}
    return frozenset(analyse(text).quantities) | grouped | figure_words([text])


def figure_words(texts: list[str]) -> frozenset[str]:
    return frozenset(v for t in texts for w, v in _FIGURE_WORDS.items() if re.search(rf"\b{w}\b", t, re.I))


def derived_figures(texts: list[str], same_unit: bool = False) -> set[str]:
    """Sums, differences and percentages of two figures of one text ("giving up 170 seats" of
    "from 1,150 to 980", "trails by 11 points" of "41 percent against 52 percent", "1,800 on
    show" of "15 percent of its 12,000 objects"): a briefing works them out; the story need not.
    Never across two units ($45 billion from 27 governments makes no $18 billion); ``same_unit``:
    only from two figures of one unit (the ones a rounded figure may be read against)."""
    return set().union(*(_derived(t, same_unit) for t in texts))


@functools.lru_cache(maxsize=1024)
def _derived(text: str, same_unit: bool) -> frozenset[str]:
    out = set()
    figs = _unit_figures(text)
    for i, (a, ua) in enumerate(figs):
        for b, ub in figs[i + 1 :]:
            if "percent" in (ua, ub) and ua != ub and not same_unit:  # 15 percent of 12,000
                out.add(_norm(f"{round(a * b / 100, 4):f}"))
            if (ua and ub and ua != ub) or (same_unit and not (ua and ua == ub)):
                continue
            small_ok = bool(ua and ua == ub)  # "a 0.3-point rise" of 4.9 and 4.6 percent
            out.update(_norm(f"{round(v, 4):f}") for v in (abs(b - a), a + b) if v and (small_ok or v >= DERIVED_MIN))
    return frozenset(out)


def _unit_figures(text: str) -> list[tuple[float, str]]:
    """(value, unit or "") for every figure of the text, each once."""
    with_unit = {(float(n), u) for u, nums in number_units(text).items() for n in nums if _is_number(n)}
    counted = {v for v, _ in with_unit}
    amounts = analyse(text).quantities  # not a date's day or year
    bare = {(float(n), "") for n in amounts if _is_number(n) and float(n) not in counted}
    return sorted(with_unit | bare)


def _is_number(n: str) -> bool:
    try:
        float(n)
    except ValueError:
        return False
    return True


def bounded_figures(claim: str, evidence_numbers: frozenset[str]) -> set[str]:
    """The claim's hedged figures that a figure of its evidence (the sentences it rests on, not
    the whole story: any story has some number near any other) satisfies."""
    out = set()
    for pattern, (lo, hi) in _BOUND:
        for raw in pattern.findall(_digits(claim)):  # "more than ten points" too
            num = _norm(raw)
            if any(_in_bounds(num, n, lo, hi) for n in evidence_numbers):
                out.add(num)
    return out


def _in_bounds(claim_num: str, source: str, lo: float, hi: float) -> bool:
    try:
        x, y = float(claim_num), float(source)
    except ValueError:
        return False
    return x > 0 and lo * x <= y <= hi * x
