"""Digest emails as email.message.EmailMessage: a plain-text part and an HTML part, both from
Jinja2 templates (HTML autoescaped: briefing text is untrusted), with a Date taken from the run
and a Message-ID derived from the run and the content, so a rebuilt email is byte-identical."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, parseaddr
from pathlib import Path
from urllib.parse import urlsplit

import jinja2

from .content import Item, RunDigest

TEMPLATES = Path(__file__).parent / "templates"


@dataclass
class Composed:
    message: EmailMessage
    kind: str  # 'run' | 'briefing'
    sha256: str | None
    message_id: str
    subject: str
    recipients: list[str]


def _env(html: bool) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=html,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                              keep_trailing_newline=True)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def day(d: RunDigest) -> str:
    return f"{d.started.day} {d.started:%b %Y}"


def subject(d: RunDigest, item: Item | None = None) -> str:
    """'briefcheck · 1 Dec 2026 · 19 briefings · 27 flags'; per briefing, its headline."""
    if item is not None:
        return f"briefcheck · {day(d)} · {item.headline} · {_plural(item.held_back, 'flag')}"
    parts = ["briefcheck", day(d), _plural(len(d.items), "briefing"), _plural(d.flags, "flag")]
    if d.failures:
        parts.append(f"{len(d.failures)} not checked")
    return " · ".join(parts)


def safe_url(url: str | None) -> str | None:
    """Only http(s) addresses become links: a javascript: or data: URL in a setting never does."""
    if not url:
        return None
    return url if urlsplit(url).scheme in ("http", "https") else None


def _domain(sender: str) -> str:
    dom = parseaddr(sender)[1].rpartition("@")[2]
    return re.sub(r"[^A-Za-z0-9.\-]", "", dom) or "briefcheck.invalid"


def _message_id(msg: EmailMessage, d: RunDigest, kind: str, key: str, sender: str) -> str:
    digest = hashlib.sha256(f"{d.run_id}|{kind}|{key}|".encode() + msg.as_bytes(policy=SMTP)).hexdigest()
    return f"<briefcheck.{d.run_id}.{digest[:24]}@{_domain(sender)}>"


def _build(d: RunDigest, items: list[Item], failures: list, settings, item: Item | None) -> Composed:
    ctx = {"subject": subject(d, item), "day": day(d), "items": items, "failures": failures,
           "review_url": safe_url(settings.review_url), "raw_review_url": settings.review_url or "",
           "briefings": _plural(len(items), "briefing"), "held": _plural(sum(i.held_back for i in items), "claim")}
    msg = EmailMessage()
    msg["Subject"] = ctx["subject"]
    msg["From"] = settings.mail_from
    msg["To"] = ", ".join(settings.recipients) or "undisclosed-recipients:;"
    msg["Date"] = format_datetime(d.started)
    msg["X-Briefcheck-Run"] = str(d.run_id)
    msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation auto-replies to a robot
    text = _env(False).get_template("digest.txt.j2").render(ctx)
    html = _env(True).get_template("digest.html.j2").render(ctx)
    msg.set_content(text)
    msg.add_alternative(html, subtype="html")
    # the MIME boundary is random by default: derive it, so the same content gives the same bytes
    msg.set_boundary("==briefcheck-" + hashlib.sha256((text + "\0" + html).encode()).hexdigest()[:32])
    kind, key = ("briefing", item.sha256) if item else ("run", "")
    mid = _message_id(msg, d, kind, key, settings.mail_from)
    msg["Message-ID"] = mid
    return Composed(msg, kind, item.sha256 if item else None, mid, ctx["subject"], settings.recipients)


def compose(d: RunDigest, settings, per_briefing: bool = False) -> list[Composed]:
    """One email for the run, or one per briefing (failures then ride with the first); none when
    the run checked no briefing (its bad files are already one line each on the terminal)."""
    if not d.items:
        return []
    if not per_briefing:
        return [_build(d, d.items, d.failures, settings, None)]
    return [_build(d, [it], d.failures if n == 0 else [], settings, it) for n, it in enumerate(d.items)]

