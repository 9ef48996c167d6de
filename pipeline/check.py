"""check: claims -> checked claims. Engine verdicts are verified here, whatever the engine:
a missing verdict, an invented id or a quote that is not in the source becomes an explicit
`error` verdict (flagged), never a pass."""

from __future__ import annotations

import logging

from .engines.base import Engine
from .errors import EngineError
from .evidence import SourceEvidence
from .models import Briefing, CheckedClaim, Claim, Evidence, Usage, Verdict
from .policy import Calibration, is_flagged

log = logging.getLogger(__name__)


def error_verdict(claim_id: str, reason: str) -> Verdict:
    return Verdict(claim_id=claim_id, label="error", score=0.0, evidence=None, rationale=f"not checked: {reason}")


def locate_evidence(briefing: Briefing, ev: Evidence) -> Evidence | None:
    """The quote with offsets that really hold it inside a source section, or None."""
    sources = briefing.by_role("source")
    in_source = lambda a, b: any(s.start <= a and b <= s.end for s in sources)  # noqa: E731
    if briefing.text[ev.start : ev.end] == ev.text and in_source(ev.start, ev.end):
        return ev
    for s in sources:
        at = briefing.body(s).find(ev.text)
        if ev.text and at >= 0:
            return Evidence(text=ev.text, start=s.start + at, end=s.start + at + len(ev.text))
    return None


def _verified(briefing: Briefing, v: Verdict) -> Verdict:
    if v.label == "error" or v.evidence is None:
        if v.label in ("supported", "contradicted"):
            return error_verdict(v.claim_id, f"a {v.label} verdict came without an evidence quote")
        return v
    ev = locate_evidence(briefing, v.evidence)
    if ev is None:
        return error_verdict(v.claim_id, f"evidence quote not found in the source: {v.evidence.text[:80]!r}")
    return v.model_copy(update={"evidence": ev})


def check(briefing: Briefing, claims: list[Claim], engine: Engine, usage: Usage,
          evidence: SourceEvidence | None = None, calibration: Calibration | None = None) -> list[CheckedClaim]:
    evidence = evidence or SourceEvidence(briefing, embeddings=getattr(engine, "embeds", False))
    failure = "the engine returned no verdict for this claim"
    try:
        verdicts = engine.check(briefing, claims, usage, evidence) if claims else []
    except EngineError as e:
        log.warning("%s: check failed: %s", briefing.path, e)
        verdicts, failure = [], str(e)
    ids = {c.id for c in claims}
    by_id: dict[str, Verdict] = {}
    for v in verdicts:
        if v.claim_id in ids and v.claim_id not in by_id:
            by_id[v.claim_id] = v
    out = []
    for claim in claims:
        v = _verified(briefing, by_id.get(claim.id) or error_verdict(claim.id, failure))
        # An engine that does not say whether an `unsupported` claim brings specifics is taken at
        # its word: its verdict stands on its own.
        specifics = True if v.specifics is None else v.specifics
        out.append(
            CheckedClaim(
                **claim.model_dump(),
                verdict=v.label,
                score=v.score,
                evidence=v.evidence,
                rationale=v.rationale,
                flagged=is_flagged(claim.role, v.label, specifics, score=v.score, rule=v.rule,
                                   calibration=calibration),
                rule=v.rule,
            )
        )
    return out
