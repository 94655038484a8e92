"""Delivering the outbox.

The dispatcher claims due messages (a batch at a time), renders each from the
current state of its user, and sends the batch over one connection. Each
message is recorded as sent in its own transaction the moment the server
accepts it.

What happens if the process dies mid-send: a message the server accepted but
that was not yet recorded as sent stays claimed ("sending"). When the claim
outlives its lease (two minutes) the next dispatch sends it again, with the
same Message-ID, so receiving servers and clients can recognise the repeat.
That window is one message wide; no message is ever lost, and at most that
one can arrive twice. A message that was queued but not yet claimed simply
goes out on the next dispatch.

While it sends, a dispatcher renews its claims from a thread of its own every
quarter of the lease (:class:`LeaseKeeper`), so a batch that takes longer than
the lease (a slow server, a long queue) is never handed to a second
dispatcher while the first is alive. If a renewal fails, the dispatcher stops
before its next message.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from rostertui.db.connection import worker_connection
from rostertui.db.models import User, utcnow
from rostertui.domain import org, registration
from rostertui.domain.actor import Actor
from rostertui.mail import outbox
from rostertui.mail.outbox import MailKind, OutboxView
from rostertui.mail.templates import MailInput, render
from rostertui.mail.transports import (
    ConnectionLost,
    FolderTransport,
    PermanentFailure,
    SmtpTransport,
    TemporaryFailure,
)


@dataclass
class DeliveryReport:
    destination: str
    sent: int = 0
    failed: int = 0
    retrying: int = 0
    errors: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, int]:
        return {"sent": self.sent, "failed": self.failed}


class _Unsendable(Exception):
    pass


class LeaseKeeper:
    """Renews one claim token's lease from a background thread while a batch is sent."""

    def __init__(self, token: str, lease: dt.timedelta, clock: Callable[[], dt.datetime]):
        self.token, self.clock = token, clock
        self.every = max(lease.total_seconds() / 4, 0.05)
        self.lost: str | None = None  # why a renewal failed
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"lease-{token}", daemon=True)

    def __enter__(self) -> LeaseKeeper:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            try:
                with worker_connection():
                    outbox.renew(self.token, now=self.clock())
            except Exception as exc:  # noqa: BLE001 - the sender stops at its next message
                self.lost = f"could not renew the claim on the outbox: {exc}"
                return


class Dispatcher:
    def __init__(self, transport: SmtpTransport | FolderTransport, *, sender: str | None,
                 registration_url: str, batch_size: int = 200,
                 clock: Callable[[], dt.datetime] = utcnow,
                 lease: dt.timedelta = outbox.CLAIM_LEASE):
        self.transport = transport
        self.lease = lease
        self.sender = sender
        self.registration_url = registration_url
        self.batch_size = batch_size
        self.clock = clock
        self.actor = Actor.system("mail dispatcher")
        # Fail early on a bad sender address rather than per message.
        from rostertui.mail.templates import DEFAULT_FROM, _address

        _address(sender or DEFAULT_FROM)

    def dispatch(self, *, ignore_backoff: bool = False) -> DeliveryReport:
        """Send what is due (everything queued, with ``ignore_backoff``)."""
        report = DeliveryReport(self.transport.description)
        attempted: set[int] = set()
        while True:
            token, batch = outbox.claim(self.batch_size, now=self.clock(),
                                        ignore_backoff=ignore_backoff, exclude=list(attempted),
                                        lease=self.lease)
            if not batch:
                return report
            attempted.update(m.id for m in batch)
            with LeaseKeeper(token, self.lease, self.clock) as keeper:
                if not self._send_batch(token, batch, report, keeper):
                    return report

    def _send_batch(self, token: str, batch: list[OutboxView], report: DeliveryReport,
                    keeper: LeaseKeeper) -> bool:
        """Send one claimed batch; False when the connection failed and the run should stop."""
        inputs = self._inputs(batch)
        done: set[int] = set()
        try:
            with self.transport.open() as session:
                for m in batch:
                    if keeper.lost:  # our claim may lapse: leave the rest to the next run
                        raise TemporaryFailure(keeper.lost)
                    now = self.clock()
                    attempts = m.attempts + 1
                    item = inputs.get(m.id)
                    if isinstance(item, str):
                        outbox.mark_failed(m.id, token, attempts=attempts, error=item)
                        report.failed += 1
                        report.errors.append(f"{m.to}: {item}")
                        done.add(m.id)
                        continue
                    try:
                        session.send(render(item, sender=self.sender, now=now))
                    except PermanentFailure as exc:
                        outbox.mark_failed(m.id, token, attempts=attempts, error=str(exc))
                        report.failed += 1
                        report.errors.append(f"{m.to}: {exc}")
                    except TemporaryFailure as exc:
                        self._retry(m, token, now, str(exc), report)
                        done.add(m.id)
                        if isinstance(exc, ConnectionLost):
                            raise
                        continue
                    else:
                        outbox.mark_sent(m.id, token, now=now, attempts=attempts)
                        report.sent += 1
                    done.add(m.id)
        except TemporaryFailure as exc:
            # The connection could not be opened, or it dropped: nothing more this run.
            rest = [m for m in batch if m.id not in done]
            now = self.clock()
            for m in rest:
                self._retry(m, token, now, str(exc), report)
            report.errors.append(f"{self.transport.description}: {exc}")
            return False
        return True

    def _retry(self, m: OutboxView, token: str, now: dt.datetime, error: str,
               report: DeliveryReport) -> None:
        if outbox.mark_retry(m.id, token, now=now, attempts=m.attempts + 1, error=error):
            report.retrying += 1
        else:
            report.failed += 1
            report.errors.append(f"{m.to}: gave up: {error}")

    def _inputs(self, batch: list[OutboxView]) -> dict[int, MailInput | str]:
        """What each message needs, read in a few queries per batch; a str is why it cannot go."""
        org_name = org.get_org().name
        user_ids = [m.user_id for m in batch if m.user_id is not None]
        users = {u.id: u for u in User.select().where(User.id.in_(user_ids))} if user_ids else {}
        live = [uid for uid, u in users.items() if u.status != "archived"]
        codes = registration.codes_for_mail(live, self.actor)
        out: dict[int, MailInput | str] = {}
        for m in batch:
            user = users.get(m.user_id) if m.user_id is not None else None
            if user is None:
                out[m.id] = "the user no longer exists; nothing was sent"
                continue
            if user.status == "archived":
                out[m.id] = f"{user.email} is archived; nothing was sent"
                continue
            if m.kind == MailKind.INVITATION and user.status != "pending":
                out[m.id] = f"{user.email} has already registered; the invitation was not sent"
                continue
            code = codes.get(user.id)
            name = " ".join(p for p in (user.first_name, user.last_name) if p)
            out[m.id] = MailInput(
                kind=MailKind(m.kind), to=user.email, message_id=m.message_id, org_name=org_name,
                person_name=name, code=code.code if code else None,
                code_expires_at=code.expires_at if code else None,
                registration_url=self.registration_url,
                custom_message=str(m.context.get("message", "")))
        return out


def make_dispatcher(config) -> Dispatcher:  # config: rostertui.config.Config
    from rostertui.mail.transports import make_transport

    return Dispatcher(make_transport(config.smtp_url, config.data_dir), sender=config.mail_from,
                      registration_url=config.registration_url)
