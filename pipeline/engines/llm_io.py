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


def response_schema(model_cls, schema: dict | None = None) -> dict:
    """The strict JSON schema sent as ``response_format`` (llama.cpp turns it into a grammar)."""
    return {"name": model_cls.__name__, "strict": True, "schema": schema or model_cls.model_json_schema()}


# --- per-request schemas: validity as a property of the schema -------------------------------
#
# Each request's schema is built from the briefing, so constrained decoding (llama.cpp's grammar,
# OpenAI strict mode) can only produce references that exist: claim ids, section names, source
# sentences are ``enum``s. Pydantic validation still runs on every reply (a server may ignore the
# schema). OpenAI strict mode accepts ``enum`` (up to 500 values in a schema, and at most
# ENUM_MAX_CHARS characters for a large enum), but not length / count keywords (``maxLength``,
# ``minItems``, ``maxItems``) nor ``anyOf`` objects sharing their first key, so those are added only
# with ``bounds`` (the local llama.cpp engine, or BRIEFCHECK_SCHEMA_BOUNDS=1); an enum too large
# for OpenAI's limits falls back to a plain (with bounds: length-bounded) string.

ENUM_MAX_VALUES = 250
ENUM_MAX_CHARS = 7500
CLAIM_MAX_CHARS = 100
RATIONALE_MAX_CHARS = 100
BULLET_MAX_CHARS = 200
QUOTE_MAX_CHARS = 400  # a free-text quote, with bounds, when its enum would be too large
EXTRACT_ITEMS_PER_UNIT = 2  # with bounds but no tuple (a section without units): claims per unit


def _unique(values) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _string(description: str | None = None, *, bounds: bool, max_len: int | None = None, min_len: int = 0,
            enum: list[str] | None = None) -> dict:
    out: dict = {"type": "string"}
    if description:
        out["description"] = description
    if enum is not None and len(enum) <= ENUM_MAX_VALUES and sum(map(len, enum)) <= ENUM_MAX_CHARS:
        out["enum"] = enum
        return out
    if bounds:
        if min_len:
            out["minLength"] = min_len
        if max_len:
            out["maxLength"] = max_len
    return out


def _obj(properties: dict) -> dict:
    return {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}


def _array(items: dict, *, bounds: bool, min_items: int | None = None, max_items: int | None = None) -> dict:
    out = {"type": "array", "items": items}
    if bounds:
        if min_items is not None:
            out["minItems"] = min_items
        if max_items is not None:
            out["maxItems"] = max_items
    return out


def section_units(briefing: Briefing, section) -> list[str]:
    """Bullets (without "- ") and sentences of a section, verbatim: what a claim may quote."""
    from ..textspan import lines, sentences

    out = []
    for ln in lines(briefing.text, section.start, section.end):
        start = ln.start + 2 if ln.text.startswith("- ") else ln.start
        parts = [sp.text for sp in sentences(briefing.text, start, ln.end)]
        out.append(briefing.text[start : ln.end].strip())
        if len(parts) > 1:
            out.extend(parts)
    return _unique(out)


def source_sentences(briefing: Briefing) -> list[str]:
    """The headline and the source sentences, verbatim: what evidence may quote."""
    from ..evidence import source_spans

    return _unique(sp.text for sp in source_spans(briefing))


def claim_units(briefing: Briefing, section) -> list[str]:
    """A section cut into the units a claim list walks through, in text order: each bullet
    (without "- ") and each sentence of the prose."""
    from ..textspan import lines, sentences

    out = []
    for ln in lines(briefing.text, section.start, section.end):
        if ln.text.startswith("- "):
            out.append(ln.text[2:].strip())
        else:
            out.extend(sp.text for sp in sentences(briefing.text, ln.start, ln.end))
    return [u for u in out if u]


def extract_schema(briefing: Briefing, *, bounds: bool = False) -> dict:
    """Without bounds: ``section`` and ``quote`` are enums (the checkable section names; their
    bullets and sentences). With bounds (llama.cpp), the claim list is a tuple with one claim per
    bullet / sentence of the checkable sections, in text order (``prefixItems``): section and quote
    are fixed per position, so every section is covered and every quote is verbatim; the model
    writes the claim text, bounded by CLAIM_MAX_CHARS. Splitting a sentence into several claims
    is then left to the model only without bounds."""
    checkable = [s for s in briefing.sections if s.role != "source"]
    claim = _string("one atomic fact, self-contained, pronouns resolved", bounds=bounds,
                    max_len=CLAIM_MAX_CHARS, min_len=1)

    def item(names: list[str], quotes: list[str]) -> dict:
        return _obj({
            "section": _string("name of the section the claim comes from, exactly as given", bounds=bounds,
                               enum=names),
            "quote": _string("the span of that section the claim comes from, copied verbatim", bounds=bounds,
                             max_len=QUOTE_MAX_CHARS, min_len=1, enum=quotes),
            "claim": claim,
        })

    if bounds:
        tuple_items = [item([s.name], [u]) for s in checkable for u in claim_units(briefing, s)]
        if tuple_items:
            return _obj({"claims": {"type": "array", "prefixItems": tuple_items, "minItems": len(tuple_items),
                                    "maxItems": len(tuple_items)}})
    units = _unique(q for s in checkable for q in section_units(briefing, s))
    return _obj({"claims": _array(item([s.name for s in checkable], units), bounds=bounds,
                                  min_items=min(len(checkable), 1),
                                  max_items=EXTRACT_ITEMS_PER_UNIT * max(1, len(units)))})


def check_schema(briefing: Briefing, claim_ids: list[str], *, bounds: bool = False) -> dict:
    """Claim ids, labels and evidence sentences are enums. With bounds (llama.cpp), the verdict
    list is a tuple with one verdict per claim id in order (``prefixItems``), a supported or
    contradicted verdict must quote a sentence (an ``anyOf`` on the label), and the rationale is
    bounded by RATIONALE_MAX_CHARS."""
    sentences = source_sentences(briefing)
    labels = ["supported", "contradicted", "unsupported", "off_topic"]

    def item(ids: list[str], label_enum: list[str], evidence_enum: list[str]) -> dict:
        return _obj({
            "claim_id": _string(None, bounds=bounds, enum=ids),
            "label": {"type": "string", "enum": label_enum},
            "evidence": _string("a sentence of the source copied verbatim; empty only when none applies",
                                bounds=bounds, max_len=QUOTE_MAX_CHARS, enum=evidence_enum),
            "rationale": _string("one line: why", bounds=bounds, max_len=RATIONALE_MAX_CHARS, min_len=1),
        })

    if bounds and claim_ids:
        tuple_items = [{"anyOf": [item([cid], labels[:2], sentences), item([cid], labels[2:], sentences + [""])]}
                       for cid in claim_ids]
        return _obj({"verdicts": {"type": "array", "prefixItems": tuple_items, "minItems": len(tuple_items),
                                  "maxItems": len(tuple_items)}})
    return _obj({"verdicts": _array(item(list(claim_ids), labels, sentences + [""]), bounds=bounds)})


def digest_schema(claim_ids: list[str], max_bullets: int, *, bounds: bool = False) -> dict:
    bullet = _obj({
        "text": _string(None, bounds=bounds, max_len=BULLET_MAX_CHARS, min_len=1),
        "claim_ids": _array(_string(None, bounds=bounds, enum=list(claim_ids)), bounds=bounds, min_items=1,
                            max_items=min(3, max(1, len(claim_ids)))),
    })
    return _obj({"bullets": _array(bullet, bounds=bounds, min_items=1, max_items=max(1, max_bullets))})


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
