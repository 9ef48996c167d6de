"""Cheap, explainable cues the embedded engine uses on top of the fitted score:
negation, antonym, figure and name swaps for contradictions, prompt-injection phrasing."""

from __future__ import annotations

import re

from ...textspan import words
from .lexical import REGION_WORDS, STOPWORDS

_NEGATIONS = {"not", "no", "never", "none", "neither", "nor", "without", "nobody", "nothing", "cannot"}
# Pairs of opposites; a claim using one where its best evidence uses the other contradicts it.
_ANTONYMS = [
    ("raise", "cut"), ("raise", "lower"), ("increase", "decrease"), ("rise", "fall"), ("rise", "drop"),
    ("gain", "loss"), ("win", "lose"), ("won", "lost"), ("approve", "reject"), ("approved", "rejected"),
    ("accept", "reject"), ("accepted", "rejected"), ("higher", "lower"), ("up", "down"), ("open", "close"),
    ("opened", "closed"), ("expand", "shrink"), ("hire", "fire"), ("support", "oppose"), ("allow", "ban"),
    ("allowed", "banned"), ("guilty", "innocent"), ("acquit", "convict"), ("acquitted", "convicted"),
    ("success", "failure"), ("succeeded", "failed"), ("strengthen", "weaken"), ("before", "after"),
    ("more", "less"), ("more", "fewer"), ("largest", "smallest"), ("first", "last"), ("begin", "end"),
    ("start", "stop"), ("increased", "decreased"), ("rose", "fell"), ("raised", "cut"), ("raised", "lowered"),
    ("surge", "plunge"), ("agree", "disagree"), ("confirmed", "denied"), ("passed", "failed"),
    ("upheld", "overturned"), ("resumed", "suspended"), ("launched", "scrubbed"), ("hike", "cut"),
    ("boost", "reduce"), ("boosted", "reduced"), ("grew", "shrank"), ("ahead", "behind"),
]
_OPPOSITE: dict[str, set[str]] = {}
for a, b in _ANTONYMS:
    _OPPOSITE.setdefault(a, set()).add(b)
    _OPPOSITE.setdefault(b, set()).add(a)

_INJECTION = re.compile(
    r"\b(ignore|disregard|forget|override)\b[^.]{0,60}\b(instructions?|prompts?|rules|guidelines|above)\b"
    r"|\b(mark|label|rate|classify|score)\b[^.]{0,30}\b(every|all|each)\b[^.]{0,20}\b(claims?|statements?)\b"
    r"|\bsystem prompt\b|\byou are (now )?(an?|the) (ai|assistant|model|checker|language model)\b",
    re.IGNORECASE,
)


def _lower_words(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in words(text)]


def _is_neg(tok: str) -> bool:
    return tok in _NEGATIONS or tok.endswith("n't")


def _scoped_negations(text: str, other: set[str]) -> int:
    """Negations whose scope (the next three content words) the other text also talks about:
    a negation in a clause the other side never mentions ("..., and no deaths were reported")
    says nothing about the claim."""
    toks = _lower_words(text.replace("rather than", "not").replace("instead of", "not"))
    n = 0
    for i, t in enumerate(toks):
        if not _is_neg(t):
            continue
        scope = [w for w in toks[i + 1 : i + 8] if w not in STOPWORDS and not _is_neg(w)][:3]
        if scope and sum(w in other for w in scope) >= max(1, len(scope) - 1):
            n += 1
    return n


def negation_flip(claim: str, evidence: str) -> bool:
    """One side negates a statement both make and the other does not (two negations cancel)."""
    cw, ew = set(_lower_words(claim)), set(_lower_words(evidence))
    return (_scoped_negations(claim, ew) % 2) != (_scoped_negations(evidence, cw) % 2)


