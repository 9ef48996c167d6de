"""The LLM reply contracts: what the OpenAI-compatible engine asks a model for (sent as strict
JSON schemas) and how a reply is judged. Structure is checked by the schema; meaning by the
validators below, which read the briefing from the validation context
(``Model.model_validate(data, context=...)``): a section, claim id or quote that is not in the
briefing fails, and the error goes back to the model."""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic import ValidationInfo as _ValidationInfo
from pydantic import model_validator as _model_validator

from ..models import Model
# What the OpenAI-compatible engine asks a model for (sent as strict JSON schemas) and how a reply
# is judged. Structure is checked by the schema; meaning by the validators below, which read the
# briefing from the validation context (``Model.model_validate(data, context=...)``): a section,
# claim id or quote that is not in the briefing fails, and the error goes back to the model.


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
        from .llm_io import extract_problems

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
        from .llm_io import check_problems, flat_problems

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
        from .llm_io import digest_problems

        problems = digest_problems(self, ctx["claim_ids"], ctx["max_bullets"], ctx["max_words"])
        if problems:
            raise ValueError("; ".join(problems))
        return self
