import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from pipeline.cli import cli

ROOT = Path(__file__).parent.parent
SEED = str(ROOT / "seeds" / "000_041345f959c62141.txt")
BAD = ROOT / "tests" / "fixtures" / "bad"


def _commands(group, prefix=()):
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        yield prefix + (name,), cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, prefix + (name,))


@pytest.mark.parametrize("path,cmd", list(_commands(cli)), ids=lambda x: " ".join(x) if isinstance(x, tuple) else "")
def test_every_command_has_help_text(path, cmd):
    assert cmd.help and cmd.help.strip(), f"briefcheck {' '.join(path)} has no help text"
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0


def test_check_json_contract():
    result = CliRunner().invoke(cli, ["check", SEED, "--json", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    obj = json.loads(result.output)
    assert {"path", "sha256", "headline", "sections"} <= set(obj["briefing"])
    assert {"name", "role", "start", "end"} <= set(obj["briefing"]["sections"][0])
    claim = obj["claims"][0]
    for key in ("id", "section", "text", "start", "end", "verdict", "score", "evidence", "rationale", "flagged"):
        assert key in claim
    assert {"name", "role", "score"} <= set(obj["sections"][0])
    assert obj["matrix"]["sections"] and len(obj["matrix"]["scores"]) == len(obj["matrix"]["sections"])
    assert {"headline", "bullets", "held_back"} <= set(obj["digest"])
    assert {"llm_calls", "reasks", "prompt_tokens", "completion_tokens", "cost_usd"} <= set(obj["usage"])


def test_check_several_files_json_lines_in_order_and_bad_ones_reported():
    other = str(ROOT / "seeds" / "019_clean.txt")
    bad = str(BAD / "binary.txt")
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "check", "--json", other, bad, SEED],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 1
    lines = proc.stdout.strip().splitlines()
    assert [json.loads(x)["briefing"]["path"] for x in lines] == [other, SEED]
    err = proc.stderr.strip().splitlines()
    assert len(err) == 1 and bad in err[0] and "binary" in err[0]
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("name", sorted(p.name for p in BAD.iterdir() if p.suffix == ".txt"))
def test_bad_input_one_line_exit_1(name):
    result = CliRunner().invoke(cli, ["check", str(BAD / name)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(BAD / name) in lines[0]


def test_usage_error_exit_2():
    assert CliRunner().invoke(cli, ["check"]).exit_code == 2


def test_text_report_shows_flags_and_digest():
    result = CliRunner().invoke(cli, ["check", SEED])
    assert "Bitcoin ETFs" in result.output and "OFF_TOPIC" in result.output
    assert "Digest:" in result.output


def test_check_a_folder_checks_the_briefings_inside(tmp_path):
    (tmp_path / "sub").mkdir()
    for name, dest in (("019_clean.txt", "b.txt"), ("015_markdown.md", "sub/a.md")):
        (tmp_path / dest).write_bytes((ROOT / "seeds" / name).read_bytes())
    (tmp_path / "notes.json").write_text("{}")
    result = CliRunner().invoke(cli, ["check", str(tmp_path), "--json", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    paths = [json.loads(x)["briefing"]["path"] for x in result.stdout.splitlines()]
    assert paths == [str(tmp_path / "b.txt"), str(tmp_path / "sub" / "a.md")]


@pytest.mark.parametrize("cmd", ["check", "eval"])
def test_a_missing_file_is_a_usage_error_in_one_line(cmd, tmp_path):
    missing = str(tmp_path / "nope.txt")
    result = CliRunner().invoke(cli, [cmd, missing])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"briefcheck: {missing}: no such file" + (" or folder" if cmd == "check" else "")]


def test_check_an_empty_folder_says_so_and_exits_2(tmp_path):
    result = CliRunner().invoke(cli, ["check", str(tmp_path)])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [f"briefcheck: {tmp_path}: no briefings (*.txt, *.md) in this folder"]


def test_a_file_named_and_inside_a_named_folder_is_checked_once(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text(Path(SEED).read_text(encoding="utf-8"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--json", "--fail-on", "never", str(a), str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert [json.loads(x)["briefing"]["path"] for x in result.stdout.splitlines()] == [str(a)]


@pytest.mark.parametrize("cmd,needs", [
    ("check", ("BRIEFCHECK_HOME", "2,000,000 bytes")),
    ("run", ("BRIEFCHECK_HOME", "2,000,000 bytes")),
    ("runs", ("BRIEFCHECK_HOME",)),
])
def test_help_names_the_state_folder_and_the_size_limit(cmd, needs):
    from pipeline.parse import MAX_BYTES

    assert f"{MAX_BYTES:,} bytes" == "2,000,000 bytes"  # the help text is literal: keep it in step
    text = " ".join(CliRunner().invoke(cli, [cmd, "--help"]).output.split())
    for word in needs:
        assert word in text, (cmd, word)


def test_readme_json_contract_lists_every_key_of_the_report():
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The JSON report", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"`([a-z_0-9]+)[^`]*`", section))
    obj = json.loads(CliRunner().invoke(cli, ["check", SEED, "--json", "--fail-on", "never"]).output)
    keys = set(obj) | set(obj["briefing"]) | set(obj["claims"][0]) | set(obj["digest"]) | set(obj["usage"])
    keys |= set(obj["sections"][0]) | set(obj["briefing"]["sections"][0]) | set(obj["matrix"])
    assert keys - listed == set(), "README's JSON contract misses these keys"


def test_an_off_topic_claim_quotes_the_nearest_sentence_labelled_as_such():
    out = CliRunner().invoke(cli, ["check", SEED]).output.splitlines()
    at = next(i for i, line in enumerate(out) if "OFF_TOPIC" in line and "Bitcoin" in line)
    quote = next(line for line in out[at + 1:at + 4] if "“" in line)
    assert quote.strip().startswith("nearest story sentence (not a source for it): “"), quote


def test_section_scores_are_explained_in_the_reports():
    from pipeline.checker import check_file
    from pipeline.engines.embedded.engine import EmbeddedEngine
    from pipeline.render import to_markdown

    out = CliRunner().invoke(cli, ["check", SEED]).output
    import re

    first_score = next(line for line in out.splitlines() if re.match(r"\[\d", line))
    assert out.index("[score] before a section: the mean of its claims' scores") < out.index(first_score)
    md = to_markdown(check_file(SEED, EmbeddedEngine()))
    assert "Score: the mean of the section's claim scores" in md
    assert "nearest story sentence (not a source for it): “" in md  # the seed's off-topic claim


def test_eval_runs_on_the_shipped_example_as_the_readme_shows():
    result = CliRunner().invoke(cli, ["eval", str(ROOT / "examples" / "labelled.jsonl")])
    assert result.exit_code == 0, result.output
    assert "20 records" in result.output and "balanced accuracy" in result.output
