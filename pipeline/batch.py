"""The batch run: every new briefing in an inbox -> one report each, the review queue, a run record.

Crash safety. A briefing counts as done only when, in this order,
  1. its report files are on disk (each written to a temp file, fsynced, then os.replace'd), and
  2. ONE SQLite transaction has committed its review-queue rows and its ``files`` row (status done)
     together with the run's running totals.
A run killed anywhere in between leaves either nothing for that briefing or complete report files
that the next run rewrites with the same bytes (reports depend on content only), and the queue is
keyed UNIQUE(sha256, claim_id), so no claim is ever queued twice.

Incremental. Files are keyed by the SHA-256 of their raw bytes: a renamed copy is not re-checked, an
edited file is. Content checked before whose report is not in this run's folder (another ``--out``)
gets the stored report copied there, not a second check, so every run leaves a report in its folder
for every briefing of its inbox. Bad input is recorded with its reason and not retried until its
bytes change, but each run still names it as bad (paths that cannot be read at all are keyed by
path + reason). Engine errors are recorded but retried next run, since they are not the file's
fault. ``force`` re-checks everything. What to do with each file is decided by pipeline/plan.py
(pure); the thread pool is pipeline/execute.py; this module wires them to the files and the store.

Concurrency. Workers (threads) only check; every file write and every DB write happens on the
calling thread, which also parses up front (so bad input is reported at once, in path order). With
the embedded engine 2 threads on 2 cores beat 1 (the main thread's fsyncs and commits overlap the
next check), see commands/run.default_workers and benchmarks/batch_throughput.py.
"""


from __future__ import annotations

import os
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .discover import Found, discover, read_content, unreadable_key
from .encoding import is_encoding_failure
from .errors import BadInput, BriefcheckError
from .execute import execute
from .models import Briefing, Report, Usage
from .parse import MAX_BYTES, read_briefing
from .plan import Item, Known, Step, plan
from .policy import Calibration
from .report_files import clean_temp_files, reuse_reports, write_reports


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
    skipped: int = 0  # already checked with its report in this folder, or a duplicate within this run
    reused: int = 0  # checked before; its stored report copied into this run's folder
    failures: list[Failure] = field(default_factory=list)  # failed in this run
    still_bad: list[Failure] = field(default_factory=list)  # bad input seen before, same bytes: not retried
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
    def known_bad(self) -> int:
        return len(self.still_bad)

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


def _read(path: Path):
    """Indirection so tests can simulate unreadable files when running as root."""
    return read_content(path)


def read_items(found: list[Found]) -> list[Item]:
    """Each found file hashed (its bytes kept for parsing), or keyed by path + reason when it
    cannot be read."""
    items = []
    for f in found:
        reason, content = f.error, None
        if reason is None:
            try:
                content = _read(f.path)
            except PermissionError:
                reason = "permission denied"
            except OSError as e:
                reason = f"cannot read ({e.strerror or e})"
        if content is None:
            items.append(Item(f, unreadable_key(f.rel, reason), unreadable=reason))
        else:
            items.append(Item(f, content.sha256, content.size, data=content.data))
    return items


def known_files(rows: dict[str, dict], out_dir: Path, encoding: str | None = None) -> dict[str, Known]:
    """The store's rows as plan input: where each stored report is (this folder, another, gone).
    A file refused as not UTF-8 is new to a run that names an encoding: that is what it is for."""
    here = out_dir.resolve()
    out = {}
    for key, r in rows.items():
        if encoding and r["status"] == "failed" and is_encoding_failure(r["reason"]):
            continue
        js = r["report_json"]
        where = None
        if js and os.path.exists(js):
            where = "here" if Path(js).parent == here else "elsewhere"
        out[key] = Known(r["status"], r["reason"], where)
    return out


