"""digest: headline + a few bullets built only from claims the checker is confident hold, each
bullet verified against the source before it is used.

A claim enters only if it is supported, unflagged and scores at least the digest cut
(``digest_threshold`` in ``pipeline/data/weights.json``: the lowest cut at which what passes was
supported with the precision named there, on dev's annotated sentences). Supported claims below
the cut are held back as doubtful and counted apart from the flagged ones."""

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


def select(claims: list[CheckedClaim], cut: float) -> tuple[list[CheckedClaim], list[CheckedClaim]]:
    """(confident, doubtful) among the supported, unflagged claims: at or above the cut, below it."""
    supported = [c for c in claims if c.verdict == "supported" and not c.flagged]
    return [c for c in supported if c.score >= cut], [c for c in supported if c.score < cut]


def _note(held_back: int, doubtful: int, cut: float) -> str:
    parts = []
    if held_back:
        parts.append(f"{held_back} claim(s) held back for review.")
    if doubtful:
        parts.append(f"{doubtful} claim(s) held back as doubtful (support below {cut:.2f}).")
    return " ".join(parts)


def digest(
    briefing: Briefing,
    claims: list[CheckedClaim],
    engine: Engine,
    usage: Usage,
    max_bullets: int = MAX_BULLETS,
    max_words: int = MAX_WORDS,
) -> Digest:
    from .engines.embedded.score import load_weights

    weights = load_weights()
    confident, doubtful = select(claims, weights.digest_threshold)
    held_back = sum(c.flagged for c in claims)
    note = _note(held_back, len(doubtful), weights.digest_threshold)
    try:
        candidates = engine.digest(briefing, confident, max_bullets, max_words, usage) if confident else []
    except EngineError as e:
        candidates, note = [], f"{note} Digest generation failed: {e}".strip()
    kept, dropped = verify_bullets(briefing, candidates, weights.threshold)
    if dropped:
        note = f"{note} {len(dropped)} generated bullet(s) dropped: not backed by the source.".strip()
    return Digest(
        headline=briefing.headline,
        bullets=_fit_budget(kept, max_bullets, max_words),
        held_back=held_back,
        note=note,
        doubtful=len(doubtful),
    )
