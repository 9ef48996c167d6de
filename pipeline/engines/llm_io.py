"""What goes into and comes out of the LLM stages, with no LLM library imported: prompt files,
the briefing rendered as delimited data, quote location, and the semantic checks behind the
validators of the LLM output contracts in ``pipeline.models``.

The briefing is always data: it travels in the human message between ``<<<NAME ... NAME>>>``
delimiters, never formatted into a prompt template, and any ``<<<`` / ``>>>`` inside it is
defused so a briefing cannot close a block and speak as the instructions.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path

from ..models import Briefing, CheckedClaim, Claim, Label

STAGES = ("extract", "check", "digest")
MAX_LISTED = 8  # problems listed in one error fed back to the model
MIN_EVIDENCE_WORDS = 3

# A verdict's score when the model gives only a label (1 = consistent with the source).
LABEL_SCORES: dict[str, float] = {"supported": 1.0, "unsupported": 0.3, "contradicted": 0.0, "off_topic": 0.0}


# --- prompts ---------------------------------------------------------------------------------


@lru_cache(maxsize=None)
def load_prompt(stage: str) -> tuple[str, str]:
    """(text, sha256) of prompts/<stage>.md, shipped as package data of ``pipeline.prompts``."""
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}")
    name = f"{stage}.md"
    try:
        from importlib.resources import files

        text = files("pipeline.prompts").joinpath(name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        # A source checkout used without installing: prompts/ sits beside the package.
        text = (Path(__file__).resolve().parents[2] / "prompts" / name).read_text(encoding="utf-8")
    return text, hashlib.sha256(text.encode("utf-8")).hexdigest()


def response_schema(model_cls) -> dict:
    """The strict JSON schema sent as ``response_format`` (llama.cpp turns it into a grammar)."""
    return {"name": model_cls.__name__, "strict": True, "schema": model_cls.model_json_schema()}


# --- the briefing as data --------------------------------------------------------------------


def defuse(text: str) -> str:
    """Data may not contain the block delimiters."""
    return text.replace("<<<", "< < <").replace(">>>", "> > >")


def block(tag: str, body: str, **attrs: str) -> str:
    head = " ".join([tag] + [f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in attrs.items()])
    return f"<<<{head}\n{defuse(body)}\n{tag}>>>"


def extract_input(briefing: Briefing) -> str:
    parts = [block("HEADLINE", briefing.headline)]
    for s in briefing.sections:
        if s.name == "Headline":
            continue
        parts.append(block("SECTION", briefing.body(s).strip(), name=s.name, role=s.role))
    todo = [s.name for s in briefing.sections if s.role != "source"]
    parts.append(block("EXTRACT_FROM", "\n".join(todo)))
    return "\n\n".join(parts)


def source_sections(briefing: Briefing):
    return briefing.by_role("source")


def check_input(briefing: Briefing, claims: list[Claim]) -> str:
    parts = [block("SOURCE", briefing.body(s).strip(), name=s.name) for s in source_sections(briefing)]
    lines = [f"[{c.id}] ({c.section}) {c.text}" for c in claims]
    parts.append(block("CLAIMS", "\n".join(lines)))
    return "\n\n".join(parts)


def digest_input(briefing: Briefing, claims: list[CheckedClaim], max_bullets: int, max_words: int) -> str:
    lines = [f"[{c.id}] {c.text}" for c in claims]
    return "\n\n".join(
        [
            block("HEADLINE", briefing.headline),
            block("SUPPORTED_CLAIMS", "\n".join(lines)),
            block("LIMITS", f"max_bullets: {max_bullets}\nmax_words: {max_words}"),
        ]
    )


# --- locating quotes -------------------------------------------------------------------------

_QUOTE_CLASSES = {"'": "['’‘`]", "’": "['’‘`]", "‘": "['’‘`]", '"': "[\"“”]", "“": "[\"“”]", "”": "[\"“”]",
                  "-": "[-–—]", "–": "[-–—]", "—": "[-–—]"}


def _flex_pattern(quote: str) -> re.Pattern | None:
    tokens = quote.split()
    if not tokens:
        return None
    esc = ["".join(_QUOTE_CLASSES.get(ch, re.escape(ch)) for ch in tok) for tok in tokens]
    return re.compile(r"\s+".join(esc))


def find_quote(body: str, quote: str, after: int = 0) -> tuple[int, int] | None:
    """Offsets of ``quote`` in ``body``: verbatim first, then tolerating differences in whitespace,
    quote marks and dashes only (the span returned is the body's own text). Prefers a match at
    or after ``after`` so repeated spans map to successive occurrences."""
    q = quote.strip()
    if q.startswith("- "):
        q = q[2:].strip()
    if not q:
        return None
    for start in (after, 0):
        at = body.find(q, start)
        if at >= 0:
            return at, at + len(q)
    pat = _flex_pattern(q)
    if pat is not None:
        for start in (after, 0):
            m = pat.search(body, start)
            if m:
                return m.start(), m.end()
    return None


def _short(text: str, n: int = 80) -> str:
    return json.dumps(text if len(text) <= n else text[: n - 1] + "…", ensure_ascii=False)


def _listed(problems: list[str]) -> list[str]:
    if len(problems) <= MAX_LISTED:
        return problems
    return problems[:MAX_LISTED] + [f"and {len(problems) - MAX_LISTED} more problem(s) like these"]


# --- semantic checks behind the validators ---------------------------------------------------


def extract_problems(reply, sections: dict[str, str]) -> list[str]:
    problems = []
    covered = set()
    names = ", ".join(_short(n, 40) for n in sections)
    for i, c in enumerate(reply.claims):
        if c.section not in sections:
            problems.append(f"claims[{i}].section {_short(c.section, 40)} is not one of the sections to extract from ({names})")
            continue
        if not c.claim.strip():
            problems.append(f"claims[{i}].claim is empty")
        if find_quote(sections[c.section], c.quote) is None:
            problems.append(f"claims[{i}].quote {_short(c.quote)} does not occur verbatim in section {_short(c.section, 40)}")
            continue
        covered.add(c.section)
    for name, body in sections.items():
        if body.strip() and name not in covered:
            problems.append(f"no claim was extracted from section {_short(name, 40)}")
    return _listed(problems)


def evidence_problem(evidence: str, sources: list[str]) -> str | None:
    if len(evidence.split()) < MIN_EVIDENCE_WORDS and not any(evidence.strip() == s.strip() for s in sources):
        return f"evidence {_short(evidence)} is too short to be a quote (copy a whole source sentence)"
    if not any(find_quote(s, evidence) for s in sources):
        return f"evidence {_short(evidence)} does not occur verbatim in the source"
    return None


def check_problems(reply, claim_ids: list[str], sources: list[str]) -> dict[str, list[str]]:
    """Problems by claim id ('' for problems that belong to no given claim)."""
    wanted = set(claim_ids)
    out: dict[str, list[str]] = {}
    seen: set[str] = set()

    def add(key: str, msg: str) -> None:
        out.setdefault(key, []).append(msg)

    for v in reply.verdicts:
        cid = v.claim_id
        if cid not in wanted:
            add("", f"verdict for unknown claim id {_short(cid, 20)} (the ids are the [..] tags in CLAIMS)")
            continue
        if cid in seen:
            add(cid, f"claim {cid} has more than one verdict")
            continue
        seen.add(cid)
        if not v.rationale.strip():
            add(cid, f"claim {cid}: rationale is empty")
        if v.evidence.strip():
            p = evidence_problem(v.evidence, sources)
            if p:
                add(cid, f"claim {cid}: {p}")
        elif v.label in ("supported", "contradicted"):
            add(cid, f"claim {cid}: a {v.label} verdict needs an evidence quote from the source")
    missing = [c for c in claim_ids if c not in seen]
    for cid in missing:
        add(cid, f"no verdict for claim {cid}")
    return out


def flat_problems(problems: dict[str, list[str]]) -> list[str]:
    return _listed([p for ps in problems.values() for p in ps])


def digest_problems(reply, claim_ids: list[str], max_bullets: int, max_words: int) -> list[str]:
    problems = []
    if len(reply.bullets) > max_bullets:
        problems.append(f"{len(reply.bullets)} bullets; at most {max_bullets} are allowed")
    known = set(claim_ids)
    for i, b in enumerate(reply.bullets):
        if not b.text.strip():
            problems.append(f"bullets[{i}].text is empty")
        elif len(b.text.split()) > max_words:
            problems.append(f"bullets[{i}] has {len(b.text.split())} words; the whole digest may have {max_words}")
        if not b.claim_ids:
            problems.append(f"bullets[{i}].claim_ids is empty: name the supported claims it is drawn from")
        bad = [c for c in b.claim_ids if c not in known]
        if bad:
            problems.append(f"bullets[{i}] cites {', '.join(_short(c, 20) for c in bad)}, not among the supported claims")
    return _listed(problems)


def label_score(label: Label) -> float:
    return LABEL_SCORES.get(label, 0.0)
