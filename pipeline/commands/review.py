"""`briefcheck review ...`: work through the queue of flagged claims from the terminal.

The page (`review serve`) and calibration (`review calibrate`) live in their own modules, named
in REVIEW_COMMANDS (pipeline/commands/__init__.py) and imported only when used."""

from __future__ import annotations

import functools
import os
import sys

import click

from . import REVIEW_COMMANDS
from .common import fail_line
from .lazy import LazyGroup

VERDICTS = ["contradicted", "unsupported", "off_topic", "error"]
STATUS_CHOICE = click.Choice(["open", "confirmed", "dismissed", "all"])


def open_review_store():
    from ..store import open_store

    return open_store()


def pipe_safe(fn):
    """Output into a closed pipe (`review list | head -1`) ends quietly with exit 0."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except BrokenPipeError:
            # Point stdout at /dev/null so the interpreter's final flush cannot raise again.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(0)

    return wrapper


def reviewer_name(by: str | None) -> str:
    """--by, else BRIEFCHECK_REVIEWER, else the login name: a decision always says who took it."""
    if by and by.strip():
        return by.strip()
    from ..settings import SettingsError, load

    try:
        name = load().reviewer
    except SettingsError as e:
        fail_line(str(e))
        sys.exit(2)
    if name:
        return name
    import getpass

    return getpass.getuser()


def _show(item: dict) -> str:
    where = item["briefing_path"] or item["path"]
    rule = f" · rule {item['rule']}" if item.get("rule") else ""
    lines = [f"#{item['id']} [{item['status']}] {item['verdict'].upper()} ({item['score']:.2f})  "
             f"{where} · {item['section']} · run {item['run_id']}{rule}",
             f"  claim:  {item['text']}",
             f"  why:    {item['rationale']}"]
    if item["evidence"]:
        lines.append(f"  source: “{item['evidence']['text']}”")
    if item["note"] or item["status"] != "open":
        by = f" by {item['reviewer']}" if item.get("reviewer") else ""
        lines.append(f"  note:   {item['note'] or '-'} ({item['status']}{by}, {item['decided']})")
    return "\n".join(lines)


@click.group(cls=LazyGroup, lazy_commands=REVIEW_COMMANDS)
def review():
    """Review flagged claims: list them, confirm or dismiss each with a note, see a claim's history,
    export decisions, open the review page, calibrate the flagging from the decisions."""


@review.command(name="list")
@click.option("--status", type=STATUS_CHOICE, default="open", show_default=True, help="Which items to list.")
@click.option("--verdict", type=click.Choice(VERDICTS), help="Only items with this verdict.")
@click.option("--run", "run_id", type=int, help="Only items queued by this run.")
@click.option("--briefing", help="Only items of this briefing (its path, full or as in the inbox).")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True, help="At most N items.")
@click.option("--offset", type=click.IntRange(min=0), default=0, show_default=True, help="Skip the first N.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@pipe_safe
def list_(status, verdict, run_id, briefing, limit, offset, as_json):
    """List review items, oldest first, then how many more there are and the counts per status."""
    import json

    from ..store.queue import Filter

    q = open_review_store().queue
    f = Filter(status, verdict, run_id, briefing)
    rows = q.page(f, limit, offset)
    if as_json:
        for r in rows:
            click.echo(json.dumps(r, ensure_ascii=False))
        return
    for r in rows:
        click.echo(_show(r) + "\n")
    total = q.count(f)
    more = max(0, total - offset - len(rows))
    tail = f" · {more} more (--offset {offset + len(rows)})" if more else ""
    c = q.counts(f)
    click.echo(f"{len(rows)} shown of {total}{tail} · "
               f"{c['open']} open, {c['confirmed']} confirmed, {c['dismissed']} dismissed")


@review.command()
@click.argument("item_id", type=int)
@pipe_safe
def show(item_id):
    """Show one review item with its evidence and any decision."""
    from ..errors import BriefcheckError

    try:
        click.echo(_show(open_review_store().queue.get(item_id)))
    except BriefcheckError as e:
        fail_line(str(e))
        sys.exit(1)


def _decide(ids: tuple[int, ...], decision: str, note: str, by: str | None) -> None:
    from ..errors import BriefcheckError

    q = open_review_store().queue
    who = reviewer_name(by)
    failed = 0
    for item_id in ids:
        try:
            item = q.decide(item_id, decision, note, who)
        except BriefcheckError as e:
            fail_line(str(e))
            failed += 1
            continue
        click.echo(f"#{item['id']} {decision} by {who}: {item['text']}")
    sys.exit(1 if failed else 0)


_note = click.option("--note", default="", help="Why: kept with the decision.")
_by = click.option("--by", help="Your name on the decision (default: BRIEFCHECK_REVIEWER, else your login).")


@review.command()
@click.argument("ids", nargs=-1, type=int, required=True)
@_note
@_by
def confirm(ids, note, by):
    """Confirm flags: the claims really are a problem. Several ids at once."""
    _decide(ids, "confirmed", note, by)


@review.command()
@click.argument("ids", nargs=-1, type=int, required=True)
@_note
@_by
def dismiss(ids, note, by):
    """Dismiss flags: false alarms. Several ids at once."""
    _decide(ids, "dismissed", note, by)


@review.command()
@click.argument("item_id", type=int)
@pipe_safe
def history(item_id):
    """Every decision taken on one item, oldest first: from -> to, who, when, note."""
    from ..errors import BriefcheckError

    try:
        rows = open_review_store().queue.history(item_id)
    except BriefcheckError as e:
        fail_line(str(e))
        sys.exit(1)
    if not rows:
        click.echo(f"#{item_id}: no decision yet")
    for d in rows:
        note = f"  “{d['note']}”" if d["note"] else ""
        click.echo(f"{d['at']}  {d['from_status']} -> {d['to_status']}  by {d['reviewer'] or '-'}{note}")


@review.command()
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True,
              help="JSON Lines (one item per line, with its decision history) or CSV (one row per item).")
@click.option("--status", type=STATUS_CHOICE, default="all", show_default=True, help="Which items to export.")
@pipe_safe
def export(fmt, status):
    """Export review items on stdout, each once with its latest decision and note (JSON Lines also
    with its history), then print, on stderr, the share of decided flags reviewers confirmed per verdict."""
    from ..review_export import write_csv, write_jsonl

    store = open_review_store()
    rows = store.queue.items(status)
    if fmt == "csv":
        write_csv(rows, sys.stdout)
    else:
        write_jsonl(rows, store.queue.history, sys.stdout)
    sys.stdout.flush()
    for verdict, p in store.queue.precision_by_verdict().items():
        click.echo(f"{verdict}: {p['confirmed']}/{p['decided']} confirmed ({p['precision']:.0%})", err=True)
