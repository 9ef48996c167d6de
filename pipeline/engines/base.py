"""The one narrow interface every engine implements; stages call only this."""

from __future__ import annotations

from typing import Protocol

from ..evidence import SourceEvidence
from ..models import Briefing, CheckedClaim, Claim, Usage, Verdict


class Engine(Protocol):
    name: str
    # Whether the engine works with sentence embeddings anyway: then the briefing's evidence
    # measures similarities with them; otherwise by word overlap, and no embedding model loads.
    embeds: bool
    # The score at or above which a supported claim is confident enough to print in the digest.
    digest_cut: float

    def extract(self, briefing: Briefing, usage: Usage) -> list[Claim]:
        """Atomic claims of every non-source section, with offsets into briefing.text."""

    def check(self, briefing: Briefing, claims: list[Claim], usage: Usage, evidence: SourceEvidence) -> list[Verdict]:
        """One verdict per claim. Engines may return fewer or wrong ids: the stage repairs
        that into explicit `error` verdicts, never a pass."""

    def digest(
        self, briefing: Briefing, claims: list[CheckedClaim], max_bullets: int, max_words: int, usage: Usage
    ) -> list[str]:
        """Candidate digest bullets drawn from the supported claims given."""

    def verify_bullets(self, evidence: SourceEvidence, bullets: list[str]) -> list[bool]:
        """Whether each generated bullet holds against the source (a bullet that fails is dropped)."""

    def close(self) -> None:
        """Release servers or connections (no-op for most engines)."""
