"""Every setting the package reads, in one pydantic-settings object.

Sources, highest first: environment variables (``BRIEFCHECK_<NAME>``; the endpoint also answers
to the OpenAI SDK's own ``OPENAI_API_KEY`` / ``OPENAI_BASE_URL``), then the optional settings file
``$BRIEFCHECK_HOME/settings.toml``, then the defaults below. ``BRIEFCHECK_HOME`` itself can only
come from the environment, since the file lives under it. Settings are read afresh on each call
of ``load()`` (cheap) so a changed environment is seen at once, in tests too.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import AliasChoices, Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from .errors import BriefcheckError

SETTINGS_FILE = "settings.toml"


class SettingsError(BriefcheckError):
    """A setting with a value that cannot be used: a usage error (exit 2)."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BRIEFCHECK_", extra="forbid", frozen=True,
                                      env_ignore_empty=True)

    home: Path | None = Field(None, description="Where state lives (default: the platform's user data dir).")
    # the OpenAI-compatible engine
    openai_api_key: SecretStr | None = Field(
        None, validation_alias=AliasChoices("BRIEFCHECK_OPENAI_API_KEY", "OPENAI_API_KEY", "openai_api_key"),
        description="API key: selects the OpenAI-compatible engine.")
    openai_base_url: str | None = Field(
        None, validation_alias=AliasChoices("BRIEFCHECK_OPENAI_BASE_URL", "OPENAI_BASE_URL", "openai_base_url"),
        description="Endpoint URL: selects the OpenAI-compatible engine.")
    model: str | None = Field(None, description="Model name for the OpenAI-compatible engine.")
    llm_timeout: float = Field(60.0, gt=0, description="Seconds per LLM request.")
    llm_max_retries: int = Field(2, ge=0, description="SDK retries on 429 / 5xx / timeouts.")
    llm_max_tokens: int | None = Field(None, ge=1, description="Completion token cap (4096; 2048 local).")
    check_batch: int = Field(200, ge=1, description="Claims per structured check call.")
    schema_bounds: bool = Field(False, description="Put length/count bounds in the JSON schemas.")
    prices: Path | None = Field(None, description="Extra JSON price file (USD per 1M tokens).")
    # the embedded engine's optional NLI model
    nli_model: Path | None = Field(None, description="Folder of your own ONNX NLI model.")
    nli_entailment: float = Field(0.5, ge=0, le=1, description="NLI: below this entailment, unsupported.")
    nli_contradiction: float = Field(0.5, ge=0, le=1, description="NLI: at or above this, contradicted.")
    # input
    encoding: str | None = Field(None, description="Text encoding of briefings (default: UTF-8, else detected).")
    # digest mail
    smtp_host: str | None = Field(None, description="SMTP server; unset: emails stay in the outbox.")
    smtp_port: int | None = Field(None, ge=1, le=65535, description="SMTP port (587 starttls, 465 ssl, 25 none).")
    smtp_user: str | None = Field(None, description="SMTP user for AUTH.")
    smtp_password: SecretStr | None = Field(None, description="SMTP password (never printed).")
    smtp_security: Literal["starttls", "ssl", "none"] = Field("starttls", description="starttls, ssl or none.")
    smtp_timeout: float = Field(30.0, gt=0, description="Seconds per SMTP operation.")
    smtp_ca_file: Path | None = Field(None, description="CA bundle that signs the SMTP server's certificate (default: system).")
    smtp_attempts: int = Field(3, ge=1, le=10, description="Tries per email on transient SMTP errors.")
    smtp_backoff: float = Field(2.0, ge=0, description="First wait in seconds between SMTP tries (doubles).")
    mail_from: str = Field("briefcheck@localhost", description="From address of digest emails.")
    mail_to: str = Field("", description="Recipients of digest emails, comma-separated.")
    # review
    review_url: str | None = Field(None, description="Address of the review page, linked from emails.")
    reviewer: str | None = Field(None, description="Your name on review decisions.")
    review_token: SecretStr | None = Field(None, description="Token the review page requires off loopback.")

    @classmethod
    def settings_customise_sources(cls, settings_cls, init_settings, env_settings, dotenv_settings,
                                   file_secret_settings):
        return init_settings, env_settings, _FileSource(settings_cls)

    @property
    def recipients(self) -> list[str]:
        return [a.strip() for a in self.mail_to.split(",") if a.strip()]


def home_dir() -> Path:
    """BRIEFCHECK_HOME, else the platform's user data dir; created on first use."""
    env = os.environ.get("BRIEFCHECK_HOME")
    if env:
        p = Path(env).expanduser()
    else:
        import platformdirs

        p = Path(platformdirs.user_data_dir("briefcheck", appauthor=False))
    p.mkdir(parents=True, exist_ok=True)
    return p


def settings_file() -> Path:
    return home_dir() / SETTINGS_FILE


def _read_file() -> dict[str, Any]:
    path = settings_file()
    if not path.is_file():
        return {}
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise SettingsError(f"{path}: not a readable TOML settings file ({e})") from None
    data.pop("home", None)  # the file lives under home: it cannot move it
    return data


class _FileSource(PydanticBaseSettingsSource):
    def get_field_value(self, field, field_name):  # required by the base class; __call__ does the work
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        return _read_file()


def load(**overrides) -> Settings:
    """The effective settings; a bad value is one SettingsError line naming the variable."""
    try:
        return Settings(**overrides)
    except ValidationError as e:
        err = e.errors(include_url=False)[0]
        name = str(err["loc"][0]) if err.get("loc") else "settings"
        if err["type"] == "extra_forbidden":
            raise SettingsError(f"{settings_file()}: unknown setting {name!r}") from None
        var = name if name.isupper() else f"BRIEFCHECK_{name.upper()}"
        raise SettingsError(f"{var}: {err['msg']} (got {err.get('input')!r})") from None


def sources() -> list[tuple[str, str, str]]:
    """(name, shown value, source) for every setting: source is default / file / env."""
    s = load()
    in_file = _read_file()
    out = []
    for name, field in Settings.model_fields.items():
        envs = [f"BRIEFCHECK_{name.upper()}"]
        if isinstance(field.validation_alias, AliasChoices):
            envs = [a for a in field.validation_alias.choices if a.isupper()]
        if any(os.environ.get(v) not in (None, "") for v in envs):
            src = "env"
        elif name in in_file:
            src = "file"
        else:
            src = "default"
        value = getattr(s, name)
        if name == "home":
            value = home_dir()
        shown = "********" if isinstance(value, SecretStr) else ("" if value is None else str(value))
        out.append((name, shown, src))
    return out