def antonym_flip(claim: str, evidence: str) -> tuple[str, str] | None:
    """A word in the claim whose opposite is in the evidence, and which the evidence lacks."""
    cw, ew = set(_lower_words(claim)), set(_lower_words(evidence))
    for w in sorted(cw - ew):
        for opp in sorted(_OPPOSITE.get(w, ())):
            if opp in ew and opp not in cw:
                return w, opp
    return None


def injection(text: str) -> bool:
    """Text that addresses the checker instead of stating something about the story."""
    return bool(_INJECTION.search(text))


_NUM_UNIT = re.compile(r"(?<![\d.,])(\d+(?:[.,]\d+)*)(?:\s*(%)|\s+(per cent|percent|[A-Za-z]{3,}))")


def number_units(text: str) -> dict[str, set[str]]:
    """unit word -> numbers written with it ('12 people' -> {'people': {'12'}})."""
    out: dict[str, set[str]] = {}
    for num, pct, unit in _NUM_UNIT.findall(text):
        unit = "percent" if pct or unit in ("per cent", "percent") else unit.lower()
        if unit in STOPWORDS:
            continue
        out.setdefault(unit, set()).add(num.replace(",", ""))
    return out


def number_conflict(claim: str, evidence: str) -> tuple[str, str, str] | None:
    """(claim number, evidence number, unit) when both give a different figure for the same unit."""
    ce, ee = number_units(claim), number_units(evidence)
    for unit in sorted(set(ce) & set(ee)):
        if not ce[unit] & ee[unit]:
            return sorted(ce[unit])[0], sorted(ee[unit])[0], unit
    return None


# Words that introduce a person's name ("Prime Minister Sanae Takaichi", "coach Ange Postecoglou"):
# two texts naming different people after the same title name different people for one role.
_TITLES = frozenset(
    """president minister chancellor premier secretary governor mayor senator congressman
    congresswoman representative king queen prince princess emperor pope ambassador general
    admiral commander chief ceo chairman chairwoman chair director manager coach captain judge
    justice prosecutor spokesman spokeswoman spokesperson leader founder economist analyst""".split()
)
# A place after these prepositions is where something happens ("in Nara City", "at Wembley").
_PLACE_PREPS = frozenset({"in", "at"})
_CAP_RUN = re.compile(r"[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*")


def _names_by_slot(text: str) -> dict[str, set[str]]:
    """slot -> names: 'minister' -> {'Sanae Takaichi'}, 'in' -> {'Nara City'}."""
    out: dict[str, set[str]] = {}
    for m in _CAP_RUN.finditer(text):
        toks = [re.sub(r"['’]s$", "", t).rstrip(".,") for t in m.group(0).split()]
        titled = [i for i, t in enumerate(toks) if t.lower() in _TITLES]
        if titled:
            slot, name = toks[titled[-1]].lower(), toks[titled[-1] + 1 :]
        else:
            before = text[: m.start()].split()
            if not before or before[-1].lower() not in _PLACE_PREPS:
                continue
            slot, name = before[-1].lower(), toks
            if all(t.lower() in REGION_WORDS for t in name) or (len(name) == 1 and name[0].isupper()):
                continue  # "in East Asia", "in AI": a region or an acronym, not a place to swap
        if name:
            out.setdefault(slot, set()).add(" ".join(name))
    return out


def name_swap(claim: str, evidence: str) -> tuple[str, str] | None:
    """(claim name, evidence name) when both put a different name in the same slot (same title,
    or 'in'/'at' for places) and neither name shares a word with the other side's names there."""
    cs, es = _names_by_slot(claim), _names_by_slot(evidence)
    for slot in sorted(set(cs) & set(es)):
        c_words = {w.lower() for n in cs[slot] for w in n.split()}
        e_words = {w.lower() for n in es[slot] for w in n.split()}
        new = sorted(n for n in cs[slot] if not {w.lower() for w in n.split()} & e_words and n not in evidence)
        gone = sorted(n for n in es[slot] if not {w.lower() for w in n.split()} & c_words and n not in claim)
        if new and gone:
            return new[0], gone[0]
    return None
