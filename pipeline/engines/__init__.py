"""Engine selection: an endpoint if one is configured, else the embedded default."""

from __future__ import annotations

import logging

from .base import Engine

log = logging.getLogger(__name__)


def get_engine(
    model: str | None = None, model_file: str | None = None, cache: bool = True, nli_model: str | None = None
) -> Engine:
    """--model-file starts a local llama.cpp server; OPENAI_API_KEY / OPENAI_BASE_URL select an
    OpenAI-compatible endpoint; with neither, the offline embedded engine runs (with the user's
    ONNX NLI model when ``nli_model`` names one: see engines/embedded/nli.py)."""
    from .. import settings

    cfg = settings.load()
    endpoint = bool(cfg.openai_api_key or cfg.openai_base_url)
    if nli_model and (model_file or endpoint):
        log.warning("--nli-model is used by the embedded engine only; an LLM engine is selected, so it is ignored")
    if model_file:
        from .local_gguf import LocalGGUFEngine

        return LocalGGUFEngine(model_file, cache=cache)
    if endpoint:
        from .openai_engine import OpenAIEngine

        return OpenAIEngine(model=model or cfg.model, cache=cache)
    from .embedded.engine import EmbeddedEngine

    if nli_model:
        from .embedded.nli import NLIModel

        return EmbeddedEngine(nli=NLIModel(nli_model))
    return EmbeddedEngine()


__all__ = ["Engine", "get_engine"]
