"""`briefcheck run` / `briefcheck runs`: incremental runs, reports, review queue, summary, exit codes."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from test_batch_support import make_briefing, queue_rows, report_files, write_inbox

from pipeline import batch as batch_mod
from pipeline.cli import cli
from pipeline.errors import EngineError
from pipeline.progress import Progress


@pytest.fixture
def env(tmp_path, monkeypatch):
    """Own BRIEFCHECK_HOME and the embedded engine."""
    monkeypatch.setenv("BRIEFCHECK_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    return tmp_path


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def db_file(env) -> Path:
    return env / "home" / "briefcheck.db"


def q(env, sql, *params):
    con = sqlite3.connect(db_file(env))
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def test_first_run_writes_one_report_pair_per_briefing_and_queues_flags(env):
    inbox, out = env / "inbox", env / "out"
    write_inbox(inbox, 9)
    r = run("run", str(inbox), "--out", str(out), "--fail-on", "never")
    assert r.exit_code == 0, r.output
    files = report_files(out)
    assert len(files) == 18
    for name, data in files.items():
        assert name.endswith((".json", ".md")) and not name.startswith(".")
    reports = [json.loads(v) for k, v in files.items() if k.endswith(".json")]
    for rep in reports:
        assert "seconds" not in rep  # nothing time-dependent in a report file
        for key in ("briefing", "claims", "sections", "matrix", "digest", "usage"):
            assert key in rep
        sha = rep["briefing"]["sha256"]
        stem = Path(rep["briefing"]["path"]).stem
        assert f"{stem}-{sha[:8]}.json" in files and f"{stem}-{sha[:8]}.md" in files
        assert not rep["briefing"]["path"].startswith("/")  # relative to the inbox
    flagged = {(rep["briefing"]["sha256"], c["id"]) for rep in reports for c in rep["claims"] if c["flagged"]}
    assert flagged, "the generated inbox plants faults: something must be flagged"
    assert {(row[0], row[1]) for row in queue_rows(db_file(env))} == flagged
    assert q(env, "SELECT count(*), min(status), max(status) FROM files") == [(9, "done", "done")]
    assert "processed  9" in r.stdout and "flagged" in r.stdout and "elapsed" in r.stdout
    md = next(v for k, v in files.items() if k.endswith(".md")).decode()
    assert md.startswith("# ") and "## Digest" in md and "## Flagged claims" in md


def test_rerun_unchanged_processes_nothing_and_says_so_in_one_line(env):
    inbox, out = env / "inbox", env / "out"
    write_inbox(inbox, 4)
    (inbox / "empty.txt").write_bytes(b"")
    assert run("run", str(inbox), "--out", str(out)).exit_code == 1  # the empty file failed
    before = report_files(out)
    r = run("run", str(inbox), "--out", str(out))
    assert r.exit_code == 0
    assert r.stdout.strip().splitlines() == [f"nothing new in {inbox}/ (4 already checked, 1 known bad)"]
    assert r.stderr == ""
    assert report_files(out) == before


def test_renamed_file_is_skipped_edited_file_is_checked(env):
    inbox, out = env / "inbox", env / "out"
    paths = write_inbox(inbox, 3)
    run("run", str(inbox), "--out", str(out), "--fail-on", "never")
    paths[0].rename(paths[0].with_name("renamed.txt"))
    r = run("run", str(inbox), "--out", str(out), "--fail-on", "never")
    assert "nothing new" in r.stdout
    paths[1].write_text(make_briefing(1).replace("Key Points:", "Key Points:\n- A new point about the project."))
    r = run("run", str(inbox), "--out", str(out), "--fail-on", "never")
    assert "processed  1" in r.stdout and "skipped    2 already checked" in r.stdout
    assert len(report_files(out)) == 8


def test_same_content_twice_in_one_run_is_checked_once(env):
    inbox, out = env / "inbox", env / "out"
    write_inbox(inbox, 2)
    (inbox / "copy.md").write_text(make_briefing(0))
    r = run("run", str(inbox), "--out", str(out), "--fail-on", "never")
    assert "processed  2" in r.stdout and "skipped    1 already checked" in r.stdout
    assert len(report_files(out)) == 4


def test_force_rechecks_without_duplicating_queue_rows(env):
    inbox, out = env / "inbox", env / "out"
    write_inbox(inbox, 6)
    run("run", str(inbox), "--out", str(out), "--fail-on", "never")
    rows, files = queue_rows(db_file(env)), report_files(out)
    r = run("run", str(inbox), "--out", str(out), "--force", "--fail-on", "never")
    assert "processed  6" in r.stdout
    assert queue_rows(db_file(env)) == rows and report_files(out) == files
    # renamed, then forced: still one report pair for that content, under the new name
    (inbox / "briefing_000.txt").rename(inbox / "renamed.txt")
    run("run", str(inbox), "--out", str(out), "--force", "--fail-on", "never")
    names = sorted(report_files(out))
    assert len(names) == 12 and not any(n.startswith("briefing_000-") for n in names)
    assert any(n.startswith("renamed-") for n in names)
    assert q(env, "SELECT count(*) FROM (SELECT sha256, claim_id FROM review_queue GROUP BY 1, 2 HAVING count(*) > 1)") == [(0,)]


def test_default_out_is_under_briefcheck_home_and_reports_inside_inbox_are_not_read(env):
    inbox = env / "inbox"
    write_inbox(inbox, 2)
    r = run("run", str(inbox), "--fail-on", "never")
    assert r.exit_code == 0
    reports = env / "home" / "reports"
    assert len(report_files(reports)) == 4 and str(reports) in r.stdout
    # --out inside the inbox: its .md reports are not taken for briefings
    r = run("run", str(inbox), "--out", str(inbox / "reports"), "--force", "--fail-on", "never")
    assert "found      2 files" in r.stdout and r.stderr == ""
    r = run("run", str(inbox), "--out", str(inbox / "reports"), "--fail-on", "never")
    assert "nothing new" in r.stdout


def test_thread_pool_gives_the_same_reports_and_queue(env, monkeypatch):
    inbox = env / "inbox"
    write_inbox(inbox, 8)
    run("run", str(inbox), "--out", str(env / "o1"), "--fail-on", "never")
    one = (report_files(env / "o1"), queue_rows(db_file(env)))
    monkeypatch.setenv("BRIEFCHECK_HOME", str(env / "home2"))
    r = run("run", str(inbox), "--out", str(env / "o3"), "--workers", "3", "--fail-on", "never")
    assert r.exit_code == 0
    assert (report_files(env / "o3"), queue_rows(env / "home2" / "briefcheck.db")) == one


def test_exit_codes(env):
    inbox = env / "inbox"
    write_inbox(inbox, 3)
    assert run("run", str(inbox), "--out", str(env / "a")).exit_code == 1  # flags planted; --fail-on flagged
    assert run("run", str(inbox), "--out", str(env / "b"), "--force", "--fail-on", "never").exit_code == 0
    assert run("run", str(inbox), "--out", str(env / "c"), "--force", "--fail-on", "error").exit_code == 0
    assert run("run", str(env / "missing")).exit_code == 2
    assert run("run", str(inbox), "--workers", "0").exit_code == 2
    (env / "afile").write_text("x")
    assert run("run", str(inbox), "--out", str(env / "afile")).exit_code == 2


def test_engine_error_is_recorded_and_retried_next_run(env, monkeypatch):
    inbox, out = env / "inbox", env / "out"
    write_inbox(inbox, 3)
    from pipeline.engines.embedded.engine import EmbeddedEngine

    real = EmbeddedEngine.extract

    def flaky(self, briefing, usage):
        if briefing.path.endswith("001.txt"):
            raise EngineError("endpoint down")
        return real(self, briefing, usage)

    monkeypatch.setattr(EmbeddedEngine, "extract", flaky)
    r = run("run", str(inbox), "--out", str(out), "--fail-on", "never")
    assert r.exit_code == 1
    assert "briefing_001.txt: " in r.stderr and "endpoint down" in r.stderr
    assert "(will retry)" in r.stdout
    assert q(env, "SELECT status FROM files WHERE path='briefing_001.txt'") == [("error",)]
    monkeypatch.setattr(EmbeddedEngine, "extract", real)
    r = run("run", str(inbox), "--out", str(out), "--fail-on", "never")
    assert r.exit_code == 0 and "processed  1" in r.stdout
    assert len(report_files(out)) == 6


def test_a_failed_commit_leaves_no_queue_rows_and_the_briefing_not_done(env, monkeypatch):
    inbox, out = env / "inbox", env / "out"
    write_inbox(inbox, 3)
    from pipeline.store import FilesRepo

    real = FilesRepo.upsert
    calls = {"n": 0}

    def boom(self, sha, rel, *a, **k):
        if rel == "briefing_001.txt" and a[2] == "done":
            calls["n"] += 1
            raise sqlite3.OperationalError("disk I/O error (simulated)")
        return real(self, sha, rel, *a, **k)

    monkeypatch.setattr(FilesRepo, "upsert", boom)
    r = run("run", str(inbox), "--out", str(out), "--fail-on", "never", "--workers", "1")
    assert r.exit_code == 1 and r.stderr.startswith("briefcheck: run stopped: disk I/O error (simulated)")
    assert calls["n"] == 1
    assert q(env, "SELECT status FROM runs") == [("failed",)]
    sha1 = q(env, "SELECT sha256 FROM files")  # only briefing_000 is done
    assert len(sha1) == 1
    assert q(env, "SELECT count(*) FROM review_queue WHERE path='briefing_001.txt'") == [(0,)]
    monkeypatch.setattr(FilesRepo, "upsert", real)
    r = run("run", str(inbox), "--out", str(out), "--fail-on", "never")
    assert "processed  2" in r.stdout
    assert q(env, "SELECT count(*) FROM files WHERE status='done'") == [(3,)]
    assert len(report_files(out)) == 6


def test_runs_lists_past_runs_with_figures(env):
    inbox = env / "inbox"
    write_inbox(inbox, 3)
    (inbox / "bad.txt").write_text("no sections here")
    run("run", str(inbox), "--out", str(env / "out"))
    run("run", str(inbox), "--out", str(env / "out"))
    r = run("runs")
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert lines[0].split()[:3] == ["run", "started", "(UTC)"] and len(lines) == 3
    rows = json.loads(run("runs", "--json").stdout)
    assert [x["id"] for x in rows] == [2, 1]
    first = rows[1]
    assert (first["processed"], first["failed"], first["skipped"], first["status"]) == (3, 1, 0, "done")
    assert first["flagged"] == sum(first["flags_by_verdict"].values()) > 0
    for k in ("llm_calls", "prompt_tokens", "completion_tokens", "cost_usd", "elapsed_s", "engine"):
        assert k in first
    assert (rows[0]["processed"], rows[0]["skipped"], rows[0]["known_bad"]) == (0, 3, 1)


def test_an_interrupted_run_is_listed_as_interrupted(env):
    from pipeline.store import open_db

    db = open_db()
    db.conn.execute("INSERT INTO runs (started, status, pid) VALUES ('2026-01-01T00:00:00+00:00', 'running', 999999999)")
    db.conn.commit()
    rows = json.loads(run("runs", "--json").stdout)
    assert rows[0]["status"] == "interrupted"


class _TTY(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_draws_on_a_tty_only():
    s = _TTY()
    p = Progress(4, stream=s, min_interval=0)
    p.start("a/first.txt")
    p.advance(flags=2)
    p.line("briefcheck: x.txt: empty file")
    p.close()
    text = s.getvalue()
    assert "\r[#####" in text and "1/4" in text and "2 flags" in text and "ETA" in text and "first.txt" in text
    assert "briefcheck: x.txt: empty file\n" in text
    plain = io.StringIO()
    p = Progress(4, stream=plain, min_interval=0)
    p.start("a.txt")
    p.advance()
    p.line("briefcheck: x.txt: empty file")
    assert plain.getvalue() == "briefcheck: x.txt: empty file\n"
    quiet = _TTY()
    p = Progress(4, stream=quiet, enabled=False, min_interval=0)
    p.start("a.txt")
    p.advance()
    assert quiet.getvalue() == ""


def test_progress_line_fits_the_terminal():
    p = Progress(100, stream=_TTY(), min_interval=0)
    p.done, p.current = 50, "x" * 300
    assert len(p.render(80)) <= 80


def test_llm_engine_with_a_thread_pool_sums_usage_and_rerun_costs_nothing(env, fault_server, monkeypatch):
    """The OpenAI-compatible engine against the local fault server, 4 workers: every briefing checked,
    the run's LLM calls equal the requests the server saw, and a re-run makes no request."""
    inbox, out = env / "inbox", env / "out"
    write_inbox(inbox, 6)
    monkeypatch.setenv("OPENAI_BASE_URL", fault_server.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    r = run("run", str(inbox), "--out", str(out), "--model", "fault-model", "--workers", "4", "--fail-on", "never")
    assert r.exit_code == 0, r.output
    assert "processed  6" in r.stdout
    assert len(report_files(out)) == 12
    rows = json.loads(run("runs", "--json").stdout)
    assert rows[0]["workers"] == 4 and rows[0]["engine"] != "embedded"
    assert rows[0]["llm_calls"] == fault_server.calls >= 6 * 2
    assert rows[0]["prompt_tokens"] > 0
    r = run("run", str(inbox), "--out", str(out), "--model", "fault-model", "--fail-on", "never")
    assert r.stdout.startswith("nothing new") and fault_server.calls == rows[0]["llm_calls"]


def test_llm_engine_failure_on_one_briefing_is_an_error_line_and_the_batch_goes_on(env, fault_server, monkeypatch):
    inbox, out = env / "inbox", env / "out"
    write_inbox(inbox, 3)
    monkeypatch.setenv("OPENAI_BASE_URL", fault_server.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.setenv("BRIEFCHECK_LLM_MAX_RETRIES", "2")
    fault_server.plan("extract", *[{"status": 500}] * 3)  # 1 + 2 retries: the first briefing fails for good
    r = run("run", str(inbox), "--out", str(out), "--model", "fault-model", "--workers", "1", "--fail-on", "never")
    assert r.exit_code == 1
    assert len(r.stderr.strip().splitlines()) == 1 and "briefing_000.txt" in r.stderr
    assert "processed  2" in r.stdout and "(will retry)" in r.stdout
    fault_server.reset()
    r = run("run", str(inbox), "--out", str(out), "--model", "fault-model", "--fail-on", "never")
    assert r.exit_code == 0 and "processed  1" in r.stdout and "skipped    2 already checked" in r.stdout
