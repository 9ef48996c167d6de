"""One Settings object: env over file over default, one-line errors, secrets never printed."""

from __future__ import annotations

import json

from click.testing import CliRunner

from pipeline import settings
from pipeline.cli import cli


def _config(*args):
    return CliRunner().invoke(cli, ["config", "--json", *args])


def test_env_beats_file_beats_default(briefcheck_home, monkeypatch):
    (briefcheck_home / "settings.toml").write_text('smtp_host = "mail.example"\nllm_timeout = 5\n')
    monkeypatch.setenv("BRIEFCHECK_LLM_TIMEOUT", "7.5")
    s = settings.load()
    assert s.smtp_host == "mail.example" and s.llm_timeout == 7.5 and s.check_batch == 200
    out = json.loads(_config().output)
    assert out["smtp_host"] == {"value": "mail.example", "source": "file"}
    assert out["llm_timeout"] == {"value": "7.5", "source": "env"}
    assert out["check_batch"]["source"] == "default"
    assert out["home"] == {"value": str(briefcheck_home), "source": "env"}


def test_secrets_are_masked_everywhere(monkeypatch):
    monkeypatch.setenv("BRIEFCHECK_SMTP_PASSWORD", "hunter2-secret")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-topsecret")
    s = settings.load()
    assert s.smtp_password.get_secret_value() == "hunter2-secret"
    assert "hunter2" not in repr(s) and "topsecret" not in repr(s)
    for args in ([], ["--json"]):
        r = CliRunner().invoke(cli, ["config", *args])
        assert r.exit_code == 0
        assert "hunter2" not in r.output and "topsecret" not in r.output
    assert json.loads(_config().output)["openai_api_key"] == {"value": "********", "source": "env"}


def test_a_bad_value_is_one_line_naming_the_variable(monkeypatch):
    monkeypatch.setenv("BRIEFCHECK_SMTP_PORT", "many")
    r = CliRunner().invoke(cli, ["config"])
    assert r.exit_code == 2
    assert r.output.strip().count("\n") == 0 and "BRIEFCHECK_SMTP_PORT" in r.output


def test_an_unknown_key_in_the_file_is_named(briefcheck_home):
    (briefcheck_home / "settings.toml").write_text("smtp_hots = 'x'\n")
    r = CliRunner().invoke(cli, ["config"])
    assert r.exit_code == 2 and "smtp_hots" in r.output and "settings.toml" in r.output


def test_existing_variable_names_keep_working(monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("BRIEFCHECK_MODEL", "m1")
    monkeypatch.setenv("BRIEFCHECK_CHECK_BATCH", "3")
    s = settings.load()
    assert (s.openai_base_url, s.model, s.check_batch) == ("http://127.0.0.1:9/v1", "m1", 3)
