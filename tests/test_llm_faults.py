"""The OpenAI-compatible engine against a fault-injecting server on 127.0.0.1.

Requests are counted at the server. Every fault ends recovered (and the recovery is visible:
extra requests, counted re-asks) or as explicit `error` verdicts / an EngineError; each test
would fail if the fault were swallowed into a pass.
"""

from __future__ import annotations

import json
import time

import pytest
from conftest import SEED

from pipeline.checker import check_briefing
from pipeline.errors import EngineError
from pipeline.parse import parse_file

BRIEFING = parse_file(SEED)
STORY = BRIEFING.section("The Story")


def engine(srv, **kw):
    from pipeline.engines.openai_engine import OpenAIEngine

    kw.setdefault("timeout", 5.0)
    kw.setdefault("max_retries", 2)
    return OpenAIEngine(model="fault-model", base_url=srv.base_url, api_key="sk-test", **kw)


def run(srv, **kw):
    eng = engine(srv, **kw)
    try:
        return check_briefing(BRIEFING, eng)
    finally:
        eng.close()


def assert_clean(report):
    """Every claim checked with a real quote from the story; nothing in error."""
    assert report.claims
    for c in report.claims:
        assert c.verdict == "supported", (c.id, c.rationale)
        assert c.evidence is not None
        assert BRIEFING.text[c.evidence.start : c.evidence.end] == c.evidence.text
        assert any(s.start <= c.evidence.start and c.evidence.end <= s.end for s in BRIEFING.by_role("source"))


def rejected_feedback(srv, stage: str) -> list[str]:
    """The follow-up messages that fed an error back to the model, for one stage."""
    out = []
    for body in srv.requests:
        if body["response_format"]["json_schema"]["name"].lower().startswith(stage):
            out += [m["content"] for m in body["messages"] if m["role"] == "user" and "rejected" in m["content"]]
    return out


# --- the happy path ----------------------------------------------------------------------------


def test_well_formed_replies_three_requests_then_zero_from_cache(fault_server):
    report = run(fault_server)
    assert fault_server.calls == 3
    assert dict(fault_server.stage_counts) == {"extract": 1, "check": 1, "digest": 1}
    # parsed claims: one per bullet / sentence of the checkable sections, offsets slice to the quote
    assert len(report.claims) >= 20
    for c in report.claims:
        sec = BRIEFING.section(c.section)
        assert sec.role != "source" and sec.start <= c.start < c.end <= sec.end
        assert BRIEFING.text[c.start : c.end].strip() == BRIEFING.text[c.start : c.end]
    assert [c.id for c in report.claims] == [f"c{i}" for i in range(1, len(report.claims) + 1)]
    assert_clean(report)
    assert report.digest.bullets and all(b for b in report.digest.bullets)
    u = report.usage
    assert (u.llm_calls, u.reasks, u.cache_hits) == (3, 0, 0)
    assert u.prompt_tokens > 0 and u.completion_tokens > 0
    # the same briefing again: everything from the persistent cache, no request at all
    again = run(fault_server)
    assert fault_server.calls == 3
    assert (again.usage.llm_calls, again.usage.cache_hits, again.usage.prompt_tokens) == (0, 3, 0)
    assert [c.model_dump() for c in again.claims] == [c.model_dump() for c in report.claims]
    assert again.digest == report.digest
    # --no-cache bypasses it
    run(fault_server, cache=False)
    assert fault_server.calls == 6


def test_requests_carry_the_briefing_as_delimited_data(fault_server):
    run(fault_server)
    first = fault_server.requests[0]
    assert first["temperature"] == 0
    assert first["response_format"]["type"] == "json_schema"
    assert first["response_format"]["json_schema"]["strict"] is True
    system, human = first["messages"][0], first["messages"][1]
    assert system["role"] == "system" and "<<<SECTION" not in system["content"]
    assert "Bitcoin ETFs" not in system["content"] and "Bitcoin ETFs" in human["content"]
    assert human["content"].count("<<<SECTION") == len(BRIEFING.sections) - 1


