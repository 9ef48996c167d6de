"""`briefcheck mail send | list | show`: the digest-email outbox."""

from __future__ import annotations

import sys

import click

from .common import fail_line


def _settings():
    from .. import settings

    try:
        return settings.load()
    except settings.SettingsError as e:
        fail_line(str(e))
        sys.exit(2)


def _store():
    import sqlite3

    from ..store import open_store

    try:
        return open_store()
    except sqlite3.Error as e:
        fail_line(f"cannot open the store: {e}")
        sys.exit(1)


@click.group()
def mail():
    """Digest emails: each run's digest is written to the outbox ($BRIEFCHECK_HOME/outbox, or
    `run --outbox DIR`) as an .eml file; `mail send` sends what is pending over SMTP, once."""


@mail.command()
@click.option("--retry-failed", is_flag=True, help="Also retry emails a server refused permanently (5xx).")
def send(retry_failed):
    """Send every pending email over SMTP (BRIEFCHECK_SMTP_*). Transient errors are retried with
    backoff and left pending; a refusal is recorded as failed with the server's reason. Exit 1
    if any email did not go."""
    import sqlite3

    from ..mail import outbox_dir, send_due

    s = _settings()
    store = _store()
    if not s.smtp_host:
        n = len(store.outbox.due(retry_failed))
        fail_line(f"no SMTP server configured (set BRIEFCHECK_SMTP_HOST); {n} email(s) wait in {outbox_dir()}")
        sys.exit(2)
    try:
        res = send_due(store, s, retry_failed=retry_failed)
    except (sqlite3.Error, OSError) as e:  # an email being sent stays 'sending': the next run resumes it
        fail_line(f"mail send stopped: {e}; run it again to resume")
        sys.exit(1)
    if res.resumed:
        click.echo(f"mail: {res.resumed} interrupted send(s) resumed with the same Message-ID", err=True)
    for line in res.lines:
        click.echo(line, err=True)
    click.echo(res.summary())
    sys.exit(0 if res.ok else 1)


@mail.command(name="list")
@click.option("--status", type=click.Choice(["pending", "sending", "sent", "failed"]), help="Only this state.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
def list_(status, as_json):
    """Every email in the outbox: state, attempts, last error, subject."""
    import json

    store = _store()
    rows = store.outbox.all(status)
    if as_json:
        for r in rows:
            click.echo(json.dumps(r, ensure_ascii=False))
        return
    for r in rows:
        click.echo(f"#{r['id']:<4} {r['status']:<8} {r['attempts']} tries  run {r['run_id']}  {r['subject']}")
        click.echo(f"      to {', '.join(r['recipients']) or '(BRIEFCHECK_MAIL_TO at send time)'}  {r['path']}")
        if r["last_error"]:
            click.echo(f"      last error: {r['last_error']}")
    c = store.outbox.counts()
    click.echo(f"{len(rows)} shown · " + ", ".join(f"{n} {k}" for k, n in c.items()))


@mail.command()
@click.argument("email_id")
@click.option("--raw", is_flag=True, help="Print the .eml file as it will be sent.")
@click.option("--html", "as_html", is_flag=True, help="Print the HTML part.")
def show(email_id, raw, as_html):
    """Print one email (by number or Message-ID): its headers and text part."""
    from email import policy
    from email.parser import BytesParser

    from ..errors import BriefcheckError

    store = _store()
    try:
        row = store.outbox.get(email_id)
        with open(row["path"], "rb") as f:
            data = f.read()
    except BriefcheckError as e:
        fail_line(str(e))
        sys.exit(1)
    except OSError as e:
        fail_line(f"{row['path']}: {e.strerror or e}")
        sys.exit(1)
    if raw:
        click.echo(data.decode("utf-8", "replace"), nl=False)
        return
    msg = BytesParser(policy=policy.default).parsebytes(data)
    part = msg.get_body(("html",) if as_html else ("plain",))
    error = f" · {row['last_error']}" if row["last_error"] else ""
    click.echo(f"# {row['status']} · {row['attempts']} tries{error}")
    for h in ("Message-ID", "Date", "From", "To", "Subject"):
        click.echo(f"{h}: {msg[h]}")
    click.echo("")
    click.echo(part.get_content() if part is not None else "(no such part)")


def after_run(run_id: int, *, send: bool, per_briefing: bool, folder: str | None, quiet: bool,
              new_results: bool = True) -> bool:
    """`briefcheck run`'s one call: build (and with --send, send) the run's digest; each outcome is
    one line: where it went on stdout (not with --quiet), what did not go on stderr. False when an
    email did not go."""
    from ..mail import after_run as mail_after_run
    from ..settings import SettingsError, load

    try:
        s = load()
    except SettingsError as e:
        fail_line(f"mail: {e}")
        return False
    store = _store()
    try:
        def warn(line: str) -> None:
            click.echo(line, err=True)

        def echo(line: str) -> None:  # the run summary is on stdout; this line goes with it
            if not quiet:
                click.echo(line)

        return mail_after_run(store, run_id, s, send=send, per_briefing=per_briefing, folder=folder,
                              echo=echo, warn=warn, new_results=new_results)
    except OSError as e:  # outbox folder not writable, disk full
        fail_line(f"mail: cannot write the outbox: {e}")
        return False
    finally:
        store.close()
