"""`briefcheck review` from the terminal: filters, paging, several ids, history, export, pipes."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

from review_helpers import NUMBER, SEEDS, cli, run, variant


def _two_inboxes(tmp_path):
    """Two inboxes with the same file names and different content, checked by two runs."""
    paths = []
    for k, name in enumerate(("a", "b")):
        inbox = tmp_path / name
        inbox.mkdir()
        (inbox / "fire.txt").write_text(variant(NUMBER, 10 + k), encoding="utf-8")
        if k == 0:
            (inbox / "rate.txt").write_bytes((SEEDS / "010_contradiction.txt").read_bytes())
        assert run(inbox, tmp_path / f"out-{name}", "-q").exit_code == 1
        paths.append(inbox)
    return paths


def _rows(*args):
    return [json.loads(x) for x in cli("review", "list", "--json", *args).output.splitlines()]


def test_filters_by_run_and_full_briefing_path(tmp_path):
    a, b = _two_inboxes(tmp_path)
    every = _rows("--status", "all")
    assert {r["run_id"] for r in every} == {1, 2}
    in_b = _rows("--run", "2")
    assert in_b and all(r["briefing_path"] == str(b.resolve() / "fire.txt") for r in in_b)
    fire_a = _rows("--briefing", str(a / "fire.txt"))
    assert fire_a and all(r["inbox"] == str(a.resolve()) and r["run_id"] == 1 for r in fire_a)
    assert len(_rows("--briefing", "fire.txt")) == len(fire_a) + len(in_b)  # the bare name: both inboxes


def test_paging_says_how_many_more(tmp_path):
    _two_inboxes(tmp_path)
    total = len(_rows())
    out = cli("review", "list", "--limit", "1", "--offset", "1").output
    assert out.count("\n#") + out.startswith("#") == 1
    assert f"1 shown of {total} · {total - 2} more (--offset 2)" in out
    assert "more" not in cli("review", "list").output.splitlines()[-1]  # default 50 covers them


def test_decide_several_ids_history_and_unknown(tmp_path, monkeypatch):
    _two_inboxes(tmp_path)
    monkeypatch.setenv("BRIEFCHECK_REVIEWER", "dana")
    ids = [r["id"] for r in _rows()]
    r = cli("review", "dismiss", ids[0], ids[1], 999, "--note", "fine")
    assert r.exit_code == 1 and "no review item #999" in r.stderr
    assert [x["status"] for x in _rows("--status", "dismissed")] == ["dismissed", "dismissed"]
    assert cli("review", "confirm", ids[0], "--note", "on second thought", "--by", "eli").exit_code == 0
    hist = cli("review", "history", ids[0]).output.splitlines()
    assert len(hist) == 2
    assert "open -> dismissed  by dana  “fine”" in hist[0]
    assert "dismissed -> confirmed  by eli  “on second thought”" in hist[1]
    assert cli("review", "confirm", "abc").exit_code == 2
    assert cli("review", "history", 999).exit_code == 1


def test_export_round_trips(tmp_path):
    _two_inboxes(tmp_path)
    ids = [r["id"] for r in _rows()]
    cli("review", "confirm", ids[0], "--note", "first", "--by", "ann")
    cli("review", "dismiss", ids[0], "--note", "latest, with, commas", "--by", "bob")
    cli("review", "dismiss", ids[1], "--by", "ann")
    lines = [json.loads(x) for x in cli("review", "export", "--format", "jsonl").stdout.splitlines()]
    assert sorted(r["id"] for r in lines) == sorted(ids)  # every item once
    got = {r["id"]: r for r in lines}
    assert (got[ids[0]]["status"], got[ids[0]]["note"], got[ids[0]]["reviewer"]) == ("dismissed", "latest, with, commas", "bob")
    assert [h["to_status"] for h in got[ids[0]]["history"]] == ["confirmed", "dismissed"]
    assert got[ids[2]]["status"] == "open" and got[ids[2]]["history"] == []
    table = list(csv.DictReader(io.StringIO(cli("review", "export", "--format", "csv").stdout)))
    assert sorted(int(r["id"]) for r in table) == sorted(ids)
    row = next(r for r in table if int(r["id"]) == ids[0])
    assert (row["status"], row["note"], row["text"]) == ("dismissed", "latest, with, commas", got[ids[0]]["text"])
    only = cli("review", "export", "--status", "dismissed").stdout.splitlines()
    assert len(only) == 2


def test_closed_pipe_ends_quietly(tmp_path):
    _two_inboxes(tmp_path)
    read, write = os.pipe()
    os.close(read)  # nobody will read: the first write fails with EPIPE
    p = subprocess.run([sys.executable, "-m", "pipeline", "review", "list"], stdout=write,
                       stderr=subprocess.PIPE, env=os.environ.copy(), timeout=60)
    os.close(write)
    assert p.returncode == 0 and p.stderr == b""
    shell = subprocess.run(f"set -o pipefail; {sys.executable} -m pipeline review list --status all | head -1",
                           shell=True, executable="/bin/bash", capture_output=True, text=True, timeout=60)
    assert shell.returncode == 0 and shell.stdout.startswith("#") and shell.stderr == ""
