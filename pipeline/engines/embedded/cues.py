"""Cheap, explainable cues the embedded engine uses on top of the fitted score:
negation and antonym flips for contradictions, prompt-injection phrasing."""

from __future__ import annotations

import re

from ...textspan import words

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


def negation_count(text: str) -> int:
    toks = _lower_words(text)
    return sum(t in _NEGATIONS or t.endswith("n't") for t in toks)


def negation_flip(claim: str, evidence: str) -> bool:
    """One side negated and the other not (an even number of negations cancels out)."""
    return (negation_count(claim) % 2) != (negation_count(evidence) % 2)


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


_NUM_UNIT = re.compile(r"(\d[\d,.]*)\s*(%|percent|per cent|[A-Za-z]+)")


def number_units(text: str) -> dict[str, set[str]]:
    """unit word -> numbers written with it ('12 people' -> {'people': {'12'}})."""
    out: dict[str, set[str]] = {}
    for num, unit in _NUM_UNIT.findall(text):
        unit = "percent" if unit in ("%", "per cent") else unit.lower()
        out.setdefault(unit, set()).add(num.replace(",", "").rstrip("."))
    return out


def number_conflict(claim: str, evidence: str) -> tuple[str, str, str] | None:
    """(claim number, evidence number, unit) when both give a different figure for the same unit."""
    ce, ee = number_units(claim), number_units(evidence)
    for unit in sorted(set(ce) & set(ee)):
        if not ce[unit] & ee[unit]:
            return sorted(ce[unit])[0], sorted(ee[unit])[0], unit
    return None
