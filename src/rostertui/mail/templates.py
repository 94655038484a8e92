"""Plain-text UTF-8 emails, one template per kind. No template has a place for a password."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from urllib.parse import quote

from rostertui.mail.outbox import MailKind

DEFAULT_FROM = "rostertui <rostertui@localhost>"


@dataclass(frozen=True)
class MailInput:
    kind: MailKind
    to: str
    message_id: str
    org_name: str
    person_name: str  # may be "" for an invited person we know only by email
    code: str | None = None
    code_expires_at: dt.datetime | None = None
    registration_url: str = ""
    custom_message: str = ""

    @property
    def link(self) -> str:
        if not (self.code and self.registration_url):
            return ""
        return self.registration_url.replace("{code}", quote(self.code))


def _greeting(name: str) -> str:
    return f"Hello {name}," if name else "Hello,"


def _code_lines(m: MailInput) -> list[str]:
    if not m.code:
        return []
    lines = [f"Your registration code: {m.code}"]
    if m.code_expires_at:
        lines.append(f"It can be used until {m.code_expires_at:%Y-%m-%d %H:%M} UTC.")
    if m.link:
        lines += ["", "Register here:", m.link]
    lines += ["", "The registration form will ask for your date of birth to confirm that the "
                  "account is yours."]
    return lines


def _body(m: MailInput) -> tuple[str, list[str]]:
    if m.kind is MailKind.INVITATION:
        subject = f"You have been invited by {m.org_name}"
        lines = [_greeting(m.person_name), "", f"{m.org_name} has invited you to join them."]
        if m.custom_message:
            lines += ["", m.custom_message]
        lines += ["", *_code_lines(m)]
    elif m.kind is MailKind.REGISTRATION_CODE:
        subject = f"Your registration code for {m.org_name}"
        lines = [_greeting(m.person_name), "", f"Here is your registration code for "
                                               f"{m.org_name}.", "", *_code_lines(m)]
    else:
        subject = f"Your account at {m.org_name}"
        lines = [_greeting(m.person_name), "", f"{m.org_name} has created an account for you.",
                 "", *_code_lines(m)]
    lines += ["", f"-- {m.org_name}", "",
              "If you did not expect this email, you can ignore it."]
    return subject, lines


def render(m: MailInput, *, sender: str | None, now: dt.datetime) -> EmailMessage:
    """The complete message with From, To, Subject, Date and Message-ID headers."""
    subject, lines = _body(m)
    msg = EmailMessage()
    msg["From"] = _address(sender or DEFAULT_FROM)
    msg["To"] = m.to
    msg["Subject"] = " ".join(subject.split())  # no header injection through a name
    msg["Date"] = format_datetime(now.replace(tzinfo=dt.UTC))
    msg["Message-ID"] = m.message_id
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content("\n".join(lines).rstrip() + "\n", charset="utf-8")
    return msg


def _address(text: str) -> str | Address:
    name, addr = parseaddr(text)
    if not addr or "@" not in addr:
        raise ValueError(f"the sender {text!r} is not an email address "
                         "(set ROSTERTUI_MAIL_FROM, e.g. 'Roster <roster@example.com>')")
    user, _, domain = addr.rpartition("@")
    return Address(display_name=name, username=user, domain=domain)
