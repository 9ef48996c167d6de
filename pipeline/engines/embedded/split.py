"""Deterministic claim splitting: bullets, then sentences, then ';'-separated clauses."""

from __future__ import annotations

import re

from ...models import Briefing, Claim
from ...textspan import Span, lines, sentences, strip_span

_BULLET = re.compile(r"^(?:[-*•▪‣]|\d{1,2}[.)])\s+")
_MIN_WORDS = 3  # fragments shorter than this are not claims ("See below.")


def _clauses(text: str, span: Span) -> list[Span]:
    out, cur = [], span.start
    for m in re.finditer(r";\s+", text[span.start : span.end]):
        out.append(strip_span(text, cur, span.start + m.start()))
        cur = span.start + m.end()
    out.append(strip_span(text, cur, span.end))
    return [s for s in out if len(s.text.split()) >= _MIN_WORDS]


def _units(text: str, start: int, end: int) -> list[Span]:
    """Bullet items (a bullet may hold several sentences) or sentences of prose."""
    items = lines(text, start, end)
    if items and any(_BULLET.match(i.text) for i in items):
        out: list[Span] = []
        for item in items:
            m = _BULLET.match(item.text)
            body = item.start + (m.end() if m else 0)
            out.extend(sentences(text, body, item.end))
        return out
    return sentences(text, start, end)


def split_claims(briefing: Briefing) -> list[Claim]:
    claims: list[Claim] = []
    for sec in briefing.sections:
        if sec.role == "source":
            continue
        for unit in _units(briefing.text, sec.start, sec.end):
            for c in _clauses(briefing.text, unit):
                claims.append(
                    Claim(
                        id=f"c{len(claims) + 1}", section=sec.name, role=sec.role, text=c.text, start=c.start, end=c.end
                    )
                )
    return claims
