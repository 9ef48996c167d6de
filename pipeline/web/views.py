"""Route handlers. Reads and writes go through the store, one connection per request (WAL lets
a page read while a batch writes; SQLite connections are not shared between threads)."""

from __future__ import annotations

import contextlib
from urllib.parse import quote, unquote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse

from ..errors import BriefcheckError
from ..store import open_store
from ..store.queue import STATUSES, Filter
from . import briefing_data, charts
from .security import csrf_ok, csrf_token

VERDICTS = ("contradicted", "unsupported", "off_topic", "error")
ACTIONS = {"confirm": "confirmed", "dismiss": "dismissed"}
REVIEWER_COOKIE = "bc_reviewer"
PAGE = 50


class BadQuery(Exception):
    """A query parameter the page cannot use: answered 400 with one line."""


@contextlib.contextmanager
def _store(request: Request):
    store = open_store(request.app.state.cfg.db_path)
    try:
        yield store
    finally:
        store.close()


def _reviewer(request: Request, form_value: str | None = None) -> str | None:
    for name in (form_value, unquote(request.cookies.get(REVIEWER_COOKIE, "")), request.app.state.cfg.reviewer):
        if name and name.strip():
            return name.strip()[:80]
    return None


def _render(request: Request, template: str, status: int = 200, **ctx) -> HTMLResponse:
    cfg = request.app.state.cfg
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    ctx.update(csrf=csrf_token(request, cfg.secret), reviewer=_reviewer(request), here=here)
    return HTMLResponse(request.app.state.env.get_template(template).render(**ctx), status)


def _filter(request: Request, default_status: str = "open") -> Filter:
    q = request.query_params
    status = q.get("status") or default_status
    if status not in (*STATUSES, "all"):
        raise BadQuery(f"status must be one of {', '.join((*STATUSES, 'all'))}")
    verdict = q.get("verdict") or None
    if verdict and verdict not in VERDICTS:
        raise BadQuery(f"verdict must be one of {', '.join(VERDICTS)}")
    return Filter(status, verdict, _int(q.get("run"), "run"), q.get("briefing") or None)


def _int(value: str | None, name: str, lo: int = 0, hi: int | None = None) -> int | None:
    if value in (None, ""):
        return None
    try:
        n = int(value)
    except ValueError:
        raise BadQuery(f"{name} must be a whole number") from None
    if n < lo or (hi is not None and n > hi):
        raise BadQuery(f"{name} must be between {lo} and {hi}" if hi else f"{name} must be at least {lo}")
    return n


def _query(f: Filter, **extra) -> str:
    from urllib.parse import urlencode

    pairs = {"status": f.status, "verdict": f.verdict, "run": f.run, "briefing": f.briefing, **extra}
    return urlencode({k: v for k, v in pairs.items() if v not in (None, "")})


def queue(request: Request):
    try:
        f = _filter(request)
        offset = _int(request.query_params.get("offset"), "offset") or 0
        limit = _int(request.query_params.get("limit"), "limit", 1, 500) or PAGE
    except BadQuery as e:
        return PlainTextResponse(f"briefcheck: {e}\n", 400)
    with _store(request) as store:
        q = store.queue
        rows, total, counts = q.page(f, limit, offset), q.count(f), q.counts(f)
        runs, briefings = q.runs(), q.briefings()
    prev_url = f"/?{_query(f, offset=max(0, offset - limit))}" if offset else None
    next_url = f"/?{_query(f, offset=offset + limit)}" if offset + len(rows) < total else None
    return _render(request, "queue.html", rows=rows, total=total, counts=counts, f=f, offset=offset,
                   runs=runs, briefings=briefings, verdicts=VERDICTS, statuses=(*STATUSES, "all"),
                   prev_url=prev_url, next_url=next_url, claim_query=_query(f))


