"""digest: headline + a few bullets built only from claims the checker is confident hold, each
bullet verified against the source before it is used.

A claim enters only if it is supported, unflagged and scores at least the engine's digest cut
(the embedded engine: ``digest_threshold`` in ``pipeline/data/weights.json``, set on dev's
annotated sentences; an LLM engine: its own "supported"). Supported claims below the cut are held
back as doubtful and counted apart from the flagged ones. When fewer than ``MIN_ITEMS`` claims make
it, the story's own sentences complete the digest (``from_story``), those behind the doubtful
claims first, then the lead: the story is the reference, so they hold by definition, and a
reader still gets the news without the briefing's unconfirmed wording."""

from __future__ import annotations

from .engines.base import Engine
from .errors import EngineError
from .models import Briefing, CheckedClaim, Digest, Usage
from .evidence import SourceEvidence
from .textspan import words

MAX_BULLETS = 5
MAX_WORDS = 90
MIN_ITEMS = 3  # bullets + story sentences a digest aims for
STORY_MAX_WORDS = 40  # a longer story sentence is not quoted: the digest stays short


def verify_bullets(engine: Engine, evidence: SourceEvidence, bullets: list[str]) -> tuple[list[str], list[str]]:
    """(kept, dropped): a bullet is kept only if the engine finds the source backs it (the
    embedded engine: by its score, with no number, date or name the source lacks)."""
    kept, dropped = [], []
    for b, ok in zip(bullets, engine.verify_bullets(evidence, bullets) if bullets else []):
        (kept if ok else dropped).append(b)
    return kept, dropped


# Words that say nothing about which fact a bullet states.
_FILLER = frozenset("a an the of in on at to for from by with and or but as is are was were be been has have had "
                    "its it their this that these those within into over after before than".split())
NEAR_DUPLICATE = 0.6  # share of the shorter bullet's words the other also has
CONTAINED = 0.8  # share of a bullet's words a longer one has when it says all of it


def _key_words(text: str) -> set[str]:
    # "7-kilometre zone" and "7 kilometres" are the same words: split on hyphens, drop a plural s
    out = set()
    for w in words(text.lower().replace("-", " ")):
        w = w.strip(".,;:!?\"'“”‘’()")
        if w and w not in _FILLER:
            out.add(w[:-1] if len(w) > 3 and w.endswith("s") else w)
    return out


def _overlap(mine: set[str], theirs: set[str]) -> bool:
    return len(mine & theirs) >= NEAR_DUPLICATE * min(len(mine), len(theirs)) > 0


def drop_near_duplicates(bullets: list[str]) -> tuple[list[str], int]:
    """(bullets, how many were dropped): of two bullets sharing most of the shorter one's words
    ("evacuations within 7 kilometres of the volcano" / "evacuations within a 7-kilometre zone
    were ordered") one goes: the later, unless it says all the earlier does and more, when it
    takes the earlier's place."""
    kept: list[tuple[str, set[str]]] = []
    for b in bullets:
        mine = _key_words(b)
        dup = next((i for i, (_, theirs) in enumerate(kept) if _overlap(mine, theirs)), None)
        if dup is None:
            kept.append((b, mine))
        elif len(mine & kept[dup][1]) >= CONTAINED * len(kept[dup][1]) and len(mine) > len(kept[dup][1]):
            kept[dup] = (b, mine)
    return [b for b, _ in kept], len(bullets) - len(kept)


def _near_duplicate(text: str, chosen: list[str]) -> bool:
    mine = _key_words(text)
    return any(_overlap(mine, _key_words(c)) for c in chosen)


def _sentence_of(evidence: SourceEvidence, start: int):
    return next((s for s in evidence.spans if s.start <= start < s.end), None)


def story_lines(evidence: SourceEvidence, doubtful: list[CheckedClaim], bullets: list[str],
                need: int) -> list[str]:
    """Up to ``need`` story sentences for the digest: those behind the doubtful claims (summary
    sections first), then the story in order; never the headline, a sentence over
    STORY_MAX_WORDS, or one that repeats a bullet or another chosen line."""
    behind = [_sentence_of(evidence, c.evidence.start) for c in
              sorted(doubtful, key=lambda c: c.role != "summary") if c.evidence]
    headline = evidence.briefing.headline.strip()
    chosen: list[str] = []
    for span in [s for s in behind if s is not None] + list(evidence.spans):
        text = span.text.strip()
        if len(chosen) == need:
            break
        if (text == headline or len(words(text)) > STORY_MAX_WORDS or text in chosen
                or _near_duplicate(text, bullets + chosen)):
            continue
        chosen.append(text)
    return chosen


def dropped_note(dropped: list[str]) -> str:
    """Why candidate bullets (supported claims, or an LLM's sentences) are not in the digest, in a
    reader's terms, naming the first of them."""
    first = dropped[0] if len(dropped[0]) <= 70 else dropped[0][:67].rstrip() + "…"
    more = f" and {len(dropped) - 1} more" if len(dropped) > 1 else ""
    return (f"Left out of the digest: “{first}”{more}; the story does not state "
            f"{'it' if len(dropped) == 1 else 'them'} closely enough to repeat as fact.")


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
    cut = getattr(engine, "digest_cut", 0.0)
    confident, doubtful = select(claims, cut)
    held_back = sum(c.flagged for c in claims)
    note = _note(held_back, len(doubtful), cut)
    try:
        candidates = engine.digest(briefing, confident, max_bullets, max_words, usage) if confident else []
    except EngineError as e:
        candidates, note = [], f"{note} Digest generation failed: {e}".strip()
    kept, dropped = verify_bullets(engine, evidence, candidates)
    if dropped:
        note = f"{note} {dropped_note(dropped)}".strip()
    kept, _ = drop_near_duplicates(kept)
    bullets = _fit_budget(kept, max_bullets, max_words)
    quoted = story_lines(evidence, doubtful, bullets, max(0, MIN_ITEMS - len(bullets)))
    if quoted:
        note = f"{note} {len(quoted)} line(s) quoted from the story to complete the digest.".strip()
    return Digest(headline=briefing.headline, bullets=bullets, from_story=quoted, held_back=held_back,
                  note=note, doubtful=len(doubtful))
