"""Options shared by the commands that run an engine, and the engine they select."""

from __future__ import annotations

import contextlib
import functools

import click


def engine_options(f):
    @click.option("--model", envvar="BRIEFCHECK_MODEL", help="Model name for the OpenAI-compatible engine "
                  "(selected by OPENAI_API_KEY or OPENAI_BASE_URL). Env: BRIEFCHECK_MODEL.")
    @click.option("--model-file", type=click.Path(exists=True, dir_okay=False),
                  help="A GGUF file: start llama.cpp in-process on 127.0.0.1 and use it.")
    @click.option("--no-cache", is_flag=True, help="Bypass the persistent LLM response cache.")
    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        return f(*args, **kwargs)

    return wrapper


@contextlib.contextmanager
def make_engine(model=None, model_file=None, no_cache=False):
    """The selected engine, closed (servers stopped) however the command ends."""
    from .engines import get_engine

    engine = get_engine(model=model, model_file=model_file, cache=not no_cache)
    try:
        yield engine
    finally:
        engine.close()
