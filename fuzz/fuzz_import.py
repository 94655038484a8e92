"""A long fuzz run: arbitrary bytes and CSV-shaped text through the importer (read, map,
validate, plan against a real database) and arbitrary field values through the services.

    python fuzz/fuzz_import.py [--examples 20000] [--seconds 600]

Never a traceback: every input ends in a report (rows with errors) or a clear file error,
and every service call in a record or a DomainError. Prints what it ran; exits 1 with the
failing input on the first problem. CI runs the short version of these properties in
tests/unit/importing and tests/unit/domain; this is the long one.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import traceback
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rostertui.db.connection import open_database
from rostertui.domain.actor import Actor
from rostertui.domain.errors import DomainError
from rostertui.domain.setup import init_organization
from rostertui.domain.users import create_clients
from rostertui.importing.engine import ImportOptions, load_bytes
from rostertui.importing.reader import FileRefused

HEADERS = ["email", "E-mail", "first_name", "firstName", "last_name", "Last Name", "birthdate",
           "dob", "sex", "gender", "tags", "tag", "external_id", "phone", "status", "id",
           "attribute:Plan", "roles", "password", "Notes", ""]
CELL = st.one_of(st.text(max_size=30), st.sampled_from(
    ["a@example.com", "19800101", "1980-13-45", "F", "m", "=1+1", "'=1", "VIP;Newsletter",
     "5551234567", "USA", "true", "inactive", "1", "\x00", "\x1b[31m", "[bold]x[/]"]))


@st.composite
def csv_text(draw) -> bytes:
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    header = draw(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=8))
    rows = draw(st.lists(st.lists(CELL, min_size=0, max_size=len(header) + 2), max_size=12))
    lines = [delimiter.join(header)]
    for row in rows:
        lines.append(delimiter.join('"' + c.replace('"', '""') + '"' if draw(st.booleans())
                                    else c for c in row))
    text = draw(st.sampled_from(["\r\n", "\n"])).join(lines)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
    return text.encode(encoding, errors="replace")


def run(examples: int, deadline: float) -> int:
    folder = Path(tempfile.mkdtemp(prefix="rostertui-fuzz-"))
    open_database(str(folder / "fuzz.db"))
    actor = Actor.system("fuzz")
    init_organization("Fuzz", {"email": "admin@example.com", "first_name": "A",
                               "last_name": "B", "password": "Fuzz-Passw0rd!"}, actor)
    create_clients([{"email": "a@example.com", "first_name": "A", "last_name": "A",
                     "birthdate": "1980-01-01", "sex": "f"}], actor)
    counts = {"reports": 0, "file errors": 0, "records": 0, "refusals": 0}

    def importer(data: bytes) -> None:
        if time.monotonic() > deadline:
            return
        try:
            session = load_bytes(data, "fuzz.csv", ImportOptions())
        except FileRefused:
            counts["file errors"] += 1
            return
        if not session.file_errors:
            session.plan()
        session.summary()
        counts["reports"] += 1

    cfg = settings(max_examples=examples, deadline=None, database=None,
                   suppress_health_check=list(HealthCheck))
    for name, strategy in (("arbitrary bytes", st.binary(max_size=2000)),
                           ("csv-shaped text", csv_text())):
        print(f"{name}: up to {examples} examples", flush=True)
        try:
            cfg(given(strategy)(importer))()
        except Exception:  # noqa: BLE001 - report the failing input and stop
            traceback.print_exc()
            return 1

    fields = st.dictionaries(st.sampled_from(["email", "first_name", "last_name", "birthdate",
                                              "sex", "tags", "phone", "external_id"]),
                             CELL, max_size=6)

    def service(overrides: dict[str, str]) -> None:
        if time.monotonic() > deadline:
            return
        data = {"email": "new@example.com", "first_name": "N", "last_name": "N",
                "birthdate": "1980-01-01", "sex": "m", **overrides}
        try:
            [user] = create_clients([data], actor)
        except DomainError:
            counts["refusals"] += 1
            return
        counts["records"] += 1
        from rostertui.domain.users import archive_users, delete_users

        archive_users([user.id], actor)
        delete_users([user.id], actor)

    print(f"client form input: up to {examples} examples", flush=True)
    try:
        cfg(given(fields)(service))()
    except Exception:  # noqa: BLE001
        traceback.print_exc()
        return 1
    print("no traceback; " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=20_000)
    parser.add_argument("--seconds", type=float, default=600)
    args = parser.parse_args()
    sys.exit(run(args.examples, time.monotonic() + args.seconds))


if __name__ == "__main__":
    main()
