"""The review page in a real headless browser (Playwright driving Debian's Chromium): keyboard
decisions land in the database with their history, and markup in claims never runs."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from review_helpers import XSS, LiveServer, run, xss_inbox

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed")


@pytest.fixture
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            yield b
        finally:
            b.close()


def test_review_in_the_browser(tmp_path, browser, monkeypatch, briefcheck_home):
    from pipeline.store import open_store
    from pipeline.web import WebConfig, create_app

    monkeypatch.delenv("BRIEFCHECK_REVIEWER", raising=False)
    assert run(xss_inbox(tmp_path), tmp_path / "out", "-q").exit_code == 1
    db = str(briefcheck_home / "briefcheck.db")
    first, second = open_store(db).queue.items("open")[:2]
    shots = Path(tempfile.mkdtemp(prefix="briefcheck-review-shots-"))
    dialogs: list[str] = []
    with LiveServer(create_app(WebConfig(db_path=db))) as srv:
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(srv.url + "/")
        page.fill("#who-name", "Robin")  # asked once
        with page.expect_navigation():
            page.press("#who-name", "Enter")
        assert "Reviewing as" in page.inner_text("header")

        with page.expect_navigation():
            page.keyboard.press("c")  # the first item is selected: confirm it
        assert open_store(db).queue.get(first["id"])["status"] == "confirmed"

        page.keyboard.press("k")  # already at the top of what is left: stays
        assert page.get_attribute(".item.selected", "data-item") == str(second["id"])
        page.keyboard.press("n")
        page.keyboard.type("the figure is in the full article")
        page.keyboard.press("Escape")
        with page.expect_navigation():
            page.keyboard.press("d")
        item = open_store(db).queue.get(second["id"])
        assert (item["status"], item["note"], item["reviewer"]) == (
            "dismissed", "the figure is in the full article", "Robin")
        hist = open_store(db).queue.history(second["id"])
        assert [(h["from_status"], h["to_status"], h["reviewer"]) for h in hist] == [("open", "dismissed", "Robin")]

        page.keyboard.press("j")
        page.goto(srv.url + "/?verdict=unsupported")
        for s in XSS:
            assert page.get_by_text(s, exact=False).first.is_visible()
        assert page.evaluate("document.querySelectorAll('img[src=\"x\"], main script').length") == 0
        page.screenshot(path=str(shots / "queue.png"), full_page=True)

        xss_item = next(i for i in open_store(db).queue.items("open") if XSS[0] in i["text"])
        page.goto(f"{srv.url}/claims/{xss_item['id']}")
        assert page.locator("mark.claim-mark").inner_text().startswith(XSS[0])
        page.screenshot(path=str(shots / "claim.png"), full_page=True)
        page.goto(f"{srv.url}/briefings/{xss_item['sha256']}")
        assert page.locator("svg.matrix rect").count() > 0
        page.screenshot(path=str(shots / "briefing.png"), full_page=True)
        page.goto(f"{srv.url}/calibration")
        assert page.locator("svg.bars rect").count() > 0
        page.screenshot(path=str(shots / "calibration.png"), full_page=True)
        page.wait_for_timeout(200)  # let any stray handler (there should be none) fire
    assert dialogs == []
    print(f"\nreview page screenshots: {shots}")
