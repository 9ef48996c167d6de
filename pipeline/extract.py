"""extract: briefing -> claims, with offsets checked against the text."""

from __future__ import annotations

from .engines.base import Engine
from .errors import EngineError
from .models import Briefing, Claim, Usage


def extract(briefing: Briefing, engine: Engine, usage: Usage) -> list[Claim]:
    claims = engine.extract(briefing, usage)
    checkable = {s.name: s for s in briefing.sections if s.role != "source"}
    seen: set[str] = set()
    for c in claims:
        sec = checkable.get(c.section)
        if sec is None:
            raise EngineError(f"claim {c.id} names section {c.section!r}, which is not a checkable section")
        if not (sec.start <= c.start < c.end <= sec.end):
            raise EngineError(f"claim {c.id} span {c.start}:{c.end} lies outside section {c.section!r}")
        if c.id in seen:
            raise EngineError(f"claim id {c.id} is used twice")
        seen.add(c.id)
    return claims
