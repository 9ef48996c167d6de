"""The library entry point: one briefing through parse -> extract -> check -> digest."""

from __future__ import annotations

import time
from pathlib import Path

from .check import check
from .digest import digest
from .engines.base import Engine
from .errors import EngineError
from .evidence import SourceEvidence
from .extract import extract
from .models import Briefing, Report, Usage
from .parse import parse_file
from .rollup import matrix, section_scores


def check_briefing(briefing: Briefing, engine: Engine, calibration=None) -> Report:
    """``calibration``: a policy.Calibration from reviewers' decisions, or None for the built-in policy."""
    t0 = time.perf_counter()
    usage = Usage()
    try:
        claims = extract(briefing, engine, usage)
    except EngineError as e:
        # Nothing could be extracted: the whole briefing is an error a person must see.
        raise EngineError(f"{briefing.path}: claim extraction failed: {e}") from e
    # The source analysed once for every stage and the engine; it lives as long as this check.
    evidence = SourceEvidence(briefing, embeddings=getattr(engine, "embeds", False))
    checked = check(briefing, claims, engine, usage, evidence, calibration)
    return Report(
        briefing=briefing,
        engine=engine.name,
        claims=checked,
        sections=section_scores(briefing, checked),
        matrix=matrix(briefing, checked, evidence),
        digest=digest(briefing, checked, engine, usage, evidence=evidence),
        usage=usage,
        seconds=round(time.perf_counter() - t0, 3),
        limits=getattr(engine, "limits", ""),
    )


def check_file(path: str | Path, engine: Engine | None = None) -> Report:
    if engine is None:
        from .engines import get_engine

        engine = get_engine()
    return check_briefing(parse_file(path), engine)


__all__ = ["check_briefing", "check_file"]
