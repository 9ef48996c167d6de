"""parse: bytes of a briefing file -> Briefing (sections with roles and offsets).

Accepts the seed format (``<ts>: Headline: ...`` then ``Name:`` section lines)
and its Markdown form (``# Headline``, ``## Section``). Anything that is not a
briefing raises BadInput naming the file and the reason, in one line.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from .encoding import decode_bytes
from .errors import BadInput
from .models import Briefing, Role, Section
from .textspan import strip_span

MAX_BYTES = 2_000_000  # a briefing is a few KB; anything this big is not one

_SEED_HEADLINE = re.compile(r"^\ufeff?\s*(?:(?P<ts>.*?):\s*)?Headline:\s*(?P<h>\S.*?)\s*$")
_MD_HEADLINE = re.compile(r"^\ufeff?\s*#\s+(?P<h>\S.*?)\s*#*\s*$")
_MD_SECTION = re.compile(r"^\s*#{2,6}\s+(?P<name>\S.*?)\s*:?\s*#*\s*$")
# "Name:" alone on its line; a short title-like name, so prose ending in ':' is not a header.
_PLAIN_SECTION = re.compile(r"^\s*(?P<name>[A-Z][A-Za-z&/'’ -]{1,38}[A-Za-z]):\s*$")
_MD_TIMESTAMP = re.compile(r"^\s*[_*]*(?P<ts>[^_*]{4,60}?)[_*]*\s*$")

_SOURCE_WORDS = ("story", "background", "report", "article", "what happened", "details", "facts")
_SUMMARY_WORDS = ("key point", "takeaway", "summary", "highlight", "tl;dr", "bottom line", "at a glance")


def role_for(name: str) -> Role:
    """Role from a section name: known names first, then word heuristics, else analysis."""
    low = name.lower()
    if any(w in low for w in _SUMMARY_WORDS):
        return "summary"
    if any(w in low for w in _SOURCE_WORDS) and "analysis" not in low:
        return "source"
    return "analysis"


def decode(data: bytes, path: str, encoding: str | None = None) -> str:
    """Bytes -> text, or BadInput saying why the file is not a briefing's text (see pipeline/encoding.py)."""
    return _decode(data, path, encoding)[0]


def _decode(data: bytes, path: str, encoding: str | None) -> tuple[str, str]:
    if len(data) > MAX_BYTES:
        raise BadInput(path, f"too large ({len(data):,} bytes; limit {MAX_BYTES:,})")
    text, used = decode_bytes(data, path, encoding)
    if not text.replace("\ufeff", "").strip():
        raise BadInput(path, "empty file")
    return text, used


def read_briefing(data: bytes, path: str, encoding: str | None = None) -> Briefing:
    """A briefing from a file's bytes: decoded (UTF-8, the named encoding, else detected), then
    parsed; its sha256 is of the bytes, as the batch run keys files."""
    text, used = _decode(data, path, encoding)
    return parse_text(text, path, encoding=used, sha256=hashlib.sha256(data).hexdigest())


def _line_spans(text: str):
    """(start, end) of every line, end excluding the line break."""
    for m in re.finditer(r"[^\r\n]*(?:\r\n|\r|\n|$)", text):
        if m.start() == len(text) and not m.group():
            break
        body = m.group().rstrip("\r\n")
        yield m.start(), m.start() + len(body)


def parse_text(text: str, path: str = "<text>", *, encoding: str = "utf-8", sha256: str | None = None) -> Briefing:
    """The briefing in text (decoded from `encoding`; sha256 of the file's bytes, by default of
    the text as UTF-8)."""
    headline = timestamp = None
    head_span = None
    headers: list[tuple[str, int, int]] = []  # (name, header line start, body start)
    lines = list(_line_spans(text))
    for i, (a, b) in enumerate(lines):
        line = text[a:b]
        if not line.strip() or line.strip() == "\ufeff":
            continue
        if headline is None and not headers:
            m = _SEED_HEADLINE.match(line) or _MD_HEADLINE.match(line)
            if m:
                headline = m.group("h")
                timestamp = (m.groupdict().get("ts") or "").strip("\ufeff ") or None
                hs = a + m.start("h")
                head_span = (hs, hs + len(headline))
                continue
        m = _MD_SECTION.match(line) or _PLAIN_SECTION.match(line)
        if m:
            nxt = lines[i + 1][0] if i + 1 < len(lines) else len(text)
            headers.append((m.group("name").strip(), a, nxt))
            continue
        if headline is not None and timestamp is None and not headers and _MD_TIMESTAMP.match(line):
            timestamp = _MD_TIMESTAMP.match(line).group("ts").strip()
    if not headers:
        raise BadInput(path, "no sections found (expected lines like 'The Story:' or '## The Story')")
    if headline is None:
        raise BadInput(path, "no headline line ('<time>: Headline: ...' or '# ...') before the sections")

    sections = [Section(name="Headline", role="source", start=head_span[0], end=head_span[1])]
    for k, (name, _, body_start) in enumerate(headers):
        body_end = headers[k + 1][1] if k + 1 < len(headers) else len(text)
        span = strip_span(text, body_start, body_end)
        if not span.text:
            continue  # a header with nothing under it carries no claims
        sections.append(Section(name=name, role=role_for(name), start=span.start, end=span.end))
    if not any(s.role == "source" for s in sections[1:]):
        raise BadInput(path, "no source section (expected 'The Story:' or similar)")
    if not any(s.role != "source" for s in sections):
        raise BadInput(path, "no sections to check (only source sections found)")
    return Briefing(
        path=path,
        sha256=sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest(),
        encoding=encoding,
        timestamp=timestamp,
        headline=headline,
        sections=sections,
        text=text,
    )


def parse_file(path: str | Path, encoding: str | None = None) -> Briefing:
    p = Path(path)
    name = str(path)
    try:
        if p.is_dir():
            raise BadInput(name, "is a directory, not a file")
        with p.open("rb") as f:
            data = f.read(MAX_BYTES + 1)
            if len(data) > MAX_BYTES:
                size = p.stat().st_size
                raise BadInput(name, f"too large ({size:,} bytes; limit {MAX_BYTES:,})")
    except BadInput:
        raise
    except FileNotFoundError:
        raise BadInput(name, "no such file") from None
    except PermissionError:
        raise BadInput(name, "permission denied") from None
    except OSError as e:
        raise BadInput(name, f"cannot read ({e.strerror or e})") from None
    return read_briefing(data, name, encoding)
