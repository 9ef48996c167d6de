"""`briefcheck review ...`: work through the queue of flagged claims."""

from __future__ import annotations

import json
import sys

import click



def _queue():
    from ..store import open_store

    return open_store().queue


def _fail(e: Exception):
    click.echo(f"briefcheck: {e}", err=True)
    sys.exit(1)


def _show(item: dict) -> str:
    lines = [f"#{item['id']} [{item['status']}] {item['verdict'].upper()} ({item['score']:.2f})  "
             f"{item['path']} · {item['section']}",
             f"  claim:  {item['text']}",
             f"  why:    {item['rationale']}"]
    if item["evidence"]:
        lines.append(f"  source: “{item['evidence']['text']}”")
    if item["note"]:
        lines.append(f"  note:   {item['note']} ({item['decided']})")
    return "\n".join(lines)


@click.group()
def review():
    """Review flagged claims: list them, confirm or dismiss each with a note, export decisions."""


@review.command(name="list")
@click.option("--status", type=click.Choice(["open", "confirmed", "dismissed", "all"]), default="open",
              show_default=True, help="Which items to list.")
@click.option("--verdict", type=click.Choice(["contradicted", "unsupported", "off_topic", "error"]),
              help="Only items with this verdict.")
@click.option("--limit", type=click.IntRange(min=1), help="At most N items.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
def list_(status, verdict, limit, as_json):
    """List review items, oldest first, with a count of open and decided items."""
    q = _queue()
    rows = q.items(status, verdict, limit)
    if as_json:
        for r in rows:
            click.echo(json.dumps(r, ensure_ascii=False))
        return
    for r in rows:
        click.echo(_show(r) + "\n")
    c = q.counts()
    click.echo(f"{len(rows)} shown · {c['open']} open, {c['confirmed']} confirmed, {c['dismissed']} dismissed")


@review.command()
@click.argument("item_id", type=int)
def show(item_id):
    """Show one review item with its evidence and any decision."""
    from ..errors import BriefcheckError

    try:
        click.echo(_show(_queue().get(item_id)))
    except BriefcheckError as e:
        _fail(e)


def _decide(item_id: int, decision: str, note: str) -> None:
    from ..errors import BriefcheckError

    try:
        item = _queue().decide(item_id, decision, note)
    except BriefcheckError as e:
        _fail(e)
    click.echo(f"#{item['id']} {decision}: {item['text']}")


@review.command()
@click.argument("item_id", type=int)
@click.option("--note", default="", help="Why: kept with the decision.")
def confirm(item_id, note):
    """Confirm a flag: the claim really is a problem."""
    _decide(item_id, "confirmed", note)


@review.command()
@click.argument("item_id", type=int)
@click.option("--note", default="", help="Why: kept with the decision.")
def dismiss(item_id, note):
    """Dismiss a flag: a false alarm."""
    _decide(item_id, "dismissed", note)


@review.command()
@click.option("--status", type=click.Choice(["open", "confirmed", "dismissed", "all"]), default="all",
              show_default=True, help="Which items to export.")
def export(status):
    """Export review items and decisions as JSON Lines on stdout, then print, on stderr, the share
    of decided flags that reviewers confirmed per verdict (the precision to weigh thresholds by)."""
    q = _queue()
    for r in q.items(status):
        click.echo(json.dumps(r, ensure_ascii=False))
    for verdict, p in q.precision_by_verdict().items():
        click.echo(f"{verdict}: {p['confirmed']}/{p['decided']} confirmed ({p['precision']:.0%})", err=True)