class _Store:
    """All DB writes of a run, each one transaction; called from the main thread only."""

    def __init__(self, store, run_id: int, inbox_abs: str):
        self.store = store
        self.run_id = run_id
        self.inbox_abs = inbox_abs

    def _run_totals(self, r: RunResult) -> None:
        # the runs table has no column of its own for reused reports: they count as skipped (not re-checked)
        counts = {"found": r.found, "processed": r.processed, "skipped": r.skipped + r.reused,
                  "known_bad": r.known_bad, "failed": r.failed, "claims": r.claims, "flagged": r.flagged}
        self.store.runs.totals(self.run_id, counts, r.flags_by_verdict, r.usage)

    def done(self, rel: str, size: int, report: Report, js: Path, md: Path, totals: RunResult) -> None:
        flagged = report.flagged
        with self.store.transaction():
            self.store.queue.enqueue(report.briefing.sha256, rel, flagged, self.run_id, self.inbox_abs)
            self.store.files.upsert(report.briefing.sha256, rel, self.inbox_abs, size, "done", self.run_id,
                                    report_json=str(js.resolve()), report_md=str(md.resolve()),
                                    claims=len(report.claims), flagged=len(flagged))
            self._run_totals(totals)

    def reused(self, rel: str, size: int, report: Report, js: Path, md: Path, totals: RunResult) -> None:
        """The newest copy of a report becomes the stored one, so older report folders can go.
        Its flags are already in the queue (from the run that checked it)."""
        with self.store.transaction():
            self.store.files.upsert(report.briefing.sha256, rel, self.inbox_abs, size, "done", self.run_id,
                                    report_json=str(js.resolve()), report_md=str(md.resolve()),
                                    claims=len(report.claims), flagged=len(report.flagged))
            self._run_totals(totals)

    def failed(self, key: str, rel: str, size: int | None, status: str, reason: str, totals: RunResult) -> None:
        with self.store.transaction():
            self.store.files.upsert(key, rel, self.inbox_abs, size, status, self.run_id, reason=reason)
            self._run_totals(totals)

    def finish(self, totals: RunResult, status: str) -> None:
        with self.store.transaction():
            self._run_totals(totals)
            self.store.runs.finish(self.run_id, status, totals.elapsed)


