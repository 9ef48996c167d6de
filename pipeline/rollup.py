"""Roll claim verdicts up into section scores and the section x section matrix."""

from __future__ import annotations

from .evidence import SourceEvidence
from .models import Briefing, CheckedClaim, Matrix, SectionScore
from .textspan import sentences


def section_scores(briefing: Briefing, claims: list[CheckedClaim]) -> list[SectionScore]:
    out = []
    for s in briefing.sections:
        mine = [c for c in claims if c.section == s.name]
        score = round(sum(c.score for c in mine) / len(mine), 4) if mine else None
        out.append(
            SectionScore(name=s.name, role=s.role, score=score, claims=len(mine), flagged=sum(c.flagged for c in mine))
        )
    return out


def matrix(briefing: Briefing, claims: list[CheckedClaim], evidence: SourceEvidence | None = None) -> Matrix:
    """scores[i][j]: mean over the units of section i (its claims, or its sentences for a source
    section) of the best cosine similarity to a sentence of section j, as the briefing's evidence
    measures it: static embeddings where the engine loads them anyway (embedded), else word
    overlap, so that an LLM run loads no embedding model."""
    evidence = evidence or SourceEvidence(briefing)
    units = []
    for s in briefing.sections:
        mine = [c.text for c in claims if c.section == s.name]
        units.append(mine or [x.text for x in sentences(briefing.text, s.start, s.end)])
    n = len(units)
    scores = [[1.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(n):
            if i != j and len(units[i]) and len(units[j]):
                best = evidence.similarity(units[i], units[j]).max(axis=1)
                scores[i][j] = round(float(max(0.0, best.mean())), 4)
    return Matrix(sections=[s.name for s in briefing.sections], scores=scores)
