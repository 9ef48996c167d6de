"""Deterministic text splitting that keeps character offsets.

Shared by the parser, the embedded claim splitter and the embedded scorer,
so that every span handed around can be sliced back out of the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends at . ! ? (optionally followed by a closing quote/bracket) then
# whitespace and an upper-case letter, digit or opening quote.  Common
# abbreviations and initials ("U.S.", "Mr.", "J.") do not end a sentence.
_END = re.compile(r"""[.!?]+["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9])""")
_ABBREV = {
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "gen", "col", "lt", "sgt", "capt",
    "gov", "sen", "rep", "rev", "hon", "pres", "no", "vs", "etc", "inc", "ltd", "co", "corp",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "u.s", "u.k", "u.n", "e.g", "i.e", "a.m", "p.m", "approx", "dept", "est", "fig",
}


@dataclass(frozen=True)
class Span:
    text: str
    start: int
    end: int


def strip_span(text: str, start: int, end: int) -> Span:
    """Trim whitespace (and stray BOMs) from text[start:end], keeping offsets exact."""
    while start < end and (text[start].isspace() or text[start] == "\ufeff"):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(text[start:end], start, end)


def _is_abbrev(text: str, dot: int) -> bool:
    m = re.search(r"([A-Za-z.]+)$", text[max(0, dot - 12) : dot])
    if not m:
        return False
    word = m.group(1).lower().rstrip(".")
    return word in _ABBREV or len(word) == 1  # initials such as "J."


def sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Split text[start:end] into sentences with offsets into ``text``."""
    end = len(text) if end is None else end
    out: list[Span] = []
    cur = start
    for m in _END.finditer(text, start, end):
        if text[m.start()] == "." and _is_abbrev(text, m.start()):
            continue
        span = strip_span(text, cur, m.end())
        if span.text:
            out.append(span)
        cur = m.end()
    span = strip_span(text, cur, end)
    if span.text:
        out.append(span)
    return out


def lines(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Non-empty lines of text[start:end] with offsets (CR and LF both end a line)."""
    end = len(text) if end is None else end
    out = []
    for m in re.finditer(r"[^\r\n]+", text[start:end]):
        span = strip_span(text, start + m.start(), start + m.end())
        if span.text:
            out.append(span)
    return out


_WORD = re.compile(r"[A-Za-z0-9]+(?:['’.-][A-Za-z0-9]+)*")


def words(text: str) -> list[str]:
    return _WORD.findall(text)