class _Run:
    """One run's state: the result being built, the store, the report folder, the output line."""

    def __init__(self, res: RunResult, store: _Store, out_dir: Path, emit: Callable[[str], None]):
        self.res, self.store, self.out_dir, self.emit = res, store, out_dir, emit
        self.rows: dict[str, dict] = {}
        self.bad_now: dict[str, str] = {}  # sha -> reason, for bytes that failed to parse in this run
        self.progress = None
        self.encoding: str | None = None  # None: UTF-8, else detected

    def fail(self, found: Found, key: str, size: int | None, reason: str, kind: str = "bad input") -> None:
        self.res.failures.append(Failure(str(found.path), reason, kind))
        self.store.failed(key, found.rel, size, "failed" if kind == "bad input" else "error", reason, self.res)
        self.emit(f"briefcheck: {found.path}: {reason}" + (" (will retry next run)" if kind == "error" else ""))

    def still_bad(self, step: Step) -> None:
        self.res.still_bad.append(Failure(str(step.item.found.path), step.reason or "bad input"))
        self.emit(f"briefcheck: {step.item.found.path}: {step.reason} (unchanged since an earlier run)")

    def prepare(self, steps: list[Step]) -> list[_Job]:
        """Everything but the checks, in path order: failures, skips, reused reports, and parsing
        (cheap, so bad input is reported up front). Returns the briefings to check."""
        jobs = []
        for step in steps:
            item, f = step.item, step.item.found
            if step.action == "fail":
                self.fail(f, item.key, None, step.reason)
            elif step.action == "still_bad":
                self.still_bad(step)
            elif step.action == "skip" and item.key in self.bad_now:  # a copy of bytes that just failed
                self.fail(f, item.key, item.size, self.bad_now[item.key])
            elif step.action == "skip":
                self.res.skipped += 1
            elif step.action == "reuse" and self.reuse(item):
                continue
            else:
                job = self.parse(item)
                if job is not None:
                    jobs.append(job)
        return jobs

    def reuse(self, item: Item) -> bool:
        got = reuse_reports(self.rows[item.key]["report_json"], self.out_dir, item.found.rel)
        if got is None:
            return False  # the stored report cannot be read back: check the file again
        self.res.reused += 1
        report, js, md = got
        self.store.reused(item.found.rel, item.size, report, js, md, self.res)
        return True

    def parse(self, item: Item) -> _Job | None:
        f = item.found
        try:
            if item.data is None:
                raise BadInput(f.rel, f"too large ({item.size:,} bytes; limit {MAX_BYTES:,})")
            briefing = read_briefing(item.data, f.rel, self.encoding)
        except BadInput as e:
            self.bad_now[item.key] = e.reason
            self.fail(f, item.key, item.size, e.reason)
            return None
        return _Job(f, item.key, item.size, briefing)

    def handle(self, job: _Job, result: tuple[str, Report | str]) -> None:
        outcome, value = result
        if outcome != "ok":
            self.fail(job.found, job.sha256, job.size, value, "bad input" if outcome == "bad" else "error")
            self.progress.advance(0)
            return
        report: Report = value
        res = self.res
        js, md = write_reports(report, self.out_dir, job.found.rel)
        res.processed += 1
        res.claims += len(report.claims)
        res.flagged += len(report.flagged)
        res.flags_by_verdict.update(c.verdict for c in report.flagged)
        res.errored_claims += sum(c.verdict == "error" for c in report.claims)
        res.usage = res.usage.add(report.usage)
        self.store.done(job.found.rel, job.size, report, js, md, res)
        old = self.rows.get(job.sha256, {})
        _drop_stale((old.get("report_json"), old.get("report_md")), (js, md), self.out_dir)
        self.progress.advance(len(report.flagged))


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
    encoding: str | None = None,
) -> RunResult:
    """Check what is new in inbox, write reports to out_dir, record everything in the store.

    on_line(msg) receives one line per file that failed or is still bad (``briefcheck: PATH:
    REASON``), printed through the progress display when there is one; progress (a
    pipeline.progress.Progress or None) is created here when None is given and `on_line` is the
    only output."""
    from .progress import Progress
    from .store import Store, open_db

    t0 = time.monotonic()
    inbox, out_dir = Path(inbox), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    clean_temp_files(out_dir)
    db = db if db is not None else open_db()
    repos = Store(db)
    run_id = repos.runs.start(str(inbox.resolve()), str(out_dir.resolve()), engine.name, workers, force)
    res = RunResult(run_id=run_id, inbox=str(inbox), out=str(out_dir), engine=engine.name, workers=workers)
    store = _Store(repos, run_id, str(inbox.resolve()))
    run = _Run(res, store, out_dir, on_line or (lambda msg: None))
    run.encoding = encoding
    calibration = _calibration(repos, res)
    try:
        found = discover(inbox, exclude=[out_dir])
        res.found = len(found)
        run.rows = repos.files.known()
        run.progress = progress = progress if progress is not None else Progress(0, enabled=on_line is not None)
        if on_line is not None:
            run.emit = progress.line  # lines go above the bar, never through it
        jobs = run.prepare(plan(read_items(found), known_files(run.rows, out_dir, encoding), force))
        progress.total = len(jobs)
        execute(jobs, lambda job: _check_one(job, engine, calibration), run.handle, workers=workers,
                label=lambda job: job.found.rel, progress=progress)
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
    progress.close()
    res.elapsed = time.monotonic() - t0
    store.finish(res, "done")
    return res


def _calibration(repos, res: RunResult) -> Calibration | None:
    """Reviewers' calibration (`review calibrate --apply`), read once: the whole run flags alike."""
    calibration = Calibration.from_stored(repos.calibration.current())
    res.calibration = calibration.decisions if calibration else 0
    return calibration


def _drop_stale(old: tuple, new: tuple, out_dir: Path) -> None:
    """A re-check under another name (--force after a rename) leaves one report pair, not two:
    the old pair goes if it is in this run's report folder."""
    for p in old:
        if p and Path(p) not in {x.resolve() for x in new} and Path(p).parent == out_dir.resolve():
            try:
                Path(p).unlink()
            except OSError:
                pass
