"""The data model, in one place. Every stage and engine speaks these types.

All character offsets index into ``Briefing.text``: the file decoded as UTF-8
exactly as it is (a BOM or CRLF stays in the text), so ``text[start:end]``
is always the span a claim or quote came from.
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


class CheckedClaim(Claim):
    verdict: Label
    score: float = Field(ge=0.0, le=1.0)
    evidence: Evidence | None
    rationale: str
    flagged: bool


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

    @property
    def flagged(self) -> list[CheckedClaim]:
        return [c for c in self.claims if c.flagged]


# --- LLM output contracts ---
# What the OpenAI-compatible engine asks a model for (sent as strict JSON schemas) and how a reply
# is judged. Structure is checked by the schema; meaning by the validators below, which read the
# briefing from the validation context (``Model.model_validate(data, context=...)``): a section,
# claim id or quote that is not in the briefing fails, and the error goes back to the model.

from pydantic import ValidationInfo as _ValidationInfo  # noqa: E402
from pydantic import model_validator as _model_validator  # noqa: E402

LLMLabel = Literal["supported", "contradicted", "unsupported", "off_topic"]


def _context(info: _ValidationInfo) -> dict | None:
    return info.context if isinstance(info.context, dict) else None


class ExtractedClaim(Model):
    section: str = Field(description="name of the section the claim comes from, exactly as given")
    quote: str = Field(description="the span of that section the claim comes from, copied verbatim")
    claim: str = Field(description="one atomic fact, self-contained, pronouns resolved")


class ExtractReply(Model):
    """Context: ``{"sections": {name: body}}`` of the checkable (non-source) sections."""

    claims: list[ExtractedClaim]

    @_model_validator(mode="after")
    def _in_briefing(self, info: _ValidationInfo) -> "ExtractReply":
        ctx = _context(info)
        if ctx is None:
            return self
        from .engines.llm_io import extract_problems

        problems = extract_problems(self, ctx["sections"])
        if problems:
            raise ValueError("; ".join(problems))
        return self


class LLMVerdict(Model):
    claim_id: str
    label: LLMLabel
    evidence: str = Field(description="a sentence of the source copied verbatim; empty only when none applies")
    rationale: str = Field(description="one line: why")


class CheckReply(Model):
    """Context: ``{"claim_ids": [...], "sources": [source section bodies]}``."""

    verdicts: list[LLMVerdict]

    @_model_validator(mode="after")
    def _covers_claims(self, info: _ValidationInfo) -> "CheckReply":
        ctx = _context(info)
        if ctx is None:
            return self
        from .engines.llm_io import check_problems, flat_problems

        problems = check_problems(self, ctx["claim_ids"], ctx["sources"])
        if problems:
            raise ValueError("; ".join(flat_problems(problems)))
        return self


class DigestBullet(Model):
    text: str
    claim_ids: list[str] = Field(description="ids of the supported claims this bullet is drawn from")


class DigestReply(Model):
    """Context: ``{"claim_ids": [supported ids], "max_bullets": int, "max_words": int}``."""

    bullets: list[DigestBullet]

    @_model_validator(mode="after")
    def _from_supported(self, info: _ValidationInfo) -> "DigestReply":
        ctx = _context(info)
        if ctx is None:
            return self
        from .engines.llm_io import digest_problems

        problems = digest_problems(self, ctx["claim_ids"], ctx["max_bullets"], ctx["max_words"])
        if problems:
            raise ValueError("; ".join(problems))
        return self