def test_check_is_one_call_however_many_claims_and_batches_when_told(fault_server):
    report = run(fault_server, check_batch=10)
    n = len(report.claims)
    assert fault_server.stage_counts["check"] == -(-n // 10)
    assert_clean(report)


# --- transport faults: the SDK's bounded retries -----------------------------------------------


def test_429_then_success_is_retried_by_the_sdk(fault_server):
    fault_server.plan("extract", {"status": 429})
    report = run(fault_server)
    assert fault_server.stage_counts["extract"] == 2  # the 429 and its retry
    assert report.usage.llm_calls == 3 and report.usage.reasks == 0
    assert_clean(report)


def test_repeated_500_fails_extraction_after_bounded_retries(fault_server):
    fault_server.plan("extract", *[{"status": 500}] * 10)
    with pytest.raises(EngineError, match="claim extraction failed"):
        run(fault_server, max_retries=2)
    assert fault_server.calls == 3  # 1 + max_retries, then it gives up


def test_repeated_500_in_check_turns_every_claim_into_a_flagged_error(fault_server):
    fault_server.plan("check", *[{"status": 500}] * 10)
    report = run(fault_server, max_retries=1)
    assert fault_server.stage_counts["check"] == 2
    assert report.claims and all(c.verdict == "error" and c.flagged for c in report.claims)
    assert all("request failed" in c.rationale for c in report.claims)
    assert report.digest.bullets == [] and report.digest.held_back == len(report.claims)
    assert fault_server.stage_counts["digest"] == 0


def test_a_hang_past_the_timeout_is_retried(fault_server):
    fault_server.plan("check", {"hang": 30})
    t0 = time.monotonic()
    report = run(fault_server, timeout=0.5, max_retries=1)
    assert time.monotonic() - t0 < 15
    assert fault_server.stage_counts["check"] == 2
    assert_clean(report)


def test_a_hang_every_time_ends_as_error_verdicts(fault_server):
    fault_server.plan("check", {"hang": 30}, {"hang": 30})
    report = run(fault_server, timeout=0.5, max_retries=1)
    assert all(c.verdict == "error" and c.flagged for c in report.claims)
    assert any("Timeout" in c.rationale or "timed out" in c.rationale for c in report.claims)


# --- bad replies: bounded re-asks with the error fed back --------------------------------------


def test_invalid_json_is_reasked_with_the_error_and_counted(fault_server):
    fault_server.plan("check", {"content": '{"verdicts": [{"claim_id": "c1", '})
    report = run(fault_server)
    assert fault_server.stage_counts["check"] == 2
    assert report.usage.reasks == 1 and report.usage.llm_calls == 4
    fb = rejected_feedback(fault_server, "check")
    assert len(fb) == 1 and "JSON" in fb[0]
    assert_clean(report)


def test_invalid_json_every_time_gives_error_verdicts_after_two_reasks(fault_server):
    fault_server.plan("check", *[{"content": "not json at all"}] * 5)
    report = run(fault_server)
    assert fault_server.stage_counts["check"] == 3  # 1 + 2 re-asks, no more
    assert report.usage.reasks == 2
    assert all(c.verdict == "error" and c.flagged for c in report.claims)
    assert all("3 attempt(s)" in c.rationale for c in report.claims)


def _drop_field(stage_key: str, field: str):
    def mutate(reply):
        reply[stage_key][0].pop(field)
        return reply

    return {"mutate": mutate}


def test_missing_required_field_is_reasked(fault_server):
    fault_server.plan("check", _drop_field("verdicts", "rationale"))
    report = run(fault_server)
    assert report.usage.reasks == 1
    assert "rationale" in rejected_feedback(fault_server, "check")[0]
    assert_clean(report)


def test_missing_required_field_in_extract_every_time_fails_the_briefing(fault_server):
    fault_server.plan("extract", *[_drop_field("claims", "quote")] * 3)
    with pytest.raises(EngineError, match="no valid claim list after 3 attempt"):
        run(fault_server)
    assert fault_server.calls == 3


def test_truncated_reply_is_a_failure_and_reasked(fault_server):
    fault_server.plan("extract", {"truncate": True})
    report = run(fault_server)
    assert fault_server.stage_counts["extract"] == 2 and report.usage.reasks == 1
    assert "finish_reason=length" in rejected_feedback(fault_server, "extract")[0]
    assert_clean(report)


def test_truncated_digest_every_time_is_reported_not_passed(fault_server):
    fault_server.plan("digest", *[{"truncate": True}] * 3)
    report = run(fault_server)
    assert fault_server.stage_counts["digest"] == 3
    assert report.digest.bullets == []
    assert "Digest generation failed" in report.digest.note and "finish_reason=length" in report.digest.note


def _drop_last_verdict(reply):
    reply["verdicts"].pop()
    return reply


def test_verdict_list_missing_a_claim_is_reasked(fault_server):
    fault_server.plan("check", {"mutate": _drop_last_verdict})
    report = run(fault_server)
    assert report.usage.reasks == 1
    assert "no verdict for claim" in rejected_feedback(fault_server, "check")[0]
    assert_clean(report)


def test_verdict_list_missing_a_claim_every_time_errors_that_claim_only(fault_server):
    fault_server.plan("check", *[{"mutate": _drop_last_verdict}] * 3)
    report = run(fault_server)
    last = report.claims[-1]
    assert last.verdict == "error" and last.flagged and f"no verdict for claim {last.id}" in last.rationale
    assert all(c.verdict == "supported" for c in report.claims[:-1])
    assert report.usage.reasks == 2


def _invented_quote(reply):
    reply["verdicts"][0]["evidence"] = "The summit was cancelled after a typhoon hit Nara."
    return reply


def test_quote_not_in_source_is_reasked_then_errors_that_claim(fault_server):
    fault_server.plan("check", *[{"mutate": _invented_quote}] * 3)
    report = run(fault_server)
    first = report.claims[0]
    assert first.verdict == "error" and first.flagged and first.evidence is None
    assert "does not occur verbatim in the source" in first.rationale
    assert all(c.verdict == "supported" for c in report.claims[1:])
    assert "does not occur verbatim" in rejected_feedback(fault_server, "check")[0]


def _invented_id(reply):
    reply["verdicts"].append({"claim_id": "c999", "label": "supported", "evidence": "", "rationale": "x"})
    return reply


def test_invented_claim_id_is_reasked(fault_server):
    fault_server.plan("check", {"mutate": _invented_id})
    report = run(fault_server)
    assert report.usage.reasks == 1 and "unknown claim id" in rejected_feedback(fault_server, "check")[0]
    assert_clean(report)


def _extract_bad_quote(reply):
    reply["claims"][0]["quote"] = "Lee and Takaichi signed a defence pact."
    return reply


def test_extract_quote_not_in_section_is_reasked(fault_server):
    fault_server.plan("extract", {"mutate": _extract_bad_quote})
    report = run(fault_server)
    assert report.usage.reasks == 1
    assert "does not occur verbatim in section" in rejected_feedback(fault_server, "extract")[0]
    assert_clean(report)


def test_a_failed_stage_is_not_cached(fault_server):
    fault_server.plan("check", *[{"content": "nope"}] * 3)
    first = run(fault_server)
    assert all(c.verdict == "error" for c in first.claims)
    fault_server.reset()
    second = run(fault_server)
    assert dict(fault_server.stage_counts) == {"check": 1, "digest": 1}  # extract came from the cache
    assert second.usage.cache_hits == 1
    assert_clean(second)


def test_cli_check_json_reports_usage_and_no_cache(fault_server, monkeypatch):
    from click.testing import CliRunner

    from pipeline.cli import cli

    monkeypatch.setenv("OPENAI_BASE_URL", fault_server.base_url)
    monkeypatch.setenv("BRIEFCHECK_MODEL", "fault-model")
    res = CliRunner().invoke(cli, ["check", str(SEED), "--json", "--fail-on", "never"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout.splitlines()[0])
    assert out["engine"] == "openai:fault-model"
    assert out["usage"]["llm_calls"] == 3 and fault_server.calls == 3
    res = CliRunner().invoke(cli, ["check", str(SEED), "--json", "--fail-on", "never"])
    assert json.loads(res.stdout.splitlines()[0])["usage"]["cache_hits"] == 3 and fault_server.calls == 3
    res = CliRunner().invoke(cli, ["check", str(SEED), "--json", "--no-cache", "--fail-on", "never"])
    assert json.loads(res.stdout.splitlines()[0])["usage"]["llm_calls"] == 3 and fault_server.calls == 6
