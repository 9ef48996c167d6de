"""The data model, in one place. Every stage and engine speaks these types.

All character offsets index into ``Briefing.text``: the file decoded (UTF-8, or the
encoding ``Briefing.encoding`` names) exactly as it is (a BOM or CRLF stays in the text), so
``text[start:end]`` is always the span a claim or quote came from.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Role = Literal["source", "summary", "analysis"]
Label = Literal["supported", "contradicted", "unsupported", "off_topic", "error"]
LABELS: tuple[str, ...] = ("supported", "contradicted", "unsupported", "off_topic", "error")


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Section(Model):
    name: str
    role: Role
    start: int = Field(ge=0, description="offset of the section body")
    end: int = Field(ge=0)


class Briefing(Model):
    path: str
    sha256: str
    timestamp: str | None = None
    headline: str
    sections: list[Section]
    encoding: str = Field("utf-8", description="the encoding the file was read in (Python's codec name)")
    text: str = Field(exclude=True, repr=False)

    def section(self, name: str) -> Section:
        for s in self.sections:
            if s.name == name:
                return s
        raise KeyError(name)

    def body(self, section: Section) -> str:
        return self.text[section.start : section.end]

    def by_role(self, role: Role) -> list[Section]:
        return [s for s in self.sections if s.role == role]


class Claim(Model):
    id: str
    section: str
    role: Role
    text: str = Field(min_length=1, description="the claim, self-contained")
    start: int = Field(ge=0, description="span in Briefing.text the claim came from")
    end: int = Field(ge=0)


class Evidence(Model):
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Verdict(Model):
    claim_id: str
    label: Label
    score: float = Field(ge=0.0, le=1.0, description="1 = consistent with the source")
    evidence: Evidence | None = None
    rationale: str = Field(min_length=1)
    rule: str | None = Field(default=None, description="the embedded engine's rule that decided it")
    # Whether the claim brings numbers, dates or names the source lacks, where the engine says;
    # None: the engine's verdict stands on its own (an LLM's `unsupported` is about specifics).
    specifics: bool | None = None


class CheckedClaim(Claim):
    verdict: Label
    score: float = Field(ge=0.0, le=1.0)
    evidence: Evidence | None
    rationale: str
    flagged: bool
    rule: str | None = Field(default=None, description="the embedded engine's rule that decided the verdict")


class SectionScore(Model):
    name: str
    role: Role
    score: float | None = Field(description="mean claim score; None when it has no claims")
    claims: int
    flagged: int


class Matrix(Model):
    """scores[i][j]: how well claims of sections[i] are backed by the text of sections[j]."""

    sections: list[str]
    scores: list[list[float]]


class Digest(Model):
    headline: str
    bullets: list[str]
    held_back: int = Field(ge=0, description="claims kept out of the digest for review")
    note: str = ""
    doubtful: int = Field(default=0, ge=0, description="supported, unflagged claims kept out of the digest "
                          "because their score is below the digest cut")
    from_story: list[str] = Field(default_factory=list, description="the story's own sentences that complete "
                                  "a digest with fewer than three confirmed bullets")


class Usage(Model):
    llm_calls: int = 0
    reasks: int = 0
    cache_hits: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0

    def add(self, other: "Usage") -> "Usage":
        return Usage(**{k: getattr(self, k) + getattr(other, k) for k in Usage.model_fields})


class Report(Model):
    briefing: Briefing
    engine: str
    claims: list[CheckedClaim]
    sections: list[SectionScore]
    matrix: Matrix
    digest: Digest
    usage: Usage
    seconds: float = 0.0
    limits: str = Field(default="", description="what the engine that checked it cannot judge")

    @property
    def flagged(self) -> list[CheckedClaim]:
        return [c for c in self.claims if c.flagged]
