"""The review page through real HTTP: uvicorn on a free loopback port, an httpx client."""

from __future__ import annotations

import json
import sqlite3
import threading

import httpx
import pytest
from markupsafe import escape
from review_helpers import XSS, LiveServer, csrf_of, run, xss_inbox

from pipeline.store import open_store
from pipeline.web import WebConfig, create_app


def esc(s: str) -> str:
    return str(escape(s))


@pytest.fixture(scope="module")
def queued(tmp_path_factory):
    """One batch run whose flags include the markup claims; the module's tests share its store."""
    import os

    root = tmp_path_factory.mktemp("web")
    home = root / "home"
    home.mkdir()
    old = os.environ.get("BRIEFCHECK_HOME")
    os.environ["BRIEFCHECK_HOME"] = str(home)
    try:
        assert run(xss_inbox(root), root / "out").exit_code == 1  # flags found
    finally:
        if old is None:
            del os.environ["BRIEFCHECK_HOME"]
        else:
            os.environ["BRIEFCHECK_HOME"] = old
    return home / "briefcheck.db"


@pytest.fixture
def db(queued, tmp_path):
    """A fresh copy of the queued store per test, so decisions do not leak between tests."""
    copy = tmp_path / "briefcheck.db"
    src = sqlite3.connect(queued)
    dst = sqlite3.connect(copy)
    src.backup(dst)
    src.close()
    dst.close()
    return str(copy)


@pytest.fixture
def server(db, monkeypatch):
    monkeypatch.delenv("BRIEFCHECK_REVIEWER", raising=False)
    with LiveServer(create_app(WebConfig(db_path=db))) as srv:
        yield srv


def _client(srv) -> tuple[httpx.Client, str]:
    c = httpx.Client(base_url=srv.url, timeout=10)
    page = c.get("/")
    assert page.status_code == 200
    return c, csrf_of(page.text)


def _items(db, status="all"):
    return open_store(db).queue.items(status)


def test_queue_page_counts_filters_and_paging(server, db):
    c, _ = _client(server)
    items = _items(db)
    page = c.get("/").text
    assert f"<b>{len(items)}</b> open" in page
    assert page.count('data-item="') == len(items)
    one = c.get("/", params={"verdict": "off_topic"}).text
    assert one.count('data-item="') == sum(i["verdict"] == "off_topic" for i in items)
    paged = c.get("/", params={"limit": 2, "offset": 1}).text
    assert paged.count('data-item="') == 2 and f"2–3 of {len(items)}" in paged and "← previous" in paged
    assert c.get("/", params={"run": "x"}).status_code == 400
    assert c.get("/claims/99999").status_code == 404


def test_claim_page_highlights_claim_and_evidence(server, db):
    c, _ = _client(server)
    item = next(i for i in _items(db) if i["verdict"] == "contradicted")
    page = c.get(f"/claims/{item['id']}").text
    assert f'<mark class="claim-mark">{esc(item["text"])}</mark>' in page
    assert f'<mark class="ev-mark">{esc(item["evidence"]["text"])}</mark>' in page
    assert esc(item["rationale"]) in page


def test_post_without_csrf_is_refused_and_changes_nothing(server, db):
    c, token = _client(server)
    item = _items(db)[0]
    r = c.post(f"/claims/{item['id']}/confirm", data={"note": "x", "by": "ann"})
    assert r.status_code == 403
    r = c.post(f"/claims/{item['id']}/confirm", data={"note": "x", "by": "ann", "csrf": "0" * 64})
    assert r.status_code == 403
    fresh = httpx.Client(base_url=server.url)  # a token from another browser is no good either
    assert fresh.post(f"/claims/{item['id']}/dismiss", data={"csrf": token, "by": "eve"}).status_code == 403
    assert _items(db, "open") == _items(db) and open_store(db).queue.history(item["id"]) == []
    ok = c.post(f"/claims/{item['id']}/confirm", data={"note": "real", "by": "ann", "csrf": token})
    assert ok.status_code == 303 and open_store(db).queue.get(item["id"])["status"] == "confirmed"


def test_security_headers_and_host_check(server):
    r = httpx.get(server.url + "/")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert "'unsafe-inline'" not in r.headers["content-security-policy"]
    rebound = httpx.get(server.url + "/", headers={"host": "attacker.example"})
    assert rebound.status_code == 421


