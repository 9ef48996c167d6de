"""The mail commands end to end, as subprocesses against a real aiosmtpd on 127.0.0.1:
`run --send`, `mail send` (twice), `mail list` / `show`, a kill -9 after the server accepted,
and the SMTP password in no output stream, log or file."""

from __future__ import annotations

import base64
import os
import signal
import subprocess
import sys

import pytest

from mail_helpers import PASSWORD, SEEDS, make_inbox, smtp_env
from mailserver import MailServer
from pipeline.store import open_store

ROOT = SEEDS.parent
SCRIPT = "<script>alert(1)</script>"


def bc(*args, timeout=120):
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, env=dict(os.environ))


@pytest.fixture
def server():
    srv = MailServer().start()
    yield srv
    srv.stop()


def _script_briefing(inbox):
    """A briefing whose headline and claims carry a <script> tag."""
    text = (SEEDS / "019_clean.txt").read_text(encoding="utf-8")
    text = text.replace("Begins Full Operation off Esbjerg", f"Begins Full Operation {SCRIPT}", 1)
    text = text.replace("began full commercial operation on September 1, 2025.",
                        f"began full commercial operation on September 1, 2025 {SCRIPT}.")
    (inbox / "019_script.txt").write_text(text, encoding="utf-8")


def test_run_send_delivers_once_and_escapes_script(monkeypatch, tmp_path, server):
    smtp_env(monkeypatch, server.port)
    inbox = make_inbox(tmp_path)
    _script_briefing(inbox)
    r = bc("run", str(inbox), "--send", "--fail-on", "never")
    assert r.returncode == 0, r.stderr
    assert "mail: 1 sent, 0 pending, 0 failed" in r.stdout and r.stderr == ""
    [got] = server.received
    msg = got.message
    assert got.rcpt_tos == ["ana@desk.test", "ben@desk.test"]
    assert msg["Subject"] == "briefcheck · " + msg["Subject"].split(" · ", 1)[1]
    assert " · 2 briefings · " in msg["Subject"]
    text, html = msg.get_body(("plain",)).get_content(), msg.get_body(("html",)).get_content()
    assert "South Korea Balances" in text and "Nordlys" in text and "Nordlys" in html
    assert SCRIPT not in html and "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    r2 = bc("mail", "send")
    assert r2.returncode == 0 and r2.stdout.strip() == "mail: nothing to send"
    assert len(server.received) == 1
    r3 = bc("run", str(inbox), "--send")  # nothing new: no new email either
    assert len(server.received) == 1 and "mail:" not in r3.stdout + r3.stderr


def test_no_smtp_configured_says_where_in_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFCHECK_MAIL_TO", "desk@desk.test")
    out = tmp_path / "outbox"
    r = bc("run", str(make_inbox(tmp_path)), "--send", "--outbox", str(out), "--fail-on", "never")
    assert r.returncode == 0, r.stderr
    [line] = [x for x in r.stderr.splitlines() if x.startswith("mail:")]
    assert line == f"mail: no SMTP server configured (BRIEFCHECK_SMTP_HOST): 1 digest email written to {out}"
    assert len(list(out.glob("*.eml"))) == 1
    r = bc("mail", "send")
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "BRIEFCHECK_SMTP_HOST" in r.stderr
    assert "Traceback" not in r.stderr


def test_run_without_send_writes_the_outbox_and_quiet_is_quiet(tmp_path, monkeypatch):
    r = bc("run", str(make_inbox(tmp_path)), "--quiet", "--fail-on", "never", "--mail-per-briefing")
    assert r.returncode == 0 and r.stderr == "" and r.stdout == ""
    rows = open_store().outbox.all()
    assert [x["kind"] for x in rows] == ["briefing"] and rows[0]["status"] == "pending"


def test_list_and_show(tmp_path, monkeypatch, server):
    smtp_env(monkeypatch, server.port)
    bc("run", str(make_inbox(tmp_path)), "--fail-on", "never")
    r = bc("mail", "list")
    assert r.returncode == 0 and "#1" in r.stdout and "pending" in r.stdout and "0 tries" in r.stdout
    r = bc("mail", "show", "1")
    assert r.returncode == 0 and "Subject: briefcheck · " in r.stdout and "South Korea Balances" in r.stdout
    assert "<html" in bc("mail", "show", "1", "--html").stdout
    assert bc("mail", "show", "1", "--raw").stdout.startswith(("Subject:", "From:", "Content-Type:", "MIME"))
    bc("mail", "send")
    r = bc("mail", "list", "--json")
    assert '"status": "sent"' in r.stdout and '"attempts": 1' in r.stdout
    r = bc("mail", "show", "99")
    assert r.returncode == 1 and r.stderr == "briefcheck: no email 99 in the outbox\n"


