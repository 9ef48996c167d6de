"""Engine selection: an endpoint if one is configured, else the embedded default."""

from __future__ import annotations

import os

from .base import Engine


def get_engine(model: str | None = None, model_file: str | None = None, cache: bool = True) -> Engine:
    """--model-file starts a local llama.cpp server; OPENAI_API_KEY / OPENAI_BASE_URL select an
    OpenAI-compatible endpoint; with neither, the offline embedded engine runs."""
    if model_file:
        from .local_gguf import LocalGGUFEngine

        return LocalGGUFEngine(model_file, cache=cache)
    if os.environ.get("OPENAI_API_KEY") or os.environ.get("OPENAI_BASE_URL"):
        from .openai_engine import OpenAIEngine

        return OpenAIEngine(model=model or os.environ.get("BRIEFCHECK_MODEL"), cache=cache)
    from .embedded.engine import EmbeddedEngine

    return EmbeddedEngine()


__all__ = ["Engine", "get_engine"]
