"""Password hashing speed: one hash, many on every core, and an import with passwords.

    python benchmarks/password_bench.py [--rows N] [--runs K] [--import-only]

Prints figures; asserts nothing. Each figure is the median of K runs:

* one argon2id hash (m=19 MiB, t=2, p=1) and one scrypt hash as versions before made them
  (N=2**14, r=8, p=1), so "before" and "after" are measured on the same machine;
* N hashes one after another, on a pool of threads (argon2-cffi releases the GIL) and on a
  pool of processes, each sized to the cores this process may use;
* passwords per second per core for each;
* an import of N rows that each carry an initial password (read, check, plan, hash, write),
  with the hashes made one after another (what the importer did before) and on every core,
  against the target of issue 15: at most 1.3 x (N x one hash / cores).

On a shared machine the wall figures move with the load (the script prints the load
average); hashes per CPU-second do not.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from rostertui.domain import passwords  # noqa: E402

WORD = "Welc0me-Home!"


def median_time(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def median_time_and_cpu(fn, runs: int) -> tuple[float, float]:
    """Median wall seconds and median CPU seconds (this process, its threads and children):
    on a loaded machine the CPU figure still says what one core hashes."""
    walls, cpus = [], []
    for _ in range(runs):
        before, start = os.times(), time.perf_counter()
        fn()
        walls.append(time.perf_counter() - start)
        after = os.times()
        cpus.append(sum(after[:4]) - sum(before[:4]))
    return statistics.median(walls), statistics.median(cpus)


def _hash_chunk(words: list[str]) -> list[str]:
    return [passwords.hash_password(w) for w in words]


def hash_in_processes(words: list[str], cores: int) -> list[str]:
    size = -(-len(words) // cores)
    chunks = [words[i:i + size] for i in range(0, len(words), size)]
    with ProcessPoolExecutor(max_workers=cores) as pool:
        return [h for part in pool.map(_hash_chunk, chunks) for h in part]


def import_with_passwords(rows: int, folder: Path, *, cores: int) -> tuple[float, float]:
    """Wall and CPU seconds for a whole import of ``rows`` rows with initial passwords."""
    from rostertui.db.connection import close_database, open_database
    from rostertui.domain.actor import Actor
    from rostertui.domain.setup import init_organization
    from rostertui.importing.engine import load_bytes

    path = folder / f"bench-{time.monotonic_ns()}.db"
    open_database(str(path))
    init_organization("Bench", {"email": "admin@example.com", "first_name": "A",
                                "last_name": "Admin", "password": "Admin-Passw0rd!"},
                      Actor.system("bench"), client_seat_limit=None)
    data = ("email,first_name,last_name,birthdate,sex,initial_password\n" + "".join(
        f"u{i}@example.com,U{i},Bench,1980-01-01,f,{WORD}{i}\n" for i in range(rows))).encode()
    real = passwords.workers
    passwords.workers = lambda: cores  # type: ignore[assignment]
    try:
        before = os.times()
        start = time.perf_counter()
        session = load_bytes(data, "bench.csv")
        session.plan()
        result = session.commit(Actor.system("bench"))
        elapsed = time.perf_counter() - start
        cpu = sum(os.times()[:2]) - sum(before[:2])
    finally:
        passwords.workers = real  # type: ignore[assignment]
        close_database()
    assert result.created == rows
    return elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--import-only", action="store_true",
                        help="measure only the import with passwords")
    args = parser.parse_args()
    cores = passwords.workers()
    words = [f"{WORD}{i}" for i in range(args.rows)]
    print(f"cores: {cores}; load average: {os.getloadavg()[0]:.2f}; rows: {args.rows:,}; "
          f"runs: {args.runs}")

    one = median_time(lambda: passwords.hash_password(WORD), max(args.runs * 10, 20))
    old = median_time(lambda: passwords.legacy_scrypt_hash(WORD), max(args.runs * 10, 20))
    print(f"one argon2id hash (m=19 MiB, t=2): {one * 1000:.1f} ms; one scrypt hash "
          f"(N=2**14, before): {old * 1000:.1f} ms")

    pools = (("one after another", lambda: [passwords.hash_password(w) for w in words]),
             ("threads", lambda: passwords.hash_many(words)),
             ("processes", lambda: hash_in_processes(words, cores)))
    for label, fn in () if args.import_only else pools:
        seconds, cpu = median_time_and_cpu(fn, args.runs)
        rate = args.rows / seconds
        per_core = rate if label == "one after another" else rate / cores
        print(f"{args.rows:,} hashes, {label:<17}: {seconds:6.2f} s  {rate:7.1f}/s  "
              f"{per_core:6.1f}/s per core (wall); {args.rows / cpu:6.1f} per CPU-second")

    with tempfile.TemporaryDirectory() as tmp:
        runs = []
        for label, use in (("hashes one after another (before)", 1), (f"on {cores} cores", cores)):
            walls, cpus, ones = [], [], []
            for _ in range(args.runs):
                # one hash measured right before and after: the same load as the import
                ones.append(median_time(lambda: passwords.hash_password(WORD), 9))
                wall, cpu = import_with_passwords(args.rows, Path(tmp), cores=use)
                ones.append(median_time(lambda: passwords.hash_password(WORD), 9))
                walls.append(wall)
                cpus.append(cpu)
            runs.append((label, statistics.median(walls), statistics.median(cpus),
                         statistics.median(ones)))
    for label, wall, cpu, one_now in runs:
        ideal = args.rows * one_now / cores
        print(f"import of {args.rows:,} rows with passwords, {label}: {wall:.2f} s "
              f"({cpu:.1f} CPU-s); one hash then {one_now * 1000:.1f} ms, so 1.3 x "
              f"({args.rows:,} x one hash / {cores} cores) = {1.3 * ideal:.2f} s: "
              f"{wall / ideal:.2f}x of the ideal")


if __name__ == "__main__":
    main()
