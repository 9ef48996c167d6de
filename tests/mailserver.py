"""A real SMTP server for the mail tests: aiosmtpd on 127.0.0.1, in this process, with switches
for what a real server does wrong (refuse a recipient, fail DATA, require STARTTLS + AUTH) and a
hook that runs when a message has been accepted (to kill the client right there)."""

from __future__ import annotations

import socket
import ssl
from dataclasses import dataclass
from email import policy
from email.parser import BytesParser

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes

    @property
    def message(self):
        return BytesParser(policy=policy.default).parsebytes(self.data)

    @property
    def message_id(self) -> str:
        return self.message["Message-ID"]


class Handler:
    def __init__(self):
        self.received: list[Received] = []
        self.reject: dict[str, str] = {}  # address -> reply to its RCPT TO
        self.data_reply: str | None = None  # e.g. "451 4.3.0 try later": DATA is not accepted
        self.on_accept = None  # called with the message once it is stored, before the 250 goes out
        self.auth_logins: list[str] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.reject:
            return self.reject[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.data_reply:
            return self.data_reply
        msg = Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content or envelope.content)
        self.received.append(msg)
        if self.on_accept is not None:
            self.on_accept(msg)
        return "250 2.0.0 accepted for delivery"

    def mailbox(self) -> dict[str, Received]:
        """What a reader's client shows: messages collapsed by Message-ID, as clients do."""
        return {m.message_id: m for m in self.received}


class MailServer:
    """start()/stop() on a fixed port, so a test can stop the server and bring it back."""

    def __init__(self, port: int | None = None, *, tls_context: ssl.SSLContext | None = None,
                 ssl_context: ssl.SSLContext | None = None, users: dict[str, str] | None = None):
        self.port = port or free_port()
        self.handler = Handler()
        self.users = users
        kw = {}
        if tls_context is not None:
            kw.update(tls_context=tls_context, require_starttls=True)
        if users is not None:
            kw.update(authenticator=self._auth, auth_required=True, auth_require_tls=ssl_context is None
                      and tls_context is not None)
        if ssl_context is not None:
            kw.update(ssl_context=ssl_context, server_hostname="localhost")
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, **kw)

    def _auth(self, server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword):
            login, password = auth_data.login.decode(), auth_data.password.decode()
            if self.users.get(login) == password:
                self.handler.auth_logins.append(login)
                return AuthResult(success=True)
        return AuthResult(success=False, handled=False)

    @property
    def received(self) -> list[Received]:
        return self.handler.received

    def start(self) -> "MailServer":
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()
