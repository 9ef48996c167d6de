"""The OpenAI-compatible engine (OpenAI, Azure, vLLM, Ollama, llama.cpp server) over
langchain-openai's ``ChatOpenAI``.

Calls per briefing: 1 extract + ceil(claims / check_batch) check + 1 digest (0 when no claim is
supported), plus at most ``max_reasks`` (default 2) re-asks per call. ``check_batch`` defaults to
200 claims, so a briefing makes 3 calls unless the context window forces smaller check batches
(``BRIEFCHECK_CHECK_BATCH``). A cached stage makes none.

Each request's JSON schema is built from the briefing (``llm_io.extract_schema`` /
``check_schema`` / ``digest_schema``): claim ids, section names and source sentences are enums,
so a server that enforces the schema (llama.cpp's grammar, OpenAI strict mode) can only return
references that exist. Length / count bounds and one-item-per-claim tuples are added only with
``schema_bounds`` (the local engine, or ``BRIEFCHECK_SCHEMA_BOUNDS=1``): OpenAI strict mode
rejects those keywords. The schema is part of the cache key; every reply is still validated.

Failures, by kind:
- transport (429, 5xx, connection errors, timeouts): the OpenAI SDK retries with backoff, capped
  by ``max_retries``; what still fails raises EngineError (tenacity is not stacked on these);
- the reply (not JSON, schema violation, ``parsed is None``, ``finish_reason == "length"``, a
  section / claim id / quote not in the briefing): tenacity re-asks with the validation error fed
  back as a follow-up message, at most ``max_reasks`` times, each counted in ``usage.reasks``.
When the re-asks run out: extract and digest raise EngineError; check keeps the verdicts that are
valid and returns explicit ``error`` verdicts, with the reason, for the claims whose verdicts are
missing or invalid. Never a silent pass.
"""

from __future__ import annotations

import logging

import openai
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from langchain_openai import ChatOpenAI
from pydantic import BaseModel, ValidationError
from tenacity import Retrying, retry_if_exception_type, stop_after_attempt

from ..store.cache import ResponseCache, cache_key
from .. import settings
from ..errors import EngineError
from ..models import Briefing, CheckedClaim, Claim, Evidence, Usage, Verdict
from ..pricing import cost_usd
from . import llm_io
from .replies import CheckReply, DigestReply, ExtractReply

log = logging.getLogger(__name__)

DEFAULT_MODEL = "gpt-4o-mini"
MAX_REASKS = 2
FED_BACK_REPLY_CHARS = 1500  # how much of a rejected reply goes back with the error


class InvalidReply(Exception):
    """A reply that came back but cannot be used; the message is fed back to the model."""

    def __init__(self, message: str, content: str | None = None, parsed: dict | None = None):
        super().__init__(message)
        self.content = content
        self.parsed = parsed


def _validation_message(e: ValidationError) -> str:
    out = []
    for err in e.errors(include_url=False)[: llm_io.MAX_LISTED]:
        loc = ".".join(str(x) for x in err.get("loc", ()))
        msg = err.get("msg", "").removeprefix("Value error, ")
        out.append(f"{loc}: {msg}" if loc else msg)
    return "; ".join(out)


