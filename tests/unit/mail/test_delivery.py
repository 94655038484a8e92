"""Email end to end against a real SMTP server: every kind delivered, nothing lost when the
server is down, 4xx retried, 5xx failed with the reason, crashes recovered."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from rostertui.db.models import OutboxMessage, utcnow
from rostertui.domain import invitations, registration
from rostertui.domain.enums import Kind
from rostertui.domain.users import create_clients
from rostertui.mail import outbox
from rostertui.mail.dispatcher import Dispatcher
from rostertui.mail.outbox import MailKind, MailStatus
from rostertui.mail.transports import FolderTransport, SmtpSettings, SmtpTransport
from tests.factories import client_data

URL = "https://roster.example.com/register?code={code}"


def dispatcher(server, clock=utcnow) -> Dispatcher:
    return Dispatcher(SmtpTransport(SmtpSettings.parse(server.url)),
                      sender="Roster <roster@example.com>", registration_url=URL, clock=clock)


def _body(msg) -> str:
    return msg.get_payload(decode=True).decode("utf-8")


def test_each_kind_is_delivered_with_proper_headers(admin, smtp_server):
    invitations.invite(["invitee@example.com"], Kind.CLIENT, admin,
                       message="Welcome aboard, we are glad to have you.")
    [c] = create_clients([client_data(1, first_name="Zoë", password="Secret-Passw0rd!",
                                      send_registration_code=True)], admin)
    outbox.queue(MailKind.IMPORT_WELCOME, c.id, c.email)
    report = dispatcher(smtp_server).dispatch()
    assert (report.sent, report.failed) == (3, 0)
    got = {str(m["To"]): m for m in smtp_server.recorder.messages}
    invite = got["invitee@example.com"]
    assert invite["Subject"] == "You have been invited by Test Org"
    assert invite["From"] == "Roster <roster@example.com>"
    assert invite["Date"] and invite["Message-ID"].startswith("<")
    body = _body(invite)
    assert "Welcome aboard, we are glad to have you." in body
    code = re.search(r"code: ([A-Z0-9-]{14})", body).group(1)
    assert URL.replace("{code}", code) in body
    code_mail = _body(got["client1@example.com"])
    assert "Hello Zoë First1" not in code_mail and "Hello Zoë Last1," in code_mail
    assert registration.view_code(c.id).code in code_mail
    assert all("Secret-Passw0rd!" not in m.as_string() for m in smtp_server.recorder.messages)
    assert {m.status for m in outbox.list_messages()} == {"sent"}


def test_server_down_then_up_delivers_everything_exactly_once(admin, smtp_server):
    invitations.invite([f"p{i}@example.com" for i in range(5)], Kind.CLIENT, admin)
    smtp_server.stop()
    report = dispatcher(smtp_server).dispatch()
    assert (report.sent, report.retrying) == (0, 5)
    [m] = outbox.list_messages(limit=1)
    assert m.status == "queued" and m.attempts == 1
    assert "connection to the mail server failed" in m.last_error
    # Not due yet: the backoff holds them back.
    smtp_server.start()
    assert dispatcher(smtp_server).dispatch().sent == 0
    later = utcnow() + dt.timedelta(minutes=5)
    assert dispatcher(smtp_server, clock=lambda: later).dispatch().sent == 5
    assert dispatcher(smtp_server, clock=lambda: later).dispatch().sent == 0
    assert sorted(smtp_server.recorder.to()) == [f"p{i}@example.com" for i in range(5)]


def test_a_4xx_is_retried_with_backoff(admin, smtp_server):
    invitations.invite(["busy@example.com", "fine@example.com"], Kind.CLIENT, admin)
    smtp_server.recorder.rcpt_replies["busy@example.com"] = "451 4.3.0 Try again later"
    report = dispatcher(smtp_server).dispatch()
    assert (report.sent, report.retrying) == (1, 1)
    busy = [m for m in outbox.list_messages() if m.to == "busy@example.com"][0]
    assert busy.status == "queued" and "451" in busy.last_error
    assert busy.next_attempt_at > utcnow()
    del smtp_server.recorder.rcpt_replies["busy@example.com"]
    later = utcnow() + dt.timedelta(minutes=1)
    assert dispatcher(smtp_server, clock=lambda: later).dispatch().sent == 1
    assert sorted(smtp_server.recorder.to()) == ["busy@example.com", "fine@example.com"]


def test_a_5xx_fails_with_the_servers_reason(admin, smtp_server):
    invitations.invite(["nobody@example.com"], Kind.CLIENT, admin)
    smtp_server.recorder.rcpt_replies["nobody@example.com"] = "550 5.1.1 No such mailbox"
    report = dispatcher(smtp_server).dispatch()
    assert (report.sent, report.failed) == (0, 1)
    [m] = outbox.list_messages(MailStatus.FAILED)
    assert "550" in m.last_error and "No such mailbox" in m.last_error
    assert invitations.list_invitations()[0].delivery == "failed"
    # A failed message is not retried by later dispatches.
    later = utcnow() + dt.timedelta(days=1)
    assert dispatcher(smtp_server, clock=lambda: later).dispatch().sent == 0


def test_a_crash_between_queueing_and_sending_loses_nothing(admin, smtp_server):
    invitations.invite(["queued@example.com"], Kind.CLIENT, admin)
    # The process died here; a new dispatcher (a new process) finds it due.
    assert dispatcher(smtp_server).dispatch().sent == 1


def test_a_crash_mid_send_is_recovered_after_the_lease(admin, smtp_server):
    invitations.invite(["midsend@example.com"], Kind.CLIENT, admin)
    token, claimed = outbox.claim(10, now=utcnow())
    assert len(claimed) == 1  # claimed by a dispatcher that then died
    assert dispatcher(smtp_server).dispatch().sent == 0  # its lease still holds
    later = utcnow() + outbox.CLAIM_LEASE + dt.timedelta(seconds=1)
    assert dispatcher(smtp_server, clock=lambda: later).dispatch().sent == 1
    assert smtp_server.recorder.to() == ["midsend@example.com"]


def test_two_dispatchers_never_claim_the_same_message(admin):
    invitations.invite([f"c{i}@example.com" for i in range(6)], Kind.CLIENT, admin)
    _, first = outbox.claim(4, now=utcnow())
    _, second = outbox.claim(4, now=utcnow())
    assert len(first) == 4 and len(second) == 2
    assert not {m.id for m in first} & {m.id for m in second}


def test_messages_for_deleted_or_archived_users_fail_clearly(admin, smtp_server):
    [u] = invitations.invite(["gone@example.com"], Kind.CLIENT, admin)
    invitations.cancel_invitations([u.id], admin)
    report = dispatcher(smtp_server).dispatch()
    assert report.failed == 1 and "no longer exists" in report.errors[0]
    assert smtp_server.recorder.messages == []


def test_the_folder_transport_writes_one_file_per_message(admin, tmp_path):
    invitations.invite(["a@example.com", "b@example.com"], Kind.CLIENT, admin)
    folder = tmp_path / "mail"
    d = Dispatcher(FolderTransport(folder), sender=None, registration_url=URL)
    assert d.dispatch().sent == 2
    files = sorted(folder.glob("*.eml"))
    assert len(files) == 2 and "You have been invited" in files[0].read_text()


def test_resend_queues_a_new_message(admin, smtp_server):
    [u] = invitations.invite(["again@example.com"], Kind.CLIENT, admin)
    dispatcher(smtp_server).dispatch()
    assert invitations.resend_invitations([u.id], admin) == 1
    assert invitations.list_invitations()[0].send_count == 2
    dispatcher(smtp_server).dispatch()
    assert smtp_server.recorder.to() == ["again@example.com", "again@example.com"]
    ids = {m["Message-ID"] for m in smtp_server.recorder.messages}
    assert len(ids) == 2


def test_a_password_can_never_be_queued(admin):
    with pytest.raises(ValueError, match="never carries a password"):
        outbox.queue(MailKind.INVITATION, None, "x@example.com", {"password": "x"})
    assert OutboxMessage.select().count() == 0


def test_smtp_urls():
    s = SmtpSettings.parse("smtp://user%40x:p%3Ass@mail.example.com:587?starttls=true")
    assert (s.host, s.port, s.starttls, s.ssl, s.username, s.password) == (
        "mail.example.com", 587, True, False, "user@x", "p:ss")
    assert SmtpSettings.parse("smtps://mail.example.com").port == 465
    with pytest.raises(ValueError, match="smtp:// or smtps://"):
        SmtpSettings.parse("http://mail.example.com")
