"""Finding 5 of issue 15: one internationalised address no longer poisons the next email.

Against a real aiosmtpd server without SMTPUTF8 and one with it: an address with a non-ASCII
domain goes as IDNA (or as UTF-8 where SMTPUTF8 is offered); one with a non-ASCII local part
fails for good with the reason when the server cannot take it; after any failure in the
middle of a message the session is reset, so the next message is delivered."""

from __future__ import annotations

import smtplib

from rostertui.domain import invitations
from rostertui.domain.enums import Kind
from rostertui.mail import outbox
from rostertui.mail.dispatcher import Dispatcher
from rostertui.mail.transports import SmtpSettings, SmtpTransport

URL = "https://roster.example.com/register?code={code}"


def dispatcher(server) -> Dispatcher:
    return Dispatcher(SmtpTransport(SmtpSettings.parse(server.url)),
                      sender="Roster <roster@example.com>", registration_url=URL)


def _status() -> dict[str, tuple[str, str | None]]:
    return {m.to: (m.status, m.last_error) for m in outbox.list_messages()}


def test_without_smtputf8_idna_domains_go_and_a_utf8_local_part_fails_alone(admin,
                                                                           smtp_server):
    invitations.invite(["jörg@exämple.com", "next@example.com", "jorg@exämple.com",
                        "last@example.com"], Kind.CLIENT, admin)
    report = dispatcher(smtp_server).dispatch()
    assert (report.sent, report.failed, report.retrying) == (3, 1, 0), report.errors
    status = _status()
    assert status["jörg@exämple.com"][0] == "failed"
    assert "non-ASCII characters before the @" in status["jörg@exämple.com"][1]
    assert "does not offer SMTPUTF8" in status["jörg@exämple.com"][1]
    assert {s for to, (s, _) in status.items() if to != "jörg@exämple.com"} == {"sent"}
    rcpts = [to for _, tos, _ in smtp_server.recorder.envelopes for to in tos]
    assert rcpts == ["next@example.com", "jorg@xn--exmple-cua.com", "last@example.com"]
    idna_mail = smtp_server.recorder.messages[1]
    assert idna_mail["To"] == "jorg@xn--exmple-cua.com"


def test_with_smtputf8_internationalised_addresses_are_sent_as_they_are(admin,
                                                                        smtputf8_server):
    invitations.invite(["jörg@exämple.com", "next@example.com"], Kind.CLIENT, admin)
    report = dispatcher(smtputf8_server).dispatch()
    assert (report.sent, report.failed) == (2, 0), report.errors
    envelopes = smtputf8_server.recorder.envelopes
    assert envelopes[0][1] == ["jörg@exämple.com"] and "SMTPUTF8" in envelopes[0][2]
    assert envelopes[1][1] == ["next@example.com"] and "SMTPUTF8" not in envelopes[1][2]
    assert "To: jörg@exämple.com".encode() in smtputf8_server.recorder.messages[0].as_bytes()


def test_a_failure_mid_message_is_reset_before_the_next(admin, smtp_server, monkeypatch):
    """Whatever breaks after MAIL FROM (here the client itself, as smtplib did with a UTF-8
    address), the next message starts clean: no "503 nested MAIL command"."""
    invitations.invite(["first@example.com", "second@example.com", "third@example.com"],
                       Kind.CLIENT, admin)
    real_rcpt = smtplib.SMTP.rcpt

    def rcpt(self, recip, options=()):
        if recip == "first@example.com":
            raise UnicodeEncodeError("ascii", recip, 0, 1, "ordinal not in range(128)")
        return real_rcpt(self, recip, options)

    monkeypatch.setattr(smtplib.SMTP, "rcpt", rcpt)
    smtp_server.recorder.data_replies["second@example.com"] = "554 5.6.0 Content refused"
    report = dispatcher(smtp_server).dispatch()
    status = _status()
    assert status["first@example.com"][0] == "queued"  # retried later, not blamed on others
    assert status["second@example.com"] == ("failed", "554 5.6.0 Content refused")
    assert status["third@example.com"] == ("sent", None)
    assert report.sent == 1
    assert all("503" not in (err or "") for _, err in status.values())
