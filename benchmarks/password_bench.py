"""Password hashing speed: one hash, many on every core, and an import with passwords.

    python benchmarks/password_bench.py [--rows N] [--runs K]

Prints figures; asserts nothing. Each figure is the median of K runs:

* one argon2id hash (m=19 MiB, t=2, p=1) and one scrypt hash as versions before made them
  (N=2**14, r=8, p=1), so "before" and "after" are measured on the same machine;
* N hashes one after another, on a pool of threads (argon2-cffi releases the GIL) and on a
  pool of processes, each sized to the cores this process may use;
* passwords per second per core for each;
* an import of N rows that each carry an initial password (read, check, plan, hash, write),
  with the hashes made one after another (what the importer did before) and on every core,
  against the target of issue 15: at most 1.3 x (N x one hash / cores).

On a shared machine the figures move with the load; the script prints the load average.
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


def _hash_chunk(words: list[str]) -> list[str]:
    return [passwords.hash_password(w) for w in words]


def hash_in_processes(words: list[str], cores: int) -> list[str]:
    size = -(-len(words) // cores)
    chunks = [words[i:i + size] for i in range(0, len(words), size)]
    with ProcessPoolExecutor(max_workers=cores) as pool:
        return [h for part in pool.map(_hash_chunk, chunks) for h in part]


def import_with_passwords(rows: int, folder: Path, *, cores: int) -> float:
    """Seconds for a whole import of ``rows`` rows with initial passwords."""
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
        start = time.perf_counter()
        session = load_bytes(data, "bench.csv")
        session.plan()
        result = session.commit(Actor.system("bench"))
        elapsed = time.perf_counter() - start
    finally:
        passwords.workers = real  # type: ignore[assignment]
        close_database()
    assert result.created == rows
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    cores = passwords.workers()
    words = [f"{WORD}{i}" for i in range(args.rows)]
    print(f"cores: {cores}; load average: {os.getloadavg()[0]:.2f}; rows: {args.rows:,}; "
          f"runs: {args.runs}")

    one = median_time(lambda: passwords.hash_password(WORD), max(args.runs * 10, 20))
    old = median_time(lambda: passwords.legacy_scrypt_hash(WORD), max(args.runs * 10, 20))
    print(f"one argon2id hash (m=19 MiB, t=2): {one * 1000:.1f} ms; one scrypt hash "
          f"(N=2**14, before): {old * 1000:.1f} ms")

    serial = median_time(lambda: [passwords.hash_password(w) for w in words], args.runs)
    threads = median_time(lambda: passwords.hash_many(words), args.runs)
    procs = median_time(lambda: hash_in_processes(words, cores), args.runs)
    for label, seconds in (("one after another", serial), ("threads", threads),
                           ("processes", procs)):
        rate = args.rows / seconds
        per_core = rate if label == "one after another" else rate / cores
        print(f"{args.rows:,} hashes, {label:<17}: {seconds:6.2f} s  {rate:7.1f}/s  "
              f"{per_core:6.1f}/s per core")

    target = 1.3 * args.rows * one / cores
    with tempfile.TemporaryDirectory() as tmp:
        before = statistics.median(import_with_passwords(args.rows, Path(tmp), cores=1)
                                   for _ in range(args.runs))
        after = statistics.median(import_with_passwords(args.rows, Path(tmp), cores=cores)
                                  for _ in range(args.runs))
    print(f"import of {args.rows:,} rows with passwords: hashes one after another "
          f"{before:.2f} s; on {cores} cores {after:.2f} s; target 1.3 x ({args.rows:,} x "
          f"one hash / {cores} cores) = {target:.2f} s ({after / target * 1.3:.2f}x of the "
          f"ideal)")


if __name__ == "__main__":
    main()
