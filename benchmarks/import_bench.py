"""Import speed and memory on 100,000 client rows. Prints figures; asserts nothing.

    python benchmarks/import_bench.py [--rows N] [--runs K]

It generates its own file (no password column: argon2id costs ~30 ms per row by
design), then measures, each as the median of K runs on fresh databases:

* the floor: ``csv`` parsing plus a raw ``sqlite3.executemany`` of the rows
  into the same ``user`` table, with no checks at all;
* a dry run (read, check, plan) against an empty database;
* the commit (read, check, plan, write in one transaction);
* a dry run against the database that already holds those users (all unchanged);
* the peak memory (maximum resident set) of a process doing read + plan + commit.

Targets (issue 3): dry runs <= 3 s, commit <= 4x the floor, peak memory <= 300 MB.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = ["email", "first_name", "last_name", "birthdate", "sex", "external_id", "phone",
          "phone_country", "tags"]
FIRST = ["Ana", "Bruno", "Chloé", "Dmitri", "Emeka", "Fatima", "Grace", "Hiroshi", "Ingrid",
         "José", "Kwame", "Lucía", "Mateo", "Nkechi", "Omar", "Priya", "Quinn", "Søren", "Wen"]
LAST = ["Adeyemi", "Bergström", "Castillo", "Dubois", "García", "Haddad", "Ivanova", "Jensen",
        "Kowalski", "López", "Müller", "Nguyen", "O'Brien", "Petrović", "Rossi", "Smith"]
DOMAINS = ["example.com", "example.org", "example.net", "mail.example.com"]
TAGS = ["Newsletter", "VIP", "Telehealth", ""]


def make_file(path: Path, rows: int) -> None:
    rng = random.Random(3)
    start = dt.date(1940, 1, 1)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(HEADER)
        for i in range(rows):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            born = start + dt.timedelta(days=rng.randrange(0, 365 * 60))
            writer.writerow([f"user{i}.{rng.randrange(1000)}@{rng.choice(DOMAINS)}", first, last,
                             born.strftime("%Y%m%d"), rng.choice(["male", "female", "F", "M"]),
                             f"EXT-{i:07d}", f"555{rng.randrange(10**6, 10**7):07d}", "USA",
                             rng.choice(TAGS)])


def fresh_db(folder: Path, name: str) -> str:
    """A migrated database with an organization (no seat limit) and the tags the file uses."""
    from rostertui.db.connection import close_database, open_database
    from rostertui.db.models import Tag
    from rostertui.domain.org import create_org

    close_database()
    path = folder / f"{name}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = open_database(str(path))
    with db.atomic():
        create_org("Bench", None)
        for tag in TAGS:
            if tag:
                Tag.create(name=tag, key=tag.casefold())
    return str(path)


def floor(csv_path: Path, db_path: str) -> float:
    """Parse the CSV and insert the rows raw, with no checks: the least any importer can do."""
    cols = ["kind", "status", "email", "first_name", "middle_name", "last_name", "birthdate",
            "sex", "external_id", "phone", "phone_country", "profile_type", "version",
            "created_at", "updated_at", "source"]
    now = "2025-01-01 00:00:00"
    start = time.perf_counter()
    with open(csv_path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        data = [("client", "active", r[0], r[1], "", r[2], r[3], r[4], r[5], r[6], r[7],
                 "individual", 1, now, now, "import") for r in reader]
    con = sqlite3.connect(db_path)
    with con:
        con.executemany(f'INSERT INTO "user" ({", ".join(cols)}) VALUES '
                        f'({", ".join("?" * len(cols))})', data)
    con.close()
    return time.perf_counter() - start


def dry_run(csv_path: Path) -> tuple[float, dict[str, int]]:
    from rostertui.importing.engine import ImportOptions, load

    start = time.perf_counter()
    session = load(str(csv_path), ImportOptions())
    session.plan()
    return time.perf_counter() - start, session.summary()


def commit(csv_path: Path) -> tuple[float, float, dict[str, int]]:
    """(total seconds, seconds in the commit step alone, summary)."""
    from rostertui.domain.actor import Actor
    from rostertui.importing.engine import ImportOptions, load

    start = time.perf_counter()
    session = load(str(csv_path), ImportOptions())
    session.plan()
    step = time.perf_counter()
    result = session.commit(Actor(None, "benchmark"))
    end = time.perf_counter()
    assert result.created == session.summary()["create"]
    return end - start, end - step, session.summary()


def memory_probe(csv_path: str, folder: str, mode: str) -> None:
    """Run in a child process: read + plan + commit once (``commit``), or a dry run against
    the database that commit left (``unchanged``); print the peak resident set in MB."""
    if mode == "commit":
        fresh_db(Path(folder), "memory")
        commit(Path(csv_path))
    else:
        from rostertui.db.connection import open_database

        open_database(str(Path(folder) / "memory.db"))
        dry_run(Path(csv_path))
    print(peak_mb())


def peak_mb() -> float:
    """This process's peak resident set. VmHWM, not ru_maxrss: Linux carries ru_maxrss over
    from the parent through fork and exec, so a child would report the parent's peak."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def postgres_figures(url: str, csv_path: Path, runs: int) -> None:
    """Commit and unchanged dry run on PostgreSQL, each run in a schema of its own."""
    import uuid

    import psycopg2

    from rostertui.db.connection import close_database, open_database
    from rostertui.db.models import Tag
    from rostertui.domain.org import create_org

    admin = psycopg2.connect(url)
    admin.autocommit = True
    totals, unchanged = [], []
    try:
        for _ in range(runs):
            schema = f"rt_bench_{uuid.uuid4().hex[:10]}"
            admin.cursor().execute(f'CREATE SCHEMA "{schema}"')
            try:
                db = open_database(f"{url}?options=-csearch_path%3D{schema}")
                with db.atomic():
                    create_org("Bench", None)
                    for tag in TAGS:
                        if tag:
                            Tag.create(name=tag, key=tag.casefold())
                totals.append(commit(csv_path)[0])
                unchanged.append(dry_run(csv_path)[0])
            finally:
                close_database()
                admin.cursor().execute(f'DROP SCHEMA "{schema}" CASCADE')
    finally:
        admin.close()
    print(f"PostgreSQL commit (read + plan + write) {median(totals):6.2f} s   target <= 10 s "
          f"(runs: {', '.join(f'{t:.2f}' for t in totals)})")
    print(f"PostgreSQL dry run, all unchanged       {median(unchanged):6.2f} s")


