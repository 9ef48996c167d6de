"""`briefcheck run INBOX/` and `briefcheck runs`: registered on the group in pipeline/cli.py."""

from __future__ import annotations

import sys

import click

from .options import (ENCODING_EPILOG, HOME_EPILOG, SIZE_EPILOG, encoding_option, engine_options, make_engine,
                      resolve_encoding)

# LLM engines spend their time waiting on the endpoint: a few requests in flight by default.
DEFAULT_LLM_WORKERS = 4


def default_workers(engine_name: str) -> int:
    """Embedded: one thread per core, at most 2. A briefing is ~12 ms of CPU and ~15 ms of report
    fsyncs and commit on the main thread; a second thread overlaps the two (100 briefings: 3.1 s ->
    1.8 s wall on 2 cores, benchmarks/batch_throughput.py); a third buys nothing. Threads, not
    processes: each process would reload the embedding model (~0.5 s) to save nothing."""
    import os

    if engine_name == "embedded":
        return max(1, min(2, os.cpu_count() or 1))
    return DEFAULT_LLM_WORKERS


@click.command(epilog=f"{ENCODING_EPILOG} {SIZE_EPILOG} {HOME_EPILOG}")
@click.argument("inbox", type=click.Path(exists=True, file_okay=False, path_type=str))
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=str),
              help="Folder for the reports (<stem>-<sha8>.json and .md).  [default: $BRIEFCHECK_HOME/reports]")
@click.option("--workers", type=click.IntRange(min=1, max=64),
              help="Briefings checked at once (threads). Default: 2 with the embedded engine (one per core, "
                   f"at most 2), {DEFAULT_LLM_WORKERS} with an LLM endpoint.")
@click.option("--force", is_flag=True, help="Re-check every briefing, even those already checked or known bad.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary; only failures, one line each.")
@click.option("--fail-on", type=click.Choice(["flagged", "error", "never"]), default="flagged", show_default=True,
              help="Exit 1 when a claim is flagged / only when a claim could not be checked / never "
                   "(a briefing that fails, or is still bad from an earlier run, always exits 1).")
@click.option("--send", is_flag=True, help="Send the run's digest email over SMTP (BRIEFCHECK_SMTP_*) at the end.")
@click.option("--mail-per-briefing", is_flag=True, help="One digest email per briefing instead of one per run.")
@click.option("--outbox", type=click.Path(file_okay=False, path_type=str),
              help="Folder for the digest .eml files.  [default: $BRIEFCHECK_HOME/outbox]")
@encoding_option
@engine_options
def run(inbox, out, workers, force, quiet, fail_on, send, mail_per_briefing, outbox, encoding, **engine_kw):
    """Check every new briefing (*.txt, *.md, recursively) in INBOX: one report per briefing,
    flagged claims into the review queue, and a run summary. Files already checked (by content)
    are not checked again: their stored report is copied into --out when it is not there yet, so
    every run leaves a report for every briefing, running it again is cheap, and it resumes after
    a crash."""
    import sqlite3
    from pathlib import Path

    from ..batch import run_batch
    from ..settings import home_dir
    from ..progress import Progress
    from ..store import open_db
    from ..summary import summary_text

    encoding = resolve_encoding(encoding)
    out_dir = Path(out) if out else home_dir() / "reports"
    if out_dir.exists() and not out_dir.is_dir():
        raise click.BadParameter(f"{out_dir} exists and is not a folder", param_hint="--out")

    def line(msg: str) -> None:
        click.echo(msg, err=True)

    with make_engine(**engine_kw) as engine:
        n = workers or default_workers(engine.name)
        progress = Progress(0, enabled=not quiet)
        try:
            res = run_batch(inbox, out_dir, engine, db=open_db(), workers=n, force=force,
                            on_line=line, progress=progress, encoding=encoding)
        except KeyboardInterrupt:
            click.echo("briefcheck: interrupted; run it again to resume", err=True)
            sys.exit(130)
        except (OSError, sqlite3.Error) as e:  # disk full, out folder not writable, store locked...
            click.echo(f"briefcheck: run stopped: {e}; fix it and run again to resume", err=True)
            sys.exit(1)
    if not quiet:
        click.echo(summary_text(res))
    from .mail import after_run

    # an email only for a run with new results (reused reports were mailed by the run that checked
    # them); --send also sends what an earlier run left pending
    mail_ok = after_run(res.run_id, send=send, per_briefing=mail_per_briefing, folder=outbox, quiet=quiet,
                        new_results=res.processed > 0)
    # a bad file fails every run until it is fixed or removed
    bad = bool(res.failures or res.still_bad) or not mail_ok
    if fail_on == "flagged" and res.flagged:
        bad = True
    if fail_on == "error" and res.errored_claims:
        bad = True
    sys.exit(1 if bad else 0)


@click.command(epilog=HOME_EPILOG)
@click.option("--json", "as_json", is_flag=True, help="Print the runs as a JSON array.")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, help="Show the latest N runs.")
def runs(as_json, limit):
    """List past batch runs: counts, flags, LLM calls, tokens, cost and time."""
    import json

    from ..store import open_db
    from ..summary import run_rows, runs_table

    rows = run_rows(open_db(), limit)
    click.echo(json.dumps(rows, indent=2) if as_json else runs_table(rows))
