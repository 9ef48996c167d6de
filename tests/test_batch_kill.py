"""Kill test: SIGKILL `briefcheck run` at random moments; every resumed run must end exactly like
a clean run (same report bytes, one report pair per briefing, the same review queue, no claim
queued twice, no temp files left)."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from test_batch_support import child_env, cli_cmd, queue_rows, report_files, run_cli, write_inbox

N = 24  # briefings
TRIALS = 8  # fresh state each; odd trials kill twice before completing (a crash during a resume)

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")


def _args(inbox: Path, out: Path) -> list[str]:
    return ["run", str(inbox), "--out", str(out), "--quiet", "--fail-on", "never"]


def _count_json(out: Path) -> int:
    try:
        return sum(1 for e in os.scandir(out) if e.name.endswith(".json") and not e.name.startswith("."))
    except FileNotFoundError:
        return 0


def _done_rows(home: Path) -> int:
    db = home / "briefcheck.db"
    if not db.exists():
        return 0
    con = sqlite3.connect(db, timeout=30)
    try:
        return con.execute("SELECT count(*) FROM files WHERE status='done'").fetchone()[0]
    except sqlite3.OperationalError:  # killed before the migrations committed
        return 0
    finally:
        con.close()


def _kill_when(home: Path, inbox: Path, out: Path, target: int, rng: random.Random) -> tuple[int, int, bool]:
    """Start a run; SIGKILL it once `target` reports exist (plus a random few ms, to land in
    different phases: writing a report, committing, checking the next one). target 0 kills during
    start-up. Returns (reports on disk, briefings marked done, whether it was killed)."""
    proc = subprocess.Popen(cli_cmd(*_args(inbox, out)), env=child_env(home), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    if target == 0:
        time.sleep(rng.uniform(0.05, 0.8))
    else:
        while _count_json(out) < target and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.0005)
        time.sleep(rng.uniform(0, 0.02))
    killed = proc.poll() is None
    if killed:
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert "Traceback" not in err, err
    return _count_json(out), _done_rows(home), killed


def _assert_like_clean(home: Path, out: Path, clean_reports: dict, clean_queue: list) -> None:
    got = report_files(out)
    assert sorted(got) == sorted(clean_reports), "one .json and one .md per briefing, nothing else"
    for name, data in clean_reports.items():
        assert got[name] == data, f"{name} differs from the clean run's"
    assert queue_rows(home / "briefcheck.db") == clean_queue
    con = sqlite3.connect(home / "briefcheck.db")
    try:
        assert con.execute("SELECT count(*) FROM (SELECT 1 FROM review_queue GROUP BY sha256, claim_id"
                           " HAVING count(*) > 1)").fetchone()[0] == 0
        assert con.execute("SELECT status, count(*) FROM files GROUP BY status").fetchall() == [("done", N)]
    finally:
        con.close()


def test_sigkill_at_random_moments_then_resume_matches_a_clean_run(tmp_path):
    inbox = tmp_path / "inbox"
    write_inbox(inbox, N)

    clean_home, clean_out = tmp_path / "clean-home", tmp_path / "clean-out"
    r = run_cli(clean_home, *_args(inbox, clean_out))
    assert r.returncode == 0, r.stderr
    clean_reports = report_files(clean_out)
    assert len(clean_reports) == 2 * N
    clean_queue = queue_rows(clean_home / "briefcheck.db")
    assert clean_queue, "the generated briefings plant faults: the queue must not be empty"

    rng = random.Random(20260112)
    kills, mid_run, between = 0, 0, 0
    for trial in range(TRIALS):
        home, out = tmp_path / f"home{trial}", tmp_path / f"out{trial}"
        # spread the first kill over the run: trial t aims at the t-th slice of the briefings
        lo, hi = trial * N // TRIALS, (trial + 1) * N // TRIALS
        targets = [rng.randint(lo, max(lo, hi - 1))]
        if trial % 2:  # a second kill while the resumed run is under way
            targets.append(min(N - 2, targets[0] + rng.randint(2, 6)))
        for target in targets:
            on_disk, done, killed = _kill_when(home, inbox, out, target, rng)
            kills += killed
            mid_run += killed and 0 < done < N
            between += on_disk > done  # killed after writing a report, before its commit
        r = run_cli(home, *_args(inbox, out))
        assert r.returncode == 0, r.stderr
        _assert_like_clean(home, out, clean_reports, clean_queue)
        # and once more: nothing left to do
        r = run_cli(home, "run", str(inbox), "--out", str(out), "--fail-on", "never")
        assert r.stdout.startswith("nothing new in "), r.stdout

    assert kills >= 5 and mid_run >= 5, (kills, mid_run)
    print(f"\n{kills} kills, {mid_run} mid-run, {between} between a report write and its commit")
