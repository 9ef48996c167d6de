"""`briefcheck review serve`: the review page on 127.0.0.1 (or elsewhere, with a token)."""

from __future__ import annotations

import sys

import click

from .common import fail_line


def _bind(host: str, port: int):
    """Bind here, so a busy port is one clear line rather than uvicorn's log and traceback."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    return sock


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind. Anything but loopback needs BRIEFCHECK_REVIEW_TOKEN.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--by", help="Your name on decisions taken on the page (default: BRIEFCHECK_REVIEWER, else asked).")
def serve(host, port, by):
    """Serve the review page: the queue with counts, filters and paging; each claim in its section
    with its evidence in the story; confirm / dismiss with a note (keys j/k, c/d, n); a briefing's
    consistency matrix; the calibration chart. Reads while a batch writes."""
    import uvicorn

    from ..settings import SettingsError, load
    from ..web import WebConfig, create_app
    from ..web.security import is_loopback

    try:
        s = load()
    except SettingsError as e:
        fail_line(str(e))
        sys.exit(2)
    token = s.review_token.get_secret_value() if s.review_token else None
    loopback = is_loopback(host)
    if not loopback and not token:
        fail_line(f"binding to {host} needs BRIEFCHECK_REVIEW_TOKEN: off loopback every request must carry it")
        sys.exit(2)
    try:
        sock = _bind(host, port)
    except OSError as e:
        fail_line(f"cannot listen on {host}:{port}: {e.strerror or e}")
        sys.exit(1)
    app = create_app(WebConfig(token=token, reviewer=by or s.reviewer, loopback_only=loopback))
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"review page at http://{shown}:{sock.getsockname()[1]}/" + (" (token required)" if token else "")
               + " · Ctrl-C stops", err=True)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
