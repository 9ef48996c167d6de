"""Helpers for the review tests: fixture inboxes that produce flags, and the page on a real
uvicorn server on a free 127.0.0.1 port in a thread."""

from __future__ import annotations

import re
import socket
import threading
import time
from pathlib import Path

from click.testing import CliRunner

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
NUMBER = SEEDS / "011_unsupported_number.txt"
XSS = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>')


def cli(*args, **kw):
    from pipeline.cli import cli as group

    return CliRunner().invoke(group, [str(a) for a in args], **kw)


def variant(src: Path, n: int, extra: str = "") -> str:
    """The briefing with its timestamp's seconds set to n (new content, same flags) and
    ``extra`` bullets added to Key Takeaways."""
    text = src.read_text(encoding="utf-8")
    text = re.sub(r"^(\w{3} \w{3} \d\d \d\d:\d\d:)\d\d", lambda m: f"{m.group(1)}{n % 60:02d}", text, count=1)
    if extra:
        text = text.replace("Key Takeaways:\n", "Key Takeaways:\n" + extra, 1)
    if n >= 60:  # more variants than seconds: vary the minute too
        text = text.replace(":40:", f":{n // 60 + 40:02d}:", 1)
    return text


def xss_inbox(root: Path) -> Path:
    """Three briefings; one has claims whose text is markup (each flagged: a figure the story lacks)."""
    inbox = root / "inbox"
    inbox.mkdir(parents=True)
    extra = (f"- {XSS[0]} The fire destroyed 3,400 barns.\n"
             f"- {XSS[1]} Insurers expect claims of 91 million euros.\n")
    (inbox / "xss.txt").write_text(variant(NUMBER, 1, extra), encoding="utf-8")
    for name in ("010_contradiction.txt", "013_off_topic.txt"):
        (inbox / name).write_bytes((SEEDS / name).read_bytes())
    return inbox


def run(inbox: Path, out: Path, *extra) -> object:
    return cli("run", inbox, "--out", out, "--workers", "1", *extra)


class LiveServer:
    """uvicorn serving ``app`` on 127.0.0.1:<free port> in a daemon thread."""

    def __init__(self, app):
        import uvicorn

        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self) -> "LiveServer":
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("review server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.sock.close()


def csrf_of(html: str) -> str:
    m = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
    assert m, "no CSRF token on the page"
    return m.group(1)
