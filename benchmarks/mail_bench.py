"""Deliver 1,000 queued messages to a local SMTP server (aiosmtpd) and time it.

    python benchmarks/mail_bench.py [--messages 1000] [--runs 3]

Needs the test extra (aiosmtpd). Prints figures; asserts nothing. Target: 1,000
messages in at most 5 s.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import tempfile
import time
from pathlib import Path

from aiosmtpd.controller import Controller

from rostertui.db.connection import close_database, open_database
from rostertui.domain.actor import Actor
from rostertui.domain.enums import Kind
from rostertui.domain.invitations import invite
from rostertui.domain.setup import init_organization
from rostertui.mail.dispatcher import Dispatcher
from rostertui.mail.transports import SmtpSettings, SmtpTransport


class Counter:
    def __init__(self) -> None:
        self.count = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.count += 1
        return "250 OK"


def one_run(n: int, port: int, counter: Counter) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        open_database(str(Path(tmp) / "bench.db"))
        actor = Actor.system("bench")
        init_organization("Bench", {"email": "admin@example.com", "first_name": "A",
                                    "last_name": "B", "password": "Bench-Passw0rd!"}, actor)
        t0 = time.perf_counter()
        invite([f"person{i}@example.com" for i in range(n)], Kind.CLIENT, actor)
        queued = time.perf_counter() - t0
        before = counter.count
        dispatcher = Dispatcher(SmtpTransport(SmtpSettings.parse(f"smtp://127.0.0.1:{port}")),
                                sender="bench@example.com",
                                registration_url="https://example.com/r?c={code}")
        t0 = time.perf_counter()
        report = dispatcher.dispatch()
        elapsed = time.perf_counter() - t0
        close_database()
        assert report.sent == n and counter.count - before == n, report
        return queued, elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    counter = Counter()
    controller = Controller(counter, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        runs = [one_run(args.messages, port, counter) for _ in range(args.runs)]
    finally:
        controller.stop()
    queue_times = [q for q, _ in runs]
    send_times = [s for _, s in runs]
    med = statistics.median(send_times)
    print(f"queue {args.messages} invitations (one transaction): median "
          f"{statistics.median(queue_times):.2f} s")
    print(f"deliver {args.messages} messages over SMTP: median {med:.2f} s "
          f"(runs: {', '.join(f'{t:.2f}' for t in send_times)}), "
          f"{args.messages / med:.0f} messages/s; target <= 5 s")


if __name__ == "__main__":
    main()
