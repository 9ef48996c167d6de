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


def evaluate(records: list[dict], cv: int = 0, limit: int | None = None, nli_model: str | None = None,
             fold_seed: int = 0) -> dict:
    """The embedded engine measured on labelled source/summary pairs: its fitted score and its
    rules, or the user's NLI model at the engine's entailment threshold (``nli_model``)."""
    if nli_model:
        from .embedded.engine import EmbeddedEngine
        from .embedded.evaluate_nli import evaluate_nli
        from .embedded.nli import NLIModel

        engine = EmbeddedEngine(nli=NLIModel(nli_model))
        return evaluate_nli(records, engine.nli, engine.nli_entailment, cv=cv, limit=limit)
    from .embedded.evaluate import evaluate as measure

    return measure(records, cv=cv, limit=limit, fold_seed=fold_seed)


__all__ = ["Engine", "evaluate", "get_engine"]
