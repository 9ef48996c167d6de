"""Sending against a real aiosmtpd on 127.0.0.1: parts and recipients, STARTTLS + AUTH with a
certificate made here, implicit TLS, server down then up, refusals, exactly-once bookkeeping."""

from __future__ import annotations

import logging
import ssl

import pytest
import trustme

from mail_helpers import PASSWORD, checked_run, smtp_env
from mailserver import MailServer, free_port
from pipeline import settings
from pipeline.mail import build, send_due
from pipeline.store import open_store


@pytest.fixture
def server():
    srv = MailServer().start()
    yield srv
    srv.stop()


@pytest.fixture
def queued(tmp_path):
    """A checked run of the seed with its digest email in the outbox; returns the store."""
    store = open_store()
    build(store, checked_run(tmp_path), settings.load())
    return store


@pytest.fixture(scope="module")
def ca():
    return trustme.CA()


def _tls(ca) -> ssl.SSLContext:
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(ctx)
    return ctx


def _ca_file(ca, tmp_path) -> str:
    path = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return str(path)


def test_received_with_both_parts_and_recipients(monkeypatch, tmp_path, server):
    smtp_env(monkeypatch, server.port)
    store = open_store()
    build(store, checked_run(tmp_path), settings.load())
    res = send_due(store, settings.load())
    assert (res.sent, res.pending, res.failed) == (1, 0, 0)
    [got] = server.received
    assert got.mail_from == "bot@desk.test" and got.rcpt_tos == ["ana@desk.test", "ben@desk.test"]
    msg = got.message
    assert msg["To"] == "ana@desk.test, ben@desk.test" and msg["From"] == "briefcheck <bot@desk.test>"
    assert msg.get_content_type() == "multipart/alternative"
    text, html = msg.get_body(("plain",)).get_content(), msg.get_body(("html",)).get_content()
    assert "South Korea Balances Diplomatic Act" in text and "South Korea Balances Diplomatic Act" in html
    assert "1 claim held back for review: 1 off topic" in text
    [row] = store.outbox.all()
    assert row["status"] == "sent" and row["attempts"] == 1 and row["sent"] and msg["Message-ID"] == row["message_id"]
    assert send_due(store, settings.load()).summary() == "mail: nothing to send"
    assert len(server.received) == 1


def test_starttls_and_auth_with_a_certificate_made_here(monkeypatch, tmp_path, ca, caplog):
    srv = MailServer(tls_context=_tls(ca), users={"desk": PASSWORD}).start()
    try:
        smtp_env(monkeypatch, srv.port, "starttls", BRIEFCHECK_SMTP_USER="desk", BRIEFCHECK_SMTP_PASSWORD=PASSWORD,
                 BRIEFCHECK_SMTP_CA_FILE=_ca_file(ca, tmp_path))
        store = open_store()
        build(store, checked_run(tmp_path), settings.load())
        with caplog.at_level(logging.DEBUG):
            res = send_due(store, settings.load())
        assert res.sent == 1 and len(srv.received) == 1 and srv.handler.auth_logins == ["desk"]
        assert PASSWORD not in caplog.text
    finally:
        srv.stop()


def test_wrong_password_and_untrusted_cert_leave_it_pending_with_the_reason(monkeypatch, tmp_path, ca, queued):
    srv = MailServer(tls_context=_tls(ca), users={"desk": "the-right-one"}).start()
    try:
        smtp_env(monkeypatch, srv.port, "starttls", BRIEFCHECK_SMTP_USER="desk", BRIEFCHECK_SMTP_PASSWORD=PASSWORD)
        res = send_due(queued, settings.load())  # the system CAs do not know the test CA
        [row] = queued.outbox.all()
        assert res.pending == 1 and row["status"] == "pending" and "certificate" in row["last_error"]
        monkeypatch.setenv("BRIEFCHECK_SMTP_CA_FILE", _ca_file(ca, tmp_path))
        res = send_due(queued, settings.load())
        [row] = queued.outbox.all()
        assert res.pending == 1 and row["last_error"].startswith("authentication failed: 535")
        assert PASSWORD not in row["last_error"] and not srv.received
    finally:
        srv.stop()


def test_implicit_tls(monkeypatch, tmp_path, ca, queued):
    srv = MailServer(ssl_context=_tls(ca)).start()
    try:
        smtp_env(monkeypatch, srv.port, "ssl", BRIEFCHECK_SMTP_CA_FILE=_ca_file(ca, tmp_path))
        assert send_due(queued, settings.load()).sent == 1 and len(srv.received) == 1
    finally:
        srv.stop()


