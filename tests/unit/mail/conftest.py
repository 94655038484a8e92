"""A real SMTP server (aiosmtpd) on 127.0.0.1 with an ephemeral port, that tests can stop,
start again, and make answer 4xx or 5xx."""

from __future__ import annotations

import asyncio
import email
import socket
import time
from email.message import Message

import pytest
from aiosmtpd.controller import Controller


class Recorder:
    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.rcpt_replies: dict[str, str] = {}
        self.data_replies: dict[str, str] = {}  # recipient -> the reply to its DATA
        self.envelopes: list[tuple[str, list[str], list[str]]] = []  # from, to, MAIL options
        self.delay = 0.0  # seconds to wait before accepting each message

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        reply = self.rcpt_replies.get(address)
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        if self.delay:
            await asyncio.sleep(self.delay)
        reply = next((self.data_replies[r] for r in envelope.rcpt_tos
                      if r in self.data_replies), None)
        if reply:
            return reply
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos),
                               list(envelope.mail_options)))
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"

    def to(self) -> list[str]:
        return [str(m["To"]) for m in self.messages]


class SmtpServer:
    def __init__(self, *, smtputf8: bool = False) -> None:
        self.smtputf8 = smtputf8
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.recorder = Recorder()
        self.controller: Controller | None = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}?timeout=5"

    def start(self) -> None:
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port,
                                     enable_SMTPUTF8=self.smtputf8)
        for _ in range(50):
            try:
                self.controller.start()
                return
            except (OSError, RuntimeError):  # the port may linger briefly after a stop
                time.sleep(0.1)
        raise RuntimeError("could not start the test SMTP server")

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp_server():
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def smtputf8_server():
    """The same server, offering SMTPUTF8 (RFC 6531)."""
    server = SmtpServer(smtputf8=True)
    server.start()
    yield server
    server.stop()
