"""SIGKILL the mail dispatcher mid-send: the database stays sound, and after the claim
lease every message arrives, at most one extra copy per kill."""

from __future__ import annotations

import collections
import datetime as dt
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from rostertui.db.models import utcnow
from rostertui.domain.enums import Kind
from rostertui.domain.invitations import invite
from rostertui.mail import outbox
from rostertui.mail.dispatcher import Dispatcher
from rostertui.mail.transports import SmtpSettings, SmtpTransport


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)  # PRAGMA integrity_check
def test_killing_the_dispatcher_loses_no_message(org_db, admin, smtp_server):
    addresses = [f"k{i}@example.com" for i in range(300)]
    invite(addresses, Kind.CLIENT, admin)
    env = {**os.environ, "ROSTERTUI_SMTP_URL": smtp_server.url,
           "ROSTERTUI_MAIL_FROM": "roster@example.com"}
    rng = random.Random(7)
    kills = 0
    for _ in range(5):
        proc = subprocess.Popen([sys.executable, "-m", "rostertui", "--db", org_db, "outbox",
                                 "send"], env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 0.9))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait()
        con = sqlite3.connect(org_db)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        con.close()
    # After the lease, whatever a killed dispatcher held goes out too.
    later = utcnow() + outbox.CLAIM_LEASE + dt.timedelta(seconds=1)
    Dispatcher(SmtpTransport(SmtpSettings.parse(smtp_server.url)), sender="r@example.com",
               registration_url="https://x/{code}", clock=lambda: later).dispatch()
    counts = collections.Counter(smtp_server.recorder.to())
    assert set(counts) == set(addresses)
    assert kills >= 1
    assert sum(counts.values()) - len(addresses) <= kills
    assert {m.status for m in outbox.list_messages()} == {"sent"}
