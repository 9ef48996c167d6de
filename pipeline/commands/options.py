"""Options shared by the commands that run an engine, and the engine they select."""

from __future__ import annotations

import contextlib
import functools
import sys

import click

# Shown at the end of --help of the commands they apply to. Literal text, not imported from
# pipeline.parse, so `--help` stays fast; tests/test_cli.py checks the figure against MAX_BYTES.
HOME_EPILOG = ("State (checked files, runs, the review queue, the LLM response cache) lives in "
               "$BRIEFCHECK_HOME/briefcheck.db (default: the platform's user data dir; see `briefcheck config`).")
SIZE_EPILOG = "A file over 2,000,000 bytes is refused as not a briefing."
ENCODING_EPILOG = ("Files are read as UTF-8, or in the encoding --encoding names; a file that is not UTF-8 is "
                   "read in the encoding charset-normalizer detects (cp1252 on a tie). The report says which.")


def encoding_option(f):
    return click.option("--encoding", metavar="NAME", help="Read briefings in this encoding (cp1252, latin-1, ...) "
                        "instead of UTF-8-else-detected. Env: BRIEFCHECK_ENCODING.")(f)


def resolve_encoding(value: str | None) -> str | None:
    """--encoding, else the BRIEFCHECK_ENCODING setting; an unknown name is a usage error (exit 2)."""
    from ..encoding import canonical
    from ..settings import SettingsError, load

    try:
        value = value or load().encoding
    except SettingsError as e:
        click.echo(f"briefcheck: {e}", err=True)
        sys.exit(2)
    if value:
        try:
            canonical(value)
        except LookupError:
            click.echo(f"briefcheck: --encoding: unknown encoding {value!r}", err=True)
            sys.exit(2)
    return value or None


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
