"""Where messages go: an SMTP server, or a local folder of ``.eml`` files.

``ROSTERTUI_SMTP_URL`` (or ``smtp_url`` in the config file) selects SMTP:

* ``smtp://host:25`` plain; ``smtp://user:pass@host:587?starttls=true`` STARTTLS;
* ``smtps://user:pass@host:465`` SSL from the start;
* ``?timeout=20`` seconds per network operation (default 15).

With no URL, messages are written to a folder (``mail/`` in the data directory):
nothing goes to the network unless configured.
"""

from __future__ import annotations

import contextlib
import os
import smtplib
import ssl
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, parseaddr
from pathlib import Path
from typing import Protocol
from urllib.parse import parse_qs, unquote, urlparse


class TemporaryFailure(Exception):
    """Try again later: connection refused or dropped, timeout, a 4xx reply."""


class PermanentFailure(Exception):
    """Do not try again: the server refused the message for good (5xx)."""


class ConnectionLost(TemporaryFailure):
    """The connection is unusable; the remaining messages need a new one."""


class Session(Protocol):
    def send(self, msg: EmailMessage) -> None: ...


class Transport(Protocol):
    description: str

    def open(self) -> contextlib.AbstractContextManager[Session]: ...


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    ssl: bool
    starttls: bool
    username: str | None
    password: str | None
    timeout: float

    @classmethod
    def parse(cls, url: str) -> SmtpSettings:
        parsed = urlparse(url)
        if parsed.scheme not in ("smtp", "smtps"):
            raise ValueError(f"the SMTP URL must start with smtp:// or smtps://, not "
                             f"{parsed.scheme or '(nothing)'}://")
        if not parsed.hostname:
            raise ValueError("the SMTP URL needs a host: smtp://host:587")
        query = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
        try:
            timeout = float(query.get("timeout", 15))
            port = parsed.port or (465 if parsed.scheme == "smtps" else 25)
        except ValueError as exc:
            raise ValueError(f"the SMTP URL has a bad port or timeout: {exc}") from None
        return cls(host=parsed.hostname, port=port, ssl=parsed.scheme == "smtps",
                   starttls=query.get("starttls", "false").lower() in ("1", "true", "yes"),
                   username=unquote(parsed.username) if parsed.username else None,
                   password=unquote(parsed.password) if parsed.password else None,
                   timeout=timeout)


def _text(value: bytes | str) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)


def _classify(exc: Exception) -> Exception:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        reason = "; ".join(f"{code} {_text(msg)}" for code, msg in exc.recipients.values())
        kind = PermanentFailure if codes and all(c >= 500 for c in codes) else TemporaryFailure
        return kind(f"recipient refused: {reason}")
    if isinstance(exc, smtplib.SMTPResponseException):
        text = _text(exc.smtp_error)
        kind = PermanentFailure if exc.smtp_code >= 500 else TemporaryFailure
        if isinstance(exc, smtplib.SMTPAuthenticationError):
            kind = ConnectionLost
        return kind(f"{exc.smtp_code} {text}")
    if isinstance(exc, (smtplib.SMTPServerDisconnected, OSError)):
        return ConnectionLost(f"connection to the mail server failed: {exc}")
    return TemporaryFailure(str(exc))


def _ascii_domain(domain: str) -> str:
    """An internationalised domain as IDNA (``xn--``) A-labels; ASCII domains unchanged."""
    if domain.isascii():
        return domain
    try:
        import idna

        return idna.encode(domain, uts46=True).decode("ascii")
    except ImportError:  # pragma: no cover - idna comes with email-validator
        return domain.encode("idna").decode("ascii")


class _Envelope:
    """The addresses of one message as this server can take them."""

    def __init__(self, msg: EmailMessage, smtputf8: bool):
        self.sender = parseaddr(str(msg["From"]))[1]
        self.recipient = parseaddr(str(msg["To"]))[1]
        self.options: list[str] = []
        self.policy = msg.policy
        if (self.sender + self.recipient).isascii():
            return
        if smtputf8:  # RFC 6531: the server takes UTF-8 addresses and headers as they are
            self.options = ["SMTPUTF8"]
            self.policy = msg.policy.clone(utf8=True)
            return
        # No SMTPUTF8: a non-ASCII domain goes as IDNA; a non-ASCII local part cannot go.
        for label, addr in (("recipient", self.recipient), ("sender", self.sender)):
            local = addr.rpartition("@")[0]
            if not local.isascii():
                raise PermanentFailure(
                    f"the {label} {addr} has non-ASCII characters before the @, and the mail "
                    "server does not offer SMTPUTF8; give this person an ASCII address, or use "
                    "a server that supports internationalised email")
        self.sender = self._idna(self.sender)
        self.recipient = self._idna(self.recipient)
        for header, addr in (("From", self.sender), ("To", self.recipient)):
            name = parseaddr(str(msg[header]))[0]
            msg.replace_header(header, formataddr((name, addr)) if name else addr)

    @staticmethod
    def _idna(addr: str) -> str:
        local, _, domain = addr.rpartition("@")
        try:
            return f"{local}@{_ascii_domain(domain)}"
        except UnicodeError as exc:
            raise PermanentFailure(f"the domain of {addr} cannot be written in IDNA form: "
                                   f"{exc}") from None