class OpenAIEngine:
    embeds = False  # nothing in an LLM run asks for sentence embeddings
    digest_cut = 0.0  # the model's own "supported" is the judgement: its scores are label scores

    def __init__(
        self,
        model: str | None = None,
        cache: bool | ResponseCache = True,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        max_tokens: int | None = None,
        max_reasks: int = MAX_REASKS,
        check_batch: int | None = None,
        price_model: str | None = "",
        name: str | None = None,
        schema_bounds: bool | None = None,
    ):
        cfg = settings.load()
        self.model = model or cfg.model or DEFAULT_MODEL
        base_url = base_url or cfg.openai_base_url or None
        key = cfg.openai_api_key.get_secret_value() if cfg.openai_api_key else None
        api_key = api_key or key or ("not-needed" if base_url else None)
        if not api_key:
            raise EngineError("the OpenAI-compatible engine needs OPENAI_API_KEY or OPENAI_BASE_URL")
        self.timeout = timeout if timeout is not None else cfg.llm_timeout
        self.max_retries = max_retries if max_retries is not None else cfg.llm_max_retries
        self.max_tokens = max_tokens if max_tokens is not None else (cfg.llm_max_tokens or 4096)
        self.check_batch = check_batch or cfg.check_batch
        self.max_reasks = max(0, int(max_reasks))
        # length / count bounds in the schemas: llama.cpp enforces them; OpenAI strict mode rejects them
        self.schema_bounds = schema_bounds if schema_bounds is not None else cfg.schema_bounds
        # price_model "" = price by the model name; None = free (a local model).
        self.price_model = self.model if price_model == "" else price_model
        self.name = name or f"openai:{self.model}"
        self.base_url = base_url
        self.llm = ChatOpenAI(
            model=self.model,
            temperature=0,
            base_url=base_url,
            api_key=api_key,
            timeout=self.timeout,
            max_retries=self.max_retries,
            max_tokens=self.max_tokens,
            use_responses_api=False,
        )
        if cache is True:
            cache = ResponseCache()
        self.cache: ResponseCache | None = cache if isinstance(cache, ResponseCache) else None

    # --- one structured call with bounded re-asks ----------------------------------------------

    def _runnable(self, schema: dict):
        # the schema is built per request from the briefing (enums of its ids and sentences)
        return self.llm.with_structured_output(schema, method="json_schema", include_raw=True, strict=True)

    def _account(self, usage: Usage, prompt_tokens: int, completion_tokens: int) -> None:
        usage.llm_calls += 1
        usage.prompt_tokens += prompt_tokens
        usage.completion_tokens += completion_tokens
        usage.cost_usd = round(usage.cost_usd + cost_usd(self.price_model, prompt_tokens, completion_tokens), 8)

    def _ask_once(self, runnable, messages: list[BaseMessage], model_cls: type[BaseModel], context: dict,
                  usage: Usage) -> tuple[BaseModel, int, int]:
        try:
            out = runnable.invoke(messages)
        except (openai.LengthFinishReasonError, openai.ContentFilterFinishReasonError) as e:
            u = e.completion.usage
            self._account(usage, getattr(u, "prompt_tokens", 0) or 0, getattr(u, "completion_tokens", 0) or 0)
            choice = e.completion.choices[0] if e.completion.choices else None
            content = choice.message.content if choice else None
            if isinstance(e, openai.LengthFinishReasonError):
                raise InvalidReply("the reply was cut off at the token limit (finish_reason=length); "
                                   "reply with a shorter, complete JSON object", content) from None
            raise InvalidReply("the reply was stopped by a content filter", content) from None
        except openai.OpenAIError as e:
            raise EngineError(f"LLM request failed ({type(e).__name__}): {e}") from e
        raw = out.get("raw")
        meta = getattr(raw, "usage_metadata", None) or {}
        pt, ct = int(meta.get("input_tokens", 0) or 0), int(meta.get("output_tokens", 0) or 0)
        self._account(usage, pt, ct)
        content = raw.content if isinstance(getattr(raw, "content", None), str) else None
        finish = (getattr(raw, "response_metadata", None) or {}).get("finish_reason")
        if finish == "length":
            raise InvalidReply("the reply was cut off at the token limit (finish_reason=length)", content)
        if out.get("parsing_error") is not None:
            err = str(out["parsing_error"]).splitlines()[0][:300]
            raise InvalidReply(f"the reply is not a JSON object of the required schema: {err}", content)
        parsed = out.get("parsed")
        if parsed is None:
            raise InvalidReply("the reply could not be parsed (empty or not JSON)", content)
        if not isinstance(parsed, dict):
            raise InvalidReply("the reply is not a JSON object", content)
        try:
            return model_cls.model_validate(parsed, context=context), pt, ct
        except ValidationError as e:
            raise InvalidReply(_validation_message(e), content, parsed) from None

    def _structured(self, stage: str, model_cls: type[BaseModel], data: str, context: dict,
                    usage: Usage, json_schema: dict | None = None) -> BaseModel:
        """The validated reply of one stage call: from the cache, or asked with bounded re-asks.
        Raises InvalidReply (the last one) when every attempt failed."""
        prompt, prompt_sha = llm_io.load_prompt(stage)
        schema = llm_io.response_schema(model_cls, json_schema)
        key = cache_key(self.model, prompt_sha, schema, [("system", prompt), ("human", data)])
        if self.cache is not None:
            hit = self.cache.get(key)
            if hit is not None:
                try:
                    reply = model_cls.model_validate_json(hit, context=context)
                    usage.cache_hits += 1
                    return reply
                except ValidationError:
                    log.warning("%s: ignoring a cached reply that no longer validates", stage)
        runnable = self._runnable(schema)
        messages: list[BaseMessage] = [SystemMessage(content=prompt), HumanMessage(content=data)]
        retrying = Retrying(
            stop=stop_after_attempt(self.max_reasks + 1),
            retry=retry_if_exception_type(InvalidReply),
            reraise=True,
        )
        for attempt in retrying:
            with attempt:
                if attempt.retry_state.attempt_number > 1:
                    usage.reasks += 1
                try:
                    reply, pt, ct = self._ask_once(runnable, messages, model_cls, context, usage)
                except InvalidReply as bad:
                    log.info("%s: attempt %d rejected: %s", stage, attempt.retry_state.attempt_number, bad)
                    previous = (bad.content or "")[:FED_BACK_REPLY_CHARS]
                    messages = messages + [
                        AIMessage(content=previous),
                        HumanMessage(content=f"Your reply was rejected: {bad}\n"
                                     "Reply again with the complete JSON object, fixing this."),
                    ]
                    raise
        if self.cache is not None:
            self.cache.put(key, model=self.model, stage=stage, response=reply.model_dump_json(),
                           prompt_tokens=pt, completion_tokens=ct)
        return reply

    # --- the three stages ----------------------------------------------------------------------

    def extract(self, briefing: Briefing, usage: Usage) -> list[Claim]:
        checkable = [s for s in briefing.sections if s.role != "source"]
        if not checkable:
            return []
        bodies = {s.name: briefing.body(s) for s in checkable}
        try:
            reply = self._structured("extract", ExtractReply, llm_io.extract_input(briefing),
                                     {"sections": bodies}, usage,
                                     llm_io.extract_schema(briefing, bounds=self.schema_bounds))
        except InvalidReply as e:
            raise EngineError(f"no valid claim list after {self.max_reasks + 1} attempt(s): {e}") from None
        by_name = {s.name: s for s in checkable}
        after: dict[str, int] = {}
        spans = []
        for c in reply.claims:
            sec = by_name[c.section]
            a, b = llm_io.find_quote(bodies[c.section], c.quote, after.get(c.section, 0))
            after[c.section] = a + 1
            spans.append((sec.start + a, sec.start + b, sec, c.claim.strip()))
        spans.sort(key=lambda t: (t[0], t[1]))
        return [
            Claim(id=f"c{i}", section=sec.name, role=sec.role, text=text, start=a, end=b)
            for i, (a, b, sec, text) in enumerate(spans, 1)
        ]

    def check(self, briefing: Briefing, claims: list[Claim], usage: Usage, evidence=None) -> list[Verdict]:
        out: list[Verdict] = []
        for i in range(0, len(claims), self.check_batch):
            out.extend(self._check_batch(briefing, claims[i : i + self.check_batch], usage))
        return out

    def _check_batch(self, briefing: Briefing, claims: list[Claim], usage: Usage) -> list[Verdict]:
        sources = [briefing.body(s) for s in llm_io.source_sections(briefing)]
        ids = [c.id for c in claims]
        try:
            reply = self._structured("check", CheckReply, llm_io.check_input(briefing, claims),
                                     {"claim_ids": ids, "sources": sources}, usage,
                                     llm_io.check_schema(briefing, ids, bounds=self.schema_bounds))
            return [self._verdict(briefing, v) for v in reply.verdicts]
        except EngineError as e:
            return [self._error(cid, str(e)) for cid in ids]
        except InvalidReply as e:
            return self._salvage(briefing, ids, sources, e)

    def _salvage(self, briefing: Briefing, ids: list[str], sources: list[str], e: InvalidReply) -> list[Verdict]:
        """After the last re-ask: keep the verdicts that are valid, error the rest with the reason."""
        attempts = self.max_reasks + 1
        try:
            reply = CheckReply.model_validate(e.parsed) if e.parsed is not None else None
        except ValidationError:
            reply = None
        if reply is None:
            return [self._error(cid, f"no valid verdict list after {attempts} attempt(s): {e}") for cid in ids]
        problems = llm_io.check_problems(reply, ids, sources)
        first = {}
        for v in reply.verdicts:
            first.setdefault(v.claim_id, v)
        out = []
        for cid in ids:
            if cid in problems or cid not in first:
                why = "; ".join(problems.get(cid, ["no verdict"]))
                out.append(self._error(cid, f"invalid verdict after {attempts} attempt(s): {why}"))
            else:
                out.append(self._verdict(briefing, first[cid]))
        return out

    @staticmethod
    def _error(claim_id: str, reason: str) -> Verdict:
        return Verdict(claim_id=claim_id, label="error", score=0.0, evidence=None, rationale=f"not checked: {reason}")

    @staticmethod
    def _verdict(briefing: Briefing, v) -> Verdict:
        evidence = None
        if v.evidence.strip():
            for s in llm_io.source_sections(briefing):
                span = llm_io.find_quote(briefing.body(s), v.evidence)
                if span:
                    a, b = s.start + span[0], s.start + span[1]
                    evidence = Evidence(text=briefing.text[a:b], start=a, end=b)
                    break
        return Verdict(claim_id=v.claim_id, label=v.label, score=llm_io.label_score(v.label), evidence=evidence,
                       rationale=v.rationale.strip() or v.label)

    def digest(self, briefing: Briefing, claims: list[CheckedClaim], max_bullets: int, max_words: int,
               usage: Usage) -> list[str]:
        if not claims:
            return []
        ctx = {"claim_ids": [c.id for c in claims], "max_bullets": max_bullets, "max_words": max_words}
        try:
            reply = self._structured("digest", DigestReply,
                                     llm_io.digest_input(briefing, claims, max_bullets, max_words), ctx, usage,
                                     llm_io.digest_schema(ctx["claim_ids"], max_bullets, bounds=self.schema_bounds))
        except InvalidReply as e:
            raise EngineError(f"no valid digest after {self.max_reasks + 1} attempt(s): {e}") from None
        return [b.text.strip() for b in reply.bullets]

    def verify_bullets(self, evidence, bullets: list[str]) -> list[bool]:
        """A bullet holds unless it brings a number, date or name the source never writes: the
        model's own bullets are not judged again by the embedded engine's scorer."""
        return [not evidence.novel_specifics(b) for b in bullets]

    def close(self) -> None:
        if self.cache is not None:
            self.cache.close()
            self.cache = None
