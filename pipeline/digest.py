"""digest: headline + a few bullets built only from supported claims, each bullet verified
against the source before it is used."""

from __future__ import annotations

from .engines.base import Engine
from .errors import EngineError
from .models import Briefing, CheckedClaim, Digest, Usage
from .evidence import SourceEvidence
from .textspan import words

MAX_BULLETS = 5
MAX_WORDS = 90


def verify_bullets(engine: Engine, evidence: SourceEvidence, bullets: list[str]) -> tuple[list[str], list[str]]:
    """(kept, dropped): a bullet is kept only if the engine finds the source backs it (the
    embedded engine: by its score, with no number, date or name the source lacks)."""
    kept, dropped = [], []
    for b, ok in zip(bullets, engine.verify_bullets(evidence, bullets) if bullets else []):
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
    evidence: SourceEvidence | None = None,
) -> Digest:
    evidence = evidence or SourceEvidence(briefing, embeddings=getattr(engine, "embeds", False))
    supported = [c for c in claims if c.verdict == "supported" and not c.flagged]
    held_back = sum(c.flagged for c in claims)
    note = f"{held_back} claim(s) held back for review." if held_back else ""
    try:
        candidates = engine.digest(briefing, supported, max_bullets, max_words, usage) if supported else []
    except EngineError as e:
        candidates, note = [], f"{note} Digest generation failed: {e}".strip()
    kept, dropped = verify_bullets(engine, evidence, candidates)
    if dropped:
        note = f"{note} {len(dropped)} generated bullet(s) dropped: not backed by the source.".strip()
    return Digest(
        headline=briefing.headline,
        bullets=_fit_budget(kept, max_bullets, max_words),
        held_back=held_back,
        note=note,
    )