def test_server_down_stays_pending_then_up_sent_once(monkeypatch, queued):
    port = free_port()
    smtp_env(monkeypatch, port, BRIEFCHECK_SMTP_ATTEMPTS="3")
    res = send_due(queued, settings.load())
    [row] = queued.outbox.all()
    assert (res.sent, res.pending) == (0, 1) and row["status"] == "pending"
    assert row["attempts"] == 1 and row["last_error"] == "connection refused"  # 3 tries, one claim
    assert "connection refused" in res.summary()
    srv = MailServer(port).start()
    try:
        assert send_due(queued, settings.load()).sent == 1
        assert send_due(queued, settings.load()).sent == 0
        assert len(srv.received) == 1 and queued.outbox.all()[0]["status"] == "sent"
    finally:
        srv.stop()


def test_550_recipient_is_failed_with_reason_and_not_retried(monkeypatch, server, queued):
    smtp_env(monkeypatch, server.port, BRIEFCHECK_MAIL_TO="gone@desk.test")
    queued.conn.execute("UPDATE outbox SET recipients='[]'")  # recipients from the settings at send time
    server.handler.reject["gone@desk.test"] = "550 5.1.1 <gone@desk.test>: mailbox unavailable"
    res = send_due(queued, settings.load())
    [row] = queued.outbox.all()
    assert res.failed == 1 and row["status"] == "failed" and row["attempts"] == 1
    assert row["last_error"] == "recipients refused: gone@desk.test: 550 5.1.1 <gone@desk.test>: mailbox unavailable"
    assert send_due(queued, settings.load()).summary() == "mail: nothing to send"
    del server.handler.reject["gone@desk.test"]
    res = send_due(queued, settings.load(), retry_failed=True)
    assert res.sent == 1 and queued.outbox.all()[0]["attempts"] == 2 and len(server.received) == 1


def test_some_recipients_refused_is_sent_with_a_note(monkeypatch, server, queued):
    smtp_env(monkeypatch, server.port)
    server.handler.reject["ben@desk.test"] = "550 5.1.1 no such user"
    queued.conn.execute("UPDATE outbox SET recipients='[\"ana@desk.test\", \"ben@desk.test\"]'")
    assert send_due(queued, settings.load()).sent == 1
    [row] = queued.outbox.all()
    assert row["status"] == "sent"
    assert row["last_error"] == "refused by the server: ben@desk.test: 550 5.1.1 no such user"
    assert server.received[0].rcpt_tos == ["ana@desk.test"]


def test_4xx_on_data_is_retried_then_left_pending(monkeypatch, server, queued):
    smtp_env(monkeypatch, server.port, BRIEFCHECK_SMTP_ATTEMPTS="3")
    server.handler.data_reply = "451 4.3.0 mailbox busy, try later"
    res = send_due(queued, settings.load())
    [row] = queued.outbox.all()
    assert res.pending == 1 and row["status"] == "pending" and row["last_error"] == "451 4.3.0 mailbox busy, try later"
    server.handler.data_reply = None
    assert send_due(queued, settings.load()).sent == 1 and len(server.received) == 1


def test_5xx_on_data_is_failed(monkeypatch, server, queued):
    smtp_env(monkeypatch, server.port)
    server.handler.data_reply = "554 5.7.1 message rejected as spam"
    assert send_due(queued, settings.load()).failed == 1
    assert queued.outbox.all()[0]["last_error"] == "554 5.7.1 message rejected as spam"


def test_missing_eml_is_failed_not_silent(monkeypatch, server, queued):
    import os

    smtp_env(monkeypatch, server.port)
    os.unlink(queued.outbox.all()[0]["path"])
    assert send_due(queued, settings.load()).failed == 1
    assert queued.outbox.all()[0]["last_error"].startswith("cannot read ")


def test_no_recipients_anywhere_stops_with_the_reason(monkeypatch, server, queued):
    smtp_env(monkeypatch, server.port, BRIEFCHECK_MAIL_TO="")
    monkeypatch.delenv("BRIEFCHECK_MAIL_TO")
    queued.conn.execute("UPDATE outbox SET recipients='[]'")
    res = send_due(queued, settings.load())
    assert res.pending == 1 and "BRIEFCHECK_MAIL_TO" in queued.outbox.all()[0]["last_error"]


def test_a_dead_senders_claim_is_released_a_live_ones_is_not(monkeypatch, server, queued):
    import os
    import subprocess

    smtp_env(monkeypatch, server.port)
    [row] = queued.outbox.all()
    live = os.getppid()  # alive for the whole test, and not us
    assert queued.outbox.claim(row["id"], live)
    assert send_due(queued, settings.load()).summary() == "mail: nothing to send"  # someone is at it
    dead = subprocess.Popen(["true"])
    dead.wait()
    queued.conn.execute("UPDATE outbox SET pid=? WHERE id=?", (dead.pid, row["id"]))
    queued.conn.commit()
    res = send_due(queued, settings.load())
    assert res.resumed == 1 and res.sent == 1
    assert queued.outbox.all()[0]["attempts"] == 2
