"""Digest emails as built (no server): subject and counts, both parts, escaping, a stable
Message-ID, the outbox rows and files."""

from __future__ import annotations

from datetime import datetime, timezone
from email import policy
from email.parser import BytesParser

import pytest

from mail_helpers import checked_run
from pipeline import settings
from pipeline.mail import build
from pipeline.mail.compose import compose, subject
from pipeline.mail.content import Failed, Item, RunDigest, run_digest
from pipeline.store import open_store

SCRIPT = "<script>alert(1)</script>"


def _digest(*items: Item, failures=()) -> RunDigest:
    return RunDigest(run_id=7, started=datetime(2026, 12, 1, 6, 30, tzinfo=timezone.utc), items=list(items),
                     failures=list(failures))


def _item(headline="Rates rise", bullets=("The bank raised rates.",), held=0, why=()) -> Item:
    return Item(path=f"{headline[:5]}.txt", sha256=(headline * 8)[:64], headline=headline, bullets=list(bullets),
                held_back=held, why=list(why))


def _parts(composed):
    msg = BytesParser(policy=policy.default).parsebytes(composed.message.as_bytes())
    return msg, msg.get_body(("plain",)).get_content(), msg.get_body(("html",)).get_content()


def test_subject_has_date_and_counts():
    d = _digest(*[_item(f"H{i}", held=2) for i in range(19)])
    assert subject(d) == "briefcheck · 1 Dec 2026 · 19 briefings · 38 flags"
    assert subject(_digest(_item(held=1))) == "briefcheck · 1 Dec 2026 · 1 briefing · 1 flag"
    assert subject(_digest(_item(), failures=[Failed("x.txt", "empty file")])).endswith("· 1 not checked")


def test_both_parts_with_bullets_held_back_line_and_review_link(monkeypatch):
    monkeypatch.setenv("BRIEFCHECK_MAIL_TO", "ana@desk.test, ben@desk.test")
    monkeypatch.setenv("BRIEFCHECK_REVIEW_URL", "https://review.desk.test/queue")
    it = _item("Norges Bank raises rate", ["Five members voted for it.", "Core inflation is 3.6%."], held=3,
               why=[("unsupported", 2), ("contradicted", 1)])
    [c] = compose(_digest(it, failures=[Failed("bad.txt", "not UTF-8")]), settings.load())
    msg, text, html = _parts(c)
    assert msg["To"] == "ana@desk.test, ben@desk.test" and c.recipients == ["ana@desk.test", "ben@desk.test"]
    assert msg["Date"] == "Tue, 01 Dec 2026 06:30:00 +0000"
    for part in (text, html):
        assert "Norges Bank raises rate" in part and "Core inflation is 3.6%." in part
        assert "3 claims held back for review: 2 unsupported, 1 contradicted" in part
        assert "bad.txt" in part and "not UTF-8" in part
    assert 'href="https://review.desk.test/queue"' in html
    assert "https://review.desk.test/queue" in text
    assert "<style" not in html and "src=" not in html and "http" not in html.replace(
        "https://review.desk.test/queue", "")  # no external resources, inline CSS only
    assert 'name="viewport"' in html


def test_claim_text_is_escaped_in_html_and_plain_in_text():
    it = _item(f"Headline {SCRIPT}", [f"A bullet {SCRIPT} & more"], held=1, why=[("off topic", 1)])
    _, text, html = _parts(compose(_digest(it), settings.load())[0])
    assert SCRIPT not in html and "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&amp; more" in html
    assert SCRIPT in text  # plain text shows the text as it is


def test_unsafe_review_url_is_not_a_link(monkeypatch):
    monkeypatch.setenv("BRIEFCHECK_REVIEW_URL", "javascript:alert(1)")
    _, _, html = _parts(compose(_digest(_item(held=1, why=[("off topic", 1)])), settings.load())[0])
    assert "href=" not in html


def test_message_id_is_stable_and_follows_content():
    s = settings.load()
    a = compose(_digest(_item()), s)[0]
    b = compose(_digest(_item()), s)[0]
    c = compose(_digest(_item(bullets=["Another bullet."])), s)[0]
    assert a.message_id == b.message_id and a.message.as_bytes() == b.message.as_bytes()
    assert c.message_id != a.message_id
    assert a.message_id.startswith("<briefcheck.7.") and a.message_id.endswith("@localhost>")


def test_per_briefing_one_email_each():
    d = _digest(_item("First story", held=1, why=[("off topic", 1)]), _item("Second story"))
    mails = compose(d, settings.load(), per_briefing=True)
    assert [m.kind for m in mails] == ["briefing", "briefing"]
    assert mails[0].subject == "briefcheck · 1 Dec 2026 · First story · 1 flag"
    assert len({m.message_id for m in mails}) == 2
    assert compose(_digest(), settings.load()) == []  # nothing new: no email


def test_run_digest_from_the_store_and_outbox_written_once(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFCHECK_MAIL_TO", "desk@desk.test")
    run_id = checked_run(tmp_path, "000_041345f959c62141.txt", "013_off_topic.txt")
    store = open_store()
    d = run_digest(store, run_id)
    assert [i.path for i in d.items] == ["000_041345f959c62141.txt", "013_off_topic.txt"]
    seed = d.items[0]
    assert seed.headline.startswith("South Korea Balances Diplomatic Act") and seed.bullets
    assert seed.held_back == 1 and seed.why == [("off topic", 1)]
    rows, folder = build(store, run_id, settings.load(), folder=tmp_path / "out")
    [(row, new)] = rows
    assert new and row["status"] == "pending" and row["recipients"] == ["desk@desk.test"]
    assert row["subject"] == "briefcheck · " + subject(d).split(" · ", 1)[1]
    eml = list(folder.glob("*.eml"))
    assert [str(p) for p in eml] == [row["path"]]
    again, _ = build(store, run_id, settings.load(), folder=tmp_path / "out")  # rebuilt: same id, no new row
    assert again[0][0]["id"] == row["id"] and again[0][1] is False
    assert len(store.outbox.all()) == 1


@pytest.mark.parametrize("per", [False, True])
def test_run_with_nothing_new_writes_no_email(tmp_path, per):
    checked_run(tmp_path)
    run_id = checked_run(tmp_path)  # same inbox again: all skipped
    rows, _ = build(open_store(), run_id, settings.load(), per_briefing=per)
    assert rows == []
