"""The review queue front door: list, decide, export; decisions survive a forced re-run."""

import json
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import cli

SEEDS = Path(__file__).parent.parent / "seeds"


def _run(*args):
    return CliRunner().invoke(cli, list(args))


def _inbox(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("000_041345f959c62141.txt", "010_contradiction.txt", "013_off_topic.txt"):
        (inbox / name).write_bytes((SEEDS / name).read_bytes())
    return inbox


def test_flagged_claims_are_queued_and_decisions_kept(tmp_path):
    inbox = _inbox(tmp_path)
    assert _run("run", str(inbox), "--out", str(tmp_path / "out"), "-q").exit_code == 1  # flags found
    rows = [json.loads(x) for x in _run("review", "list", "--json").output.splitlines()]
    assert rows and all(r["status"] == "open" for r in rows)
    off = [r for r in rows if "Bitcoin ETFs" in r["text"]]
    assert len(off) == 1 and off[0]["verdict"] == "off_topic" and off[0]["evidence"]["text"]

    others = [r["id"] for r in rows if r["id"] != off[0]["id"]]
    second, first = others[0], others[1]  # first stays undecided
    assert _run("review", "confirm", str(off[0]["id"]), "--note", "not about the summit").exit_code == 0
    assert _run("review", "dismiss", str(second), "--note", "fine").exit_code == 0

    # A forced re-run re-checks everything but never reopens or duplicates a decided item.
    _run("run", str(inbox), "--out", str(tmp_path / "out"), "-q", "--force")
    after = {r["id"]: r for r in map(json.loads, _run("review", "list", "--status", "all", "--json").output.splitlines())}
    assert len(after) == len(rows)
    assert after[off[0]["id"]]["status"] == "confirmed" and after[off[0]["id"]]["note"] == "not about the summit"
    assert after[second]["status"] == "dismissed"
    assert after[first]["status"] == "open"

    result = _run("review", "export", "--status", "confirmed")
    exported = [json.loads(x) for x in result.stdout.splitlines()]
    assert [r["id"] for r in exported] == [off[0]["id"]]
    assert "off_topic: 1/1 confirmed" in result.stderr


def test_unknown_item_is_one_line_exit_1(tmp_path):
    result = _run("review", "confirm", "12345")
    assert result.exit_code == 1
    assert result.stderr.strip() == "briefcheck: no review item #12345"
