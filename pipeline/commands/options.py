"""Options shared by the commands that run an engine, and the engine they select."""

from __future__ import annotations

import contextlib
import functools
import sys

import click


def engine_options(f):
    @click.option("--model", envvar="BRIEFCHECK_MODEL", help="Model name for the OpenAI-compatible engine "
                  "(selected by OPENAI_API_KEY or OPENAI_BASE_URL). Env: BRIEFCHECK_MODEL.")
    @click.option("--model-file", type=click.Path(exists=True, dir_okay=False),
                  help="A GGUF file: start llama.cpp in-process on 127.0.0.1 and use it.")
    @click.option("--no-cache", is_flag=True, help="Bypass the persistent LLM response cache.")
    @click.option("--nli-model", envvar="BRIEFCHECK_NLI_MODEL", type=click.Path(exists=True),
                  help="Folder of your own ONNX NLI model (model.onnx, tokenizer.json, config.json) for the "
                  "embedded engine to consult; needs briefcheck[nli]. Env: BRIEFCHECK_NLI_MODEL.")
    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        return f(*args, **kwargs)

    return wrapper


@contextlib.contextmanager
def make_engine(model=None, model_file=None, no_cache=False, nli_model=None):
    """The selected engine, closed (servers stopped) however the command ends. An engine that
    cannot be set up (an unusable NLI model folder, a bad setting) is a usage error: one line, exit 2."""
    from ..engines import get_engine
    from ..errors import NLIError
    from ..settings import SettingsError

    try:
        engine = get_engine(model=model, model_file=model_file, cache=not no_cache, nli_model=nli_model)
    except (NLIError, SettingsError) as e:
        click.echo(f"briefcheck: {e}", err=True)
        sys.exit(2)
    try:
        yield engine
    finally:
        engine.close()
