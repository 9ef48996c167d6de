"""The batch run: every new briefing in an inbox -> one report each, the review queue, a run record.

Crash safety. A briefing counts as done only when, in this order,
  1. its report files are on disk (each written to a temp file, fsynced, then os.replace'd), and
  2. ONE SQLite transaction has committed its review-queue rows and its ``files`` row (status done)
     together with the run's running totals.
A run killed anywhere in between leaves either nothing for that briefing or complete report files
that the next run rewrites with the same bytes (reports depend on content only), and the queue is
keyed UNIQUE(sha256, claim_id), so no claim is ever queued twice.

Incremental. Files are keyed by the SHA-256 of their raw bytes: a renamed copy is not re-checked, an
edited file is. Bad input is recorded with its reason and skipped by later runs until its bytes
change (paths that cannot be read at all are keyed by path + reason). Engine errors are recorded
but retried next run, since they are not the file's fault. ``force`` re-checks everything.

Concurrency. Workers (threads) only check; every file write and every DB write happens on the
calling thread, which also parses up front (so bad input is reported at once, in path order). With
the embedded engine 2 threads on 2 cores beat 1 (the main thread's fsyncs and commits overlap the
next check), see commands/run.default_workers and benchmarks/batch_throughput.py.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .discover import Content, Found, discover, read_content, unreadable_key
from .errors import BadInput, BriefcheckError
from .models import Briefing, Report, Usage
from .parse import MAX_BYTES, decode, parse_text
from .policy import Calibration
from .report_files import clean_temp_files, write_reports


@dataclass
class Failure:
    path: str  # as shown to the user
    reason: str
    kind: str = "bad input"  # "bad input" (skipped until the content changes) | "error" (retried)


@dataclass
class RunResult:
    run_id: int
    inbox: str
    out: str
    engine: str
    workers: int = 1
    found: int = 0
    processed: int = 0
    skipped: int = 0  # already checked (same content, any name), or a duplicate within this run
    known_bad: int = 0  # bad input seen before with the same content: not retried
    failures: list[Failure] = field(default_factory=list)
    claims: int = 0
    flagged: int = 0
    flags_by_verdict: Counter = field(default_factory=Counter)
    errored_claims: int = 0  # claims with verdict 'error' (for --fail-on error)
    usage: Usage = field(default_factory=Usage)
    elapsed: float = 0.0
    interrupted: bool = False
    calibration: int = 0  # decisions behind the reviewers' calibration in force (0: none)

    @property
    def failed(self) -> int:
        return len(self.failures)

    @property
    def nothing_new(self) -> bool:
        return not self.processed and not self.failures


@dataclass
class _Job:
    found: Found
    sha256: str
    size: int
    briefing: Briefing


def _check_one(job: _Job, engine, calibration=None) -> tuple[str, Report | str]:
    """Runs in a worker: ('ok', report) | ('bad', reason) | ('error', reason). Never raises."""
    from .checker import check_briefing

    try:
        return "ok", check_briefing(job.briefing, engine, calibration)
    except BadInput as e:
        return "bad", e.reason
    except BriefcheckError as e:
        return "error", str(e).removeprefix(f"{job.found.rel}: ")
    except Exception as e:  # a bug or an engine crash must not stop the batch
        return "error", f"{type(e).__name__}: {e}"


def _read(path: Path) -> Content:
    """Indirection so tests can simulate unreadable files when running as root."""
    return read_content(path)


class _Store:
    """All DB writes of a run, each one transaction; called from the main thread only."""

    def __init__(self, store, run_id: int, inbox_abs: str):
        self.store = store
        self.run_id = run_id
        self.inbox_abs = inbox_abs

    def _run_totals(self, r: RunResult) -> None:
        counts = {"found": r.found, "processed": r.processed, "skipped": r.skipped, "known_bad": r.known_bad,
                  "failed": r.failed, "claims": r.claims, "flagged": r.flagged}
        self.store.runs.totals(self.run_id, counts, r.flags_by_verdict, r.usage)

    def done(self, rel: str, size: int, report: Report, js: Path, md: Path, totals: RunResult) -> None:
        flagged = report.flagged
        with self.store.transaction():
            self.store.queue.enqueue(report.briefing.sha256, rel, flagged, self.run_id, self.inbox_abs)
            self.store.files.upsert(report.briefing.sha256, rel, self.inbox_abs, size, "done", self.run_id,
                                    report_json=str(js.resolve()), report_md=str(md.resolve()),
                                    claims=len(report.claims), flagged=len(flagged))
            self._run_totals(totals)

    def failed(self, key: str, rel: str, size: int | None, status: str, reason: str, totals: RunResult) -> None:
        with self.store.transaction():
            self.store.files.upsert(key, rel, self.inbox_abs, size, status, self.run_id, reason=reason)
            self._run_totals(totals)

    def totals(self, totals: RunResult) -> None:
        with self.store.transaction():
            self._run_totals(totals)

    def finish(self, totals: RunResult, status: str) -> None:
        with self.store.transaction():
            self._run_totals(totals)
            self.store.runs.finish(self.run_id, status, totals.elapsed)


def run_batch(
    inbox: str | Path,
    out_dir: str | Path,
    engine,
    *,
    db=None,
    workers: int = 1,
    force: bool = False,
    on_line: Callable[[str], None] | None = None,
    progress=None,
) -> RunResult:
    """Check what is new in inbox, write reports to out_dir, record everything in the store.

    on_line(msg) receives one line per file that failed (``briefcheck: PATH: REASON``);
    progress (a pipeline.progress.Progress or None) is created here when None is given and
    `on_line` is the only output."""
    from .progress import Progress
    from .store import Store, open_db

    t0 = time.monotonic()
    inbox, out_dir = Path(inbox), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    clean_temp_files(out_dir)
    db = db if db is not None else open_db()
    repos = Store(db)
    emit = on_line or (lambda msg: None)

    run_id = repos.runs.start(str(inbox.resolve()), str(out_dir.resolve()), engine.name, workers, force)
    res = RunResult(run_id=run_id, inbox=str(inbox), out=str(out_dir), engine=engine.name, workers=workers)
    store = _Store(repos, run_id, str(inbox.resolve()))
    # Reviewers' calibration (`review calibrate --apply`), read once: the whole run flags alike.
    calibration = Calibration.from_stored(repos.calibration.current())
    res.calibration = calibration.decisions if calibration else 0

    def fail(found: Found, key: str, size: int | None, reason: str, kind: str = "bad input") -> None:
        res.failures.append(Failure(str(found.path), reason, kind))
        store.failed(key, found.rel, size, "failed" if kind == "bad input" else "error", reason, res)
        emit(f"briefcheck: {found.path}: {reason}")

    try:
        found = discover(inbox, exclude=[out_dir])
        res.found = len(found)
        rows = repos.files.known()
        known = {k: (v["status"], v["report_json"]) for k, v in rows.items()}
        old_reports = {k: (v["report_json"], v["report_md"]) for k, v in rows.items() if v["report_json"]}
        seen: dict[str, str] = {}
        bad_now: dict[str, str] = {}
        jobs: list[_Job] = []
        for f in found:
            reason = f.error
            content = None
            if reason is None:
                try:
                    content = _read(f.path)
                except PermissionError:
                    reason = "permission denied"
                except OSError as e:
                    reason = f"cannot read ({e.strerror or e})"
            if content is None:  # no bytes to key it by: key by path + reason
                key = unreadable_key(f.rel, reason)
                if not force and known.get(key, ("",))[0] == "failed":
                    res.known_bad += 1
                else:
                    fail(f, key, None, reason)
                continue
            sha = content.sha256
            if sha in bad_now:  # the same bad bytes under another name: a bad file all the same
                fail(f, sha, content.size, bad_now[sha])
                continue
            if sha in seen:  # the same bytes twice in this inbox: looked at once
                if seen[sha] == "known bad":
                    res.known_bad += 1
                else:
                    res.skipped += 1
                continue
            status, report_path = known.get(sha, (None, None))
            if not force and status == "done" and report_path and os.path.exists(report_path):
                res.skipped += 1
                seen[sha] = "done"
                continue
            if not force and status == "failed":
                res.known_bad += 1
                seen[sha] = "known bad"
                continue
            seen[sha] = "new"
            try:  # parsing is cheap: done here, so bad input is reported up front, in path order
                if content.data is None:
                    raise BadInput(f.rel, f"too large ({content.size:,} bytes; limit {MAX_BYTES:,})")
                briefing = parse_text(decode(content.data, f.rel), f.rel)
            except BadInput as e:
                bad_now[sha] = e.reason
                fail(f, sha, content.size, e.reason)
                continue
            jobs.append(_Job(f, sha, content.size, briefing))

        if progress is None:
            progress = Progress(len(jobs), enabled=on_line is not None)
        else:
            progress.total = len(jobs)
        if on_line is not None:
            emit = progress.line  # error lines clear the bar first

        def handle(job: _Job, outcome: str, value) -> None:
            f = job.found
            if outcome == "ok":
                report: Report = value
                js, md = write_reports(report, out_dir, f.rel)
                res.processed += 1
                res.claims += len(report.claims)
                flagged = report.flagged
                res.flagged += len(flagged)
                res.flags_by_verdict.update(c.verdict for c in flagged)
                res.errored_claims += sum(c.verdict == "error" for c in report.claims)
                res.usage = res.usage.add(report.usage)
                store.done(f.rel, job.size, report, js, md, res)
                _drop_stale(old_reports.get(job.sha256, ()), (js, md), out_dir)
                progress.advance(len(flagged))
            else:
                fail(f, job.sha256, job.size, value, "bad input" if outcome == "bad" else "error")
                progress.advance(0)

        if workers <= 1:
            for job in jobs:
                progress.start(job.found.rel)
                handle(job, *_check_one(job, engine, calibration))
        else:
            _run_pool(jobs, engine, workers, handle, progress, calibration)
    except BaseException as e:  # Ctrl-C, or a store/disk failure: record how the run ended, then re-raise
        res.interrupted = True
        res.elapsed = time.monotonic() - t0
        if progress is not None:
            progress.close()
        try:
            if db.conn.in_transaction:
                db.conn.rollback()
            store.finish(res, "interrupted" if isinstance(e, KeyboardInterrupt) else "failed")
        except Exception:
            pass  # the store itself may be what failed; the run then shows as interrupted
        raise
    if progress is not None:
        progress.close()
    res.elapsed = time.monotonic() - t0
    store.finish(res, "done")
    return res


def _drop_stale(old: tuple, new: tuple, out_dir: Path) -> None:
    """A re-check under another name (--force after a rename) leaves one report pair, not two:
    the old pair goes if it is in this run's report folder."""
    for p in old:
        if p and Path(p) not in {x.resolve() for x in new} and Path(p).parent == out_dir.resolve():
            try:
                Path(p).unlink()
            except OSError:
                pass


def _run_pool(jobs: list[_Job], engine, workers: int, handle, progress, calibration=None) -> None:
    """Check jobs on a bounded thread pool (at most 2 x workers in flight, so a slow endpoint
    never has the whole inbox queued against it); results are handled here, in completion order."""
    pending: dict[Future, _Job] = {}
    it = iter(jobs)
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="briefcheck") as pool:
        try:
            for job in it:
                pending[pool.submit(_check_one, job, engine, calibration)] = job
                if len(pending) >= 2 * workers:
                    break
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for fut in done:
                    job = pending.pop(fut)
                    handle(job, *fut.result())
                    nxt = next(it, None)
                    if nxt is not None:
                        pending[pool.submit(_check_one, nxt, engine, calibration)] = nxt
                    if pending:
                        progress.start(next(iter(pending.values())).found.rel)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
