"""Finding 6 of issue 15: a batch that takes longer than the claim lease is never handed to
a second sender while the first is alive: each Message-ID is delivered once."""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
import time
from collections import Counter

from rostertui.db.connection import worker_connection
from rostertui.domain import invitations
from rostertui.domain.enums import Kind
from rostertui.mail import outbox
from rostertui.mail.dispatcher import Dispatcher

LEASE = dt.timedelta(seconds=2)
MESSAGES = 12
DELAY = 0.35  # seconds a message: the batch takes about 4 s, twice the lease


class SlowTransport:
    """A mail server that takes DELAY seconds to accept each message, and remembers them."""

    description = "a slow test server"

    def __init__(self) -> None:
        self.delivered: list[str] = []
        self.lock = threading.Lock()

    @contextlib.contextmanager
    def open(self):
        yield self

    def send(self, msg) -> None:
        time.sleep(DELAY)
        with self.lock:
            self.delivered.append(str(msg["Message-ID"]))


def test_a_long_batch_is_not_sent_twice_by_a_second_sender(admin):
    invitations.invite([f"p{i}@example.com" for i in range(MESSAGES)], Kind.CLIENT, admin)
    transport = SlowTransport()
    reports = []

    def send(start_after: float) -> None:
        time.sleep(start_after)
        with worker_connection():
            dispatcher = Dispatcher(transport, sender="roster@example.com",
                                    registration_url="https://x.example/{code}", lease=LEASE)
            reports.append(dispatcher.dispatch())

    # The second sender starts when the first has been at it for longer than the lease.
    threads = [threading.Thread(target=send, args=(delay,)) for delay in (0, 2.5 * DELAY * 4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    counts = Counter(transport.delivered)
    assert len(counts) == MESSAGES
    assert [mid for mid, n in counts.items() if n > 1] == []
    assert sum(r.sent for r in reports) == MESSAGES
    assert {m.status for m in outbox.list_messages()} == {"sent"}


def test_a_dead_senders_claims_still_come_back_after_the_lease(admin):
    """The renewal is by a live sender only: a claim nobody renews is taken over."""
    invitations.invite(["gone@example.com"], Kind.CLIENT, admin)
    now = outbox.utcnow()
    token, [m] = outbox.claim(10, now=now, lease=LEASE)
    assert outbox.claim(10, now=now + LEASE, lease=LEASE)[1] == []
    _, [again] = outbox.claim(10, now=now + LEASE + dt.timedelta(seconds=1), lease=LEASE)
    assert again.id == m.id