def test_server_down_exit_1_then_up_sent_once(tmp_path, monkeypatch):
    srv = MailServer()  # not started: connection refused
    smtp_env(monkeypatch, srv.port)
    r = bc("run", str(make_inbox(tmp_path)), "--send", "--fail-on", "never")
    assert r.returncode == 1 and "mail #1 left pending: connection refused" in r.stderr
    srv.start()
    try:
        assert bc("mail", "send").stdout.strip() == "mail: 1 sent, 0 pending, 0 failed"
        assert bc("mail", "send").stdout.strip() == "mail: nothing to send"
        assert len(srv.received) == 1
    finally:
        srv.stop()


def test_kill_9_after_the_server_accepted_gives_no_copy_a_reader_sees(tmp_path, monkeypatch, server):
    """The sender dies between the server's acceptance and its own state update. The row is left
    'sending'; the next `mail send` re-sends the same bytes with the same Message-ID, which a
    reader's client collapses into the copy it already has; after that, nothing more goes."""
    smtp_env(monkeypatch, server.port)
    assert bc("run", str(make_inbox(tmp_path)), "--fail-on", "never").returncode == 0
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "mail", "send"], cwd=ROOT, env=dict(os.environ),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def kill(msg):  # the message is stored; the client has not heard 250 and recorded nothing
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()

    server.handler.on_accept = kill
    proc.communicate(timeout=120)
    assert proc.returncode == -signal.SIGKILL
    server.handler.on_accept = None
    [row] = open_store().outbox.all()
    assert row["status"] == "sending" and row["pid"] == proc.pid and len(server.received) == 1

    r = bc("mail", "send")
    assert r.returncode == 0 and "1 interrupted send(s) resumed with the same Message-ID" in r.stderr
    assert len(server.received) == 2
    first, second = server.received
    assert first.data == second.data  # the same .eml bytes, the same Message-ID
    assert len(server.handler.mailbox()) == 1  # what the reader sees: one email
    [row] = open_store().outbox.all()
    assert row["status"] == "sent" and row["attempts"] == 2
    assert bc("mail", "send").stdout.strip() == "mail: nothing to send" and len(server.received) == 2


def test_password_never_in_any_output_log_or_file(tmp_path, monkeypatch):
    import ssl

    import trustme

    ca = trustme.CA()
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(ctx)
    ca.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    srv = MailServer(tls_context=ctx, users={"desk": PASSWORD}).start()
    try:
        smtp_env(monkeypatch, srv.port, "starttls", BRIEFCHECK_SMTP_USER="desk", BRIEFCHECK_SMTP_PASSWORD=PASSWORD,
                 BRIEFCHECK_SMTP_CA_FILE=str(tmp_path / "ca.pem"))
        runs = [bc("run", str(make_inbox(tmp_path)), "--send", "--fail-on", "never"), bc("mail", "send"),
                bc("mail", "list"), bc("mail", "list", "--json"), bc("mail", "show", "1", "--raw"), bc("config"),
                bc("config", "--json")]
        assert len(srv.received) == 1
        monkeypatch.setenv("BRIEFCHECK_SMTP_PASSWORD", PASSWORD + "-wrong")  # the failing path too
        bc("run", str(make_inbox(tmp_path)), "--force", "--fail-on", "never")
        runs += [bc("mail", "send"), bc("mail", "list")]
        assert "authentication failed: 535" in runs[-1].stdout
    finally:
        srv.stop()
    home = os.environ["BRIEFCHECK_HOME"]
    files = [os.path.join(d, f) for d, _, fs in os.walk(home) for f in fs]
    assert any(f.endswith(".eml") for f in files) and any(f.endswith(".db") for f in files)
    blobs = [r.stdout.encode() + r.stderr.encode() for r in runs] + [open(f, "rb").read() for f in files]
    b64 = base64.b64encode(PASSWORD.encode())
    plain = base64.b64encode(b"\0desk\0" + PASSWORD.encode())  # what AUTH PLAIN would put on the wire
    for blob in blobs:
        assert PASSWORD.encode() not in blob and b64 not in blob and plain not in blob


def test_a_rerun_with_send_sends_what_an_earlier_run_left_pending_once(tmp_path, monkeypatch):
    srv = MailServer()  # not started: the first run's email stays pending
    smtp_env(monkeypatch, srv.port)
    inbox = make_inbox(tmp_path)
    assert bc("run", str(inbox), "--send", "--fail-on", "never").returncode == 1
    srv.start()
    try:
        r = bc("run", str(inbox), "--send", "--fail-on", "never")  # nothing new to check
        assert r.returncode == 0, r.stderr
        assert "mail: 1 sent, 0 pending, 0 failed" in r.stdout
        r = bc("run", str(inbox), "--send", "--fail-on", "never")
        assert r.returncode == 0 and "mail:" not in r.stdout + r.stderr
        assert len(srv.received) == 1
    finally:
        srv.stop()