def claim(request: Request):
    item_id = request.path_params["item_id"]
    try:
        f = _filter(request, "all")
    except BadQuery as e:
        return PlainTextResponse(f"briefcheck: {e}\n", 400)
    with _store(request) as store:
        try:
            item = store.queue.get(item_id)
        except BriefcheckError:
            return not_found(request, None)
        hist = store.queue.history(item_id)
        prev_id, next_id = store.queue.neighbours(item_id, f)
        view = briefing_data.load(store, item["sha256"], item["briefing_path"])
    qs = _query(f)
    link = lambda i: f"/claims/{i}?{qs}" if i else None  # noqa: E731
    return _render(request, "claim.html", item=item, history=hist, view=view,
                   claim_parts=briefing_data.section_parts(view, item["section"], item["start"], item["end"]),
                   story=briefing_data.story_parts(view, item["evidence"]),
                   prev_url=link(prev_id), next_url=link(next_id), after=link(next_id) or f"/?{qs}",
                   queue_url=f"/?{qs}")


def _safe_next(value: str | None, fallback: str) -> str:
    """Only a path on this site: never an open redirect."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return fallback


async def decide(request: Request):
    item_id, action = request.path_params["item_id"], request.path_params["decision"]
    if action not in ACTIONS:
        return not_found(request, None)
    form = await request.form()
    if not csrf_ok(request, request.app.state.cfg.secret, form.get("csrf")):
        return PlainTextResponse("briefcheck: missing or wrong CSRF token; reload the page and try again\n", 403)
    who = _reviewer(request, form.get("by"))
    if not who:
        return PlainTextResponse("briefcheck: who is deciding? give your name on the page first\n", 400)
    note = str(form.get("note") or "").strip()[:2000]

    def write():
        with _store(request) as store:
            return store.queue.decide(item_id, ACTIONS[action], note, who)

    try:
        item = await run_in_threadpool(write)
    except BriefcheckError as e:
        return PlainTextResponse(f"briefcheck: {e}\n", 404)
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse(item)
    return RedirectResponse(_safe_next(form.get("next"), f"/claims/{item_id}"), 303)


async def set_reviewer(request: Request):
    form = await request.form()
    if not csrf_ok(request, request.app.state.cfg.secret, form.get("csrf")):
        return PlainTextResponse("briefcheck: missing or wrong CSRF token; reload the page and try again\n", 403)
    name = str(form.get("name") or "").strip()[:80]
    if not name:
        return PlainTextResponse("briefcheck: a reviewer name cannot be empty\n", 400)
    r = RedirectResponse(_safe_next(form.get("next"), "/"), 303)
    r.set_cookie(REVIEWER_COOKIE, quote(name), httponly=True, samesite="strict", max_age=365 * 86400)
    return r


def briefing(request: Request):
    sha = request.path_params["sha"]
    with _store(request) as store:
        items = store.queue.for_briefing(sha)
        if not items and store.files.get(sha) is None:
            return not_found(request, None)
        view = briefing_data.load(store, sha, items[0]["briefing_path"] if items else None)
    by_section = {s["name"]: [] for s in view.sections}
    for it in items:
        by_section.setdefault(it["section"], []).append(it)
    return _render(request, "briefing.html", view=view, sha=sha, by_section=by_section,
                   matrix=charts.matrix_svg(view.matrix), scores={s["name"]: s for s in view.scores},
                   sources={s["name"] for s in view.sections if s["role"] == "source"})


def calibration(request: Request):
    from ..calibrate import describe, propose, shares

    with _store(request) as store:
        repo = store.calibration
        tables = {by: shares(repo.shares(by)) for by in ("verdict", "role", "rule")}
        proposal = propose(repo.decided())
        current = describe(repo.current())
    charts_ = {by: charts.bars_svg(tables[by]) for by in ("verdict", "role")}
    return _render(request, "calibration.html", tables=tables, charts=charts_, proposal=proposal, current=current)


def not_found(request: Request, exc) -> HTMLResponse:
    return _render(request, "message.html", 404, title="Not found", message="There is nothing at this address.")


def not_allowed(request: Request, exc) -> PlainTextResponse:
    return PlainTextResponse("briefcheck: method not allowed here\n", 405)
