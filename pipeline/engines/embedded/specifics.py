"""Which numbers, dates and names of a claim count as specifics the source lacks: the embedded
engine's reading of its scorer's novel figures and names."""

from __future__ import annotations

import re

from ...evidence.lexical import REGION_WORDS

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