class _SmtpSession:
    """One connection, reused for a batch. After a failure in the middle of a message the
    session is reset (RSET) before the next one, or, when the connection itself failed or
    RSET did not answer 250, opened again: the next message never inherits the previous
    one's state (nor a late reply that belonged to it)."""

    def __init__(self, connect: Callable[[], smtplib.SMTP]):
        self._connect = connect
        self.client: smtplib.SMTP | None = connect()

    def send(self, msg: EmailMessage) -> None:
        if self.client is None:  # the previous message broke the connection: a new one
            self.client = self._connect()
        client = self.client
        envelope = _Envelope(msg, client.has_extn("smtputf8"))
        try:
            # One flatten (send_message would parse and flatten the headers again).
            data = msg.as_bytes(policy=envelope.policy)
            refused = client.sendmail(envelope.sender, [envelope.recipient], data,
                                      mail_options=envelope.options)
        except Exception as exc:  # noqa: BLE001 - every failure is classified
            self._recover(exc)
            raise _classify(exc) from exc
        if refused:  # some recipients refused: we send one recipient per message
            raise _classify(smtplib.SMTPRecipientsRefused(refused))

    def _recover(self, exc: BaseException) -> None:
        """Leave the session clean for the next message: RSET, or drop the connection."""
        client = self.client
        if client is None:
            return
        if not isinstance(exc, (OSError, smtplib.SMTPServerDisconnected)):
            try:
                code, _ = client.rset()
                if code == 250:
                    return
            except Exception:  # noqa: BLE001, S110 - the connection is dropped below
                pass
        self.client = None
        with contextlib.suppress(Exception):
            client.close()

    def close(self) -> None:
        if self.client is not None:
            with contextlib.suppress(Exception):
                self.client.quit()
            with contextlib.suppress(Exception):
                self.client.close()
            self.client = None


class SmtpTransport:
    def __init__(self, settings: SmtpSettings):
        self.settings = settings
        self.description = f"SMTP server {settings.host}:{settings.port}"

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        try:
            if s.ssl:
                client: smtplib.SMTP = smtplib.SMTP_SSL(
                    s.host, s.port, timeout=s.timeout, context=ssl.create_default_context())
            else:
                client = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
            if s.starttls:
                client.starttls(context=ssl.create_default_context())
            if s.username:
                client.login(s.username, s.password or "")
            client.ehlo_or_helo_if_needed()
        except Exception as exc:  # noqa: BLE001
            raise _classify(exc) from exc
        return client

    @contextlib.contextmanager
    def open(self) -> Iterator[_SmtpSession]:
        session = _SmtpSession(self._connect)
        try:
            yield session
        finally:
            session.close()


class _FolderSession:
    def __init__(self, folder: Path):
        self.folder = folder

    def send(self, msg: EmailMessage) -> None:
        name = "".join(ch for ch in str(msg["Message-ID"]) if ch.isalnum() or ch in "-_.@")
        data = bytes(msg)
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            # One file per Message-ID: a repeated send replaces it, never duplicates it.
            os.replace(tmp, self.folder / f"{name}.eml")
        except OSError as exc:
            Path(tmp).unlink(missing_ok=True)
            raise ConnectionLost(f"cannot write to {self.folder}: {exc.strerror}") from exc


class FolderTransport:
    def __init__(self, folder: Path):
        self.folder = folder
        self.description = f"the folder {folder} (no SMTP server is configured)"

    @contextlib.contextmanager
    def open(self) -> Iterator[_FolderSession]:
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            raise ConnectionLost(f"cannot create {self.folder}: {exc.strerror}") from exc
        yield _FolderSession(self.folder)


def make_transport(smtp_url: str | None, data_dir: Path) -> SmtpTransport | FolderTransport:
    if smtp_url:
        return SmtpTransport(SmtpSettings.parse(smtp_url))
    return FolderTransport(data_dir / "mail")
