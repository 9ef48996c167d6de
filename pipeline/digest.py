"""digest: headline + a few bullets built only from supported claims, each bullet verified
against the source before it is used."""

from __future__ import annotations

from .engines.base import Engine
from .errors import EngineError
from .models import Briefing, CheckedClaim, Digest, Usage
from .sources import has_specifics, source_index
from .textspan import words

MAX_BULLETS = 5
MAX_WORDS = 90


def verify_bullets(briefing: Briefing, bullets: list[str], threshold: float) -> tuple[list[str], list[str]]:
    """(kept, dropped): a bullet is kept only if the source backs it and it brings no number,
    date or name the source lacks."""
    kept, dropped = [], []
    for b, sc in zip(bullets, source_index(briefing).score_many(bullets)):
        ok = sc.probability >= threshold and not has_specifics(sc, b)
        (kept if ok else dropped).append(b)
    return kept, dropped


def _fit_budget(bullets: list[str], max_bullets: int, max_words: int) -> list[str]:
    out, used = [], 0
    for b in bullets:
        n = len(words(b))
        if len(out) == max_bullets or used + n > max_words:
            continue
        out.append(b)
        used += n
    return out


def digest(
    briefing: Briefing,
    claims: list[CheckedClaim],
    engine: Engine,
    usage: Usage,
    max_bullets: int = MAX_BULLETS,
    max_words: int = MAX_WORDS,
) -> Digest:
    from .engines.embedded.score import load_weights

    supported = [c for c in claims if c.verdict == "supported" and not c.flagged]
    held_back = sum(c.flagged for c in claims)
    note = f"{held_back} claim(s) held back for review." if held_back else ""
    try:
        candidates = engine.digest(briefing, supported, max_bullets, max_words, usage) if supported else []
    except EngineError as e:
        candidates, note = [], f"{note} Digest generation failed: {e}".strip()
    kept, dropped = verify_bullets(briefing, candidates, load_weights().threshold)
    if dropped:
        note = f"{note} {len(dropped)} generated bullet(s) dropped: not backed by the source.".strip()
    return Digest(
        headline=briefing.headline,
        bullets=_fit_budget(kept, max_bullets, max_words),
        held_back=held_back,
        note=note,
    )
