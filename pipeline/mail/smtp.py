"""One SMTP connection from the settings (starttls / ssl / none, AUTH), and the classification
of every error it can raise: transient (retry with backoff, leave pending), permanent (this
email is refused: record the server's reason) or stop (the server or our settings are unusable
right now: leave everything pending). The password goes to smtplib.login and nowhere else."""

from __future__ import annotations

import contextlib
import smtplib
import socket
import ssl

DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


class SendError(Exception):
    """kind: 'transient' | 'permanent' | 'stop'; reason: one line, the server's words if any."""

    def __init__(self, kind: str, reason: str):
        super().__init__(reason)
        self.kind = kind
        self.reason = reason


def _text(msg) -> str:
    if isinstance(msg, bytes):
        msg = msg.decode("utf-8", "replace")
    return " ".join(str(msg).split())


def _by_code(code: int, reason: str, what: str = "transient") -> SendError:
    """4xx (and odd codes) are worth retrying; 5xx are final."""
    return SendError("permanent" if 500 <= code < 600 else what, reason)


def classify(e: BaseException, connecting: bool = False) -> SendError:
    """Every exception smtplib, ssl or the socket can raise, as a SendError."""
    if isinstance(e, SendError):
        return e
    if isinstance(e, smtplib.SMTPRecipientsRefused):
        parts = [f"{rcpt}: {code} {_text(msg)}" for rcpt, (code, msg) in e.recipients.items()]
        final = all(500 <= code < 600 for code, _ in e.recipients.values())
        return SendError("permanent" if final else "transient", "recipients refused: " + "; ".join(parts))
    if isinstance(e, smtplib.SMTPAuthenticationError):
        # 535 bad credentials will not fix itself; 454 is a temporary auth failure
        reason = f"authentication failed: {e.smtp_code} {_text(e.smtp_error)}"
        return SendError("transient" if 400 <= e.smtp_code < 500 else "stop", reason)
    if isinstance(e, smtplib.SMTPNotSupportedError):
        return SendError("stop", f"server does not support it: {_text(e)}")
    if isinstance(e, smtplib.SMTPResponseException):
        reason = f"{e.smtp_code} {_text(e.smtp_error)}"
        if connecting:  # a 5xx greeting or EHLO refuses the connection, not this email
            return SendError("transient" if 400 <= e.smtp_code < 500 else "stop", f"server refused us: {reason}")
        return _by_code(e.smtp_code, reason)
    if isinstance(e, ssl.SSLCertVerificationError):
        return SendError("stop", f"TLS certificate not trusted: {e.verify_message} (see BRIEFCHECK_SMTP_CA_FILE)")
    if isinstance(e, ssl.SSLError):
        return SendError("stop", f"TLS failed: {_text(e)}")
    if isinstance(e, smtplib.SMTPServerDisconnected):
        return SendError("transient", f"server disconnected: {_text(e) or 'connection closed'}")
    if isinstance(e, (socket.timeout, TimeoutError)):
        return SendError("transient", "timed out")
    if isinstance(e, ConnectionRefusedError):
        return SendError("transient", "connection refused")
    if isinstance(e, socket.gaierror):
        return SendError("stop", f"cannot resolve the SMTP host: {_text(e)}")
    if isinstance(e, OSError):
        return SendError("transient", _text(e.strerror or e) or type(e).__name__)
    if isinstance(e, smtplib.SMTPException):
        return SendError("transient", _text(e) or type(e).__name__)
    return SendError("stop", f"{type(e).__name__}: {_text(e)}")


class Connection:
    """Opened on first use and reopened after an error (its state is then unknown)."""

    def __init__(self, settings):
        self.s = settings
        self.smtp: smtplib.SMTP | None = None

    def where(self) -> str:
        port = self.s.smtp_port or DEFAULT_PORTS[self.s.smtp_security]
        return f"{self.s.smtp_host}:{port} ({self.s.smtp_security})"

    def _context(self) -> ssl.SSLContext:
        ca = str(self.s.smtp_ca_file) if self.s.smtp_ca_file else None
        return ssl.create_default_context(cafile=ca)

    def _open(self) -> smtplib.SMTP:
        s = self.s
        port = s.smtp_port or DEFAULT_PORTS[s.smtp_security]
        if s.smtp_security == "ssl":
            smtp = smtplib.SMTP_SSL(s.smtp_host, port, timeout=s.smtp_timeout, context=self._context())
        else:
            smtp = smtplib.SMTP(s.smtp_host, port, timeout=s.smtp_timeout)
        try:
            smtp.ehlo()
            if s.smtp_security == "starttls":
                smtp.starttls(context=self._context())
                smtp.ehlo()
            if s.smtp_user:
                if s.smtp_password is None:
                    raise SendError("stop", "BRIEFCHECK_SMTP_USER is set but BRIEFCHECK_SMTP_PASSWORD is not")
                smtp.login(s.smtp_user, s.smtp_password.get_secret_value())
        except BaseException:
            with contextlib.suppress(Exception):
                smtp.close()
            raise
        return smtp

    def sendmail(self, sender: str, recipients: list[str], data: bytes) -> dict:
        """Refused recipients (when some were accepted); raises SendError."""
        if self.smtp is None:
            try:
                self.smtp = self._open()
            except Exception as e:
                raise classify(e, connecting=True) from None
        try:
            return self.smtp.sendmail(sender, recipients, data)
        except Exception as e:
            err = classify(e)
            if err.kind != "permanent" or isinstance(e, smtplib.SMTPServerDisconnected):
                self.reset()
            else:
                with contextlib.suppress(Exception):
                    self.smtp.rset()  # a refused message leaves the session usable for the next
            raise err from None

    def reset(self) -> None:
        if self.smtp is not None:
            with contextlib.suppress(Exception):
                self.smtp.close()
        self.smtp = None

    def close(self) -> None:
        if self.smtp is not None:
            with contextlib.suppress(Exception):
                self.smtp.quit()
        self.reset()