def median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--memory-probe", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--postgres", metavar="URL",
                        help="also time the commit and the unchanged dry run on PostgreSQL "
                             "(each run in a fresh schema), e.g. "
                             "postgresql://postgres@127.0.0.1:5432/test (target: commit <= 10 s)")
    parser.add_argument("--postgres-only", action="store_true",
                        help="with --postgres: skip the SQLite figures")
    args = parser.parse_args()
    if args.memory_probe:
        memory_probe(*args.memory_probe)
        return
    folder = Path(tempfile.mkdtemp(prefix="rostertui-bench-"))
    csv_path = folder / "clients.csv"
    make_file(csv_path, args.rows)
    size = csv_path.stat().st_size / 1e6
    print(f"{args.rows:,} client rows, {size:.1f} MB, {os.cpu_count()} CPUs, Python "
          f"{sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}; median of {args.runs} runs")

    if args.postgres:
        postgres_figures(args.postgres, csv_path, args.runs)
        if args.postgres_only:
            return

    floors = []
    for i in range(args.runs):
        db_path = fresh_db(folder, f"floor{i}")
        floors.append(floor(csv_path, db_path))
    f = median(floors)
    print(f"floor (csv + raw executemany)        {f:6.2f} s")

    dry = []
    for _ in range(args.runs):
        fresh_db(folder, "empty")
        seconds, summary = dry_run(csv_path)
        dry.append(seconds)
    print(f"dry run, empty database              {median(dry):6.2f} s   target <= 3 s   "
          f"({summary['create']:,} create, {summary['error']} error)")

    totals, steps = [], []
    for i in range(args.runs):
        fresh_db(folder, f"commit{i}")
        total, step, summary = commit(csv_path)
        totals.append(total)
        steps.append(step)
    print(f"commit (read + plan + write)         {median(totals):6.2f} s   target <= "
          f"{4 * f:.2f} s (4x floor); {median(totals) / f:.1f}x floor")
    print(f"  of which the write transaction     {median(steps):6.2f} s")

    unchanged = []
    for _ in range(args.runs):
        seconds, summary = dry_run(csv_path)  # against the last commit's database
        unchanged.append(seconds)
    print(f"dry run, all {summary['unchanged']:,} unchanged       {median(unchanged):6.2f} s   "
          "target <= 3 s")

    from rostertui.db.connection import close_database

    close_database()
    for mode, label in (("commit", "read + plan + commit"), ("unchanged", "unchanged dry run")):
        probe = subprocess.run([sys.executable, __file__, "--memory-probe", str(csv_path),
                                str(folder), mode], capture_output=True, text=True, check=True)
        peak = float(probe.stdout.strip().splitlines()[-1])
        print(f"peak memory ({label}){' ' * (21 - len(label))}{peak:6.0f} MB  target <= 300 MB")
    print(f"(files in {folder})")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    io.DEFAULT_BUFFER_SIZE = max(io.DEFAULT_BUFFER_SIZE, 1 << 16)
    main()
