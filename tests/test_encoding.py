"""Reading briefings that are not UTF-8 (issue 14): --encoding / BRIEFCHECK_ENCODING, else detected."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from test_batch_support import make_briefing

from pipeline.cli import cli
from pipeline.encoding import decode_bytes
from pipeline.errors import BadInput
from pipeline.parse import parse_file

FIXTURE = Path(__file__).parent / "fixtures" / "latin1.txt"  # Latin-1: Zürich, Crème, Léa Müller
TEXT = make_briefing(0).replace("Key Points", "Points clés").replace(
    "The Story:\n", "The Story:\nLa crème brûlée coûte 5 \u20ac, said Zoë\u2019s café. ")


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFCHECK_HOME", str(tmp_path / "home"))
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "BRIEFCHECK_ENCODING"):
        monkeypatch.delenv(var, raising=False)
    return tmp_path


def test_cp1252_is_detected_and_read_right():
    text, used = decode_bytes(TEXT.encode("cp1252"), "x.txt")
    assert (text, used) == (TEXT, "cp1252")  # not cp1250, which would read 'crčme'


def test_latin1_fixture_parses_with_offsets_into_the_decoded_text():
    b = parse_file(FIXTURE)
    assert b.encoding == "cp1252" and "Zürich" in b.headline
    text = FIXTURE.read_bytes().decode("latin-1")
    assert b.text == text
    story = b.section("The Story")
    assert b.body(story).startswith("The Zürich café chain Crème")
    import hashlib

    assert b.sha256 == hashlib.sha256(FIXTURE.read_bytes()).hexdigest()  # of the bytes, as the batch keys


def test_a_central_european_file_is_not_forced_into_cp1252():
    pl = "Zażółć gęślą jaźń – powiedział minister. " * 2
    text, used = decode_bytes((pl + make_briefing(0)).encode("cp1250"), "x.txt")
    assert used == "cp1250" and text.startswith(pl)


def test_damaged_utf8_is_refused_not_misread():
    data = TEXT.encode("utf-8")
    with pytest.raises(BadInput, match="not UTF-8 .*damaged"):
        decode_bytes(data[:200] + b"\xff" + data[200:], "x.txt")


def test_the_named_encoding_is_used_as_told():
    data = TEXT.encode("cp1252")
    with pytest.raises(BadInput, match="not utf-8"):
        decode_bytes(data, "x.txt", "utf-8")
    assert decode_bytes("Grüße".encode("latin-1"), "x.txt", "latin-1") == ("Grüße", "iso8859-1")


def test_check_says_which_encoding_was_used(env):
    r = CliRunner().invoke(cli, ["check", str(FIXTURE), "--fail-on", "never"])
    assert r.exit_code == 0, r.output
    assert "read as cp1252 (not UTF-8)" in r.stdout and "Zürich" in r.stdout
    r = CliRunner().invoke(cli, ["check", str(FIXTURE), "--json", "--encoding", "latin-1", "--fail-on", "never"])
    rep = json.loads(r.stdout)
    assert rep["briefing"]["encoding"] == "iso8859-1"
    text = FIXTURE.read_bytes().decode("latin-1")
    assert rep["claims"] and all(text[c["start"]:c["end"]] == c["text"] for c in rep["claims"])
    ev = [c["evidence"] for c in rep["claims"] if c["evidence"]]
    assert ev and all(text[e["start"]:e["end"]] == e["text"] for e in ev)


def test_setting_and_unknown_encoding(env, monkeypatch):
    monkeypatch.setenv("BRIEFCHECK_ENCODING", "latin-1")
    r = CliRunner().invoke(cli, ["check", str(FIXTURE), "--json", "--fail-on", "never"])
    assert json.loads(r.stdout)["briefing"]["encoding"] == "iso8859-1"
    r = CliRunner().invoke(cli, ["check", str(FIXTURE), "--encoding", "klingon"])
    assert r.exit_code == 2 and r.stderr.splitlines() == ["briefcheck: --encoding: unknown encoding 'klingon'"]


def test_a_run_over_cp1252_files_is_incremental(env):
    inbox = env / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_bytes(TEXT.encode("cp1252"))
    r = CliRunner().invoke(cli, ["run", str(inbox), "--out", str(env / "o"), "--fail-on", "never"])
    assert "processed  1" in r.stdout, r.output
    rep = json.loads(next((env / "o").glob("*.json")).read_text(encoding="utf-8"))
    assert rep["briefing"]["encoding"] == "cp1252"
    r = CliRunner().invoke(cli, ["run", str(inbox), "--out", str(env / "o"), "--fail-on", "never"])
    assert r.stdout.startswith("nothing new") and "1 already checked" in r.stdout


def test_a_file_refused_as_not_utf8_is_retried_when_the_run_names_an_encoding(env):
    inbox = env / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_bytes(b"\x81" + TEXT.encode("cp1252"))  # 0x81: no cp1252 letter
    r = CliRunner().invoke(cli, ["run", str(inbox), "--out", str(env / "o"), "--encoding", "utf-8"])
    assert r.exit_code == 1 and "not utf-8" in r.stderr
    r = CliRunner().invoke(cli, ["run", str(inbox), "--out", str(env / "o"), "--encoding", "latin-1",
                                 "--fail-on", "never"])
    assert "processed  1" in r.stdout, r.output