def test_markup_in_claims_is_escaped(server, db):
    c, _ = _client(server)
    page = c.get("/", params={"verdict": "unsupported"}).text
    for s in XSS:
        assert s not in page and esc(s) in page
    item = next(i for i in _items(db) if XSS[0] in i["text"])
    claim = c.get(f"/claims/{item['id']}").text
    assert XSS[0] not in claim and "<img src=x" not in claim and esc(XSS[0]) in claim


def test_two_reviewers_at_once_lose_neither(server, db):
    a, b = _items(db)[:2]
    clients = [_client(server) for _ in range(2)]
    results = {}

    def decide(who, idx, item, action):
        c, token = clients[idx]
        results[who] = c.post(f"/claims/{item['id']}/{action}", data={"by": who, "note": who, "csrf": token})

    threads = [threading.Thread(target=decide, args=("ann", 0, a, "confirm")),
               threading.Thread(target=decide, args=("bob", 1, b, "dismiss"))]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert {r.status_code for r in results.values()} == {303}
    q = open_store(db).queue
    assert (q.get(a["id"])["status"], q.get(a["id"])["reviewer"]) == ("confirmed", "ann")
    assert (q.get(b["id"])["status"], q.get(b["id"])["reviewer"]) == ("dismissed", "bob")


def test_same_claim_decided_twice_keeps_both(server, db):
    c, token = _client(server)
    item = _items(db)[0]
    c.post(f"/claims/{item['id']}/confirm", data={"by": "ann", "note": "first", "csrf": token})
    r = c.post(f"/claims/{item['id']}/dismiss", data={"by": "bob", "note": "second", "csrf": token},
               headers={"accept": "application/json"})
    assert r.status_code == 200 and r.json()["status"] == "dismissed" and r.json()["note"] == "second"
    hist = open_store(db).queue.history(item["id"])
    assert [(h["from_status"], h["to_status"], h["reviewer"], h["note"]) for h in hist] == [
        ("open", "confirmed", "ann", "first"), ("confirmed", "dismissed", "bob", "second")]
    page = c.get(f"/claims/{item['id']}").text
    assert "first" in page and "second" in page


def test_reviewer_asked_once_on_the_page(server, db):
    c, token = _client(server)
    assert "Your name, once" in c.get("/").text
    item = _items(db)[0]
    assert c.post(f"/claims/{item['id']}/confirm", data={"csrf": token}).status_code == 400  # who?
    assert c.post("/reviewer", data={"name": "Chris", "csrf": token, "next": "/"}).status_code == 303
    assert "Reviewing as" in c.get("/").text
    assert c.post(f"/claims/{item['id']}/confirm", data={"csrf": token}).status_code == 303
    assert open_store(db).queue.get(item["id"])["reviewer"] == "Chris"
    bad = c.post("/reviewer", data={"name": "x", "csrf": token, "next": "//evil.example/"})
    assert bad.headers["location"] == "/"  # no open redirect


def test_token_needed_on_every_request(db):
    app = create_app(WebConfig(db_path=db, token="s3cret", loopback_only=False))
    with LiveServer(app) as srv:
        assert httpx.get(srv.url + "/").status_code == 401
        assert httpx.get(srv.url + "/static/app.css").status_code == 401
        assert httpx.get(srv.url + "/", params={"token": "wrong"}).status_code == 401
        assert httpx.get(srv.url + "/", headers={"authorization": "Bearer s3cret"}).status_code == 200
        c = httpx.Client(base_url=srv.url)
        r = c.get("/", params={"token": "s3cret"}, follow_redirects=True)
        assert r.status_code == 200 and "token" not in str(r.url)  # swapped for a cookie
        assert c.get("/calibration").status_code == 200


def test_page_reads_while_a_batch_writes(server, db):
    writer = sqlite3.connect(db)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE runs SET status = status")
    try:
        r = httpx.get(server.url + "/", timeout=5)
        assert r.status_code == 200 and 'data-item="' in r.text
    finally:
        writer.rollback()
        writer.close()


def test_briefing_and_calibration_pages(server, db):
    c, _ = _client(server)
    item = next(i for i in _items(db) if i["verdict"] == "contradicted")
    page = c.get(f"/briefings/{item['sha256']}").text
    assert '<svg class="matrix"' in page and "<rect" in page and esc(item["text"]) in page
    cal = c.get("/calibration").text
    assert "No decisions yet" in cal
    assert json.loads(json.dumps(c.get("/briefings/deadbeef").status_code)) == 404
