"""Peak memory of ``rostertui import`` on large and hostile files. Prints figures; asserts nothing.

    python benchmarks/memory_bench.py [--rows N] [--columns 5|8] [--skip-large | --only-large]

To compare with another checkout, run it with ``PYTHONPATH=that/src`` (the children
inherit it).

Each case runs the real CLI (``python -m rostertui``) in a child process and reads that
child's own peak resident set from ``os.wait4`` (the benchmark itself stays small while the
child runs, so the figure is the child's). The child's address space is capped (``--cap-mb``,
default 4096 MB) so that a reader that slurps ``/dev/zero`` ends in a MemoryError instead of
taking the machine; a case that hangs is killed after ``--timeout`` seconds.

Cases:

* a dry run of N valid client rows (default 1,000,000) with ``--max-rows N``, text and JSON;
* N + 1 rows with ``--max-rows N`` (refused: too many rows);
* 100,000,000 one-character lines (200 MB) with the default row limit (refused);
* a symlink to ``/dev/zero`` and a FIFO nobody writes to (refused at once);
* a file of 600 MB (over the size limit; sparse, so it costs no disk).

Targets (issue 15): the 1,000,000-row dry run at most 600 MB, any refused file at most 100 MB.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = "email,first_name,last_name,birthdate,sex,external_id,phone,phone_country\r\n"
FIRST = ["Ana", "Bruno", "Chloé", "Dmitri", "Emeka", "Fatima", "Grace", "José", "Søren", "Wen"]
LAST = ["Adeyemi", "Bergström", "Castillo", "Dubois", "García", "Haddad", "Müller", "Nguyen"]
PASSWORD = "Bench-Passw0rd!"


def make_valid(path: Path, rows: int, columns: int = 8) -> None:
    """``rows`` valid, distinct clients: 8 columns (3 of them unique per row: email,
    external_id, phone), or the 5 a client needs (email unique)."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(HEADER if columns == 8 else ",".join(HEADER.split(",")[:5]) + "\r\n")
        for i in range(rows):
            line = (f"user{i}@example.com,{FIRST[i % 10]},{LAST[i % 8]},"
                    f"19{40 + i % 60:02d}-{1 + i % 12:02d}-{1 + i % 28:02d},"
                    f"{'female' if i % 2 else 'male'}")
            if columns == 8:
                line += f",EXT-{i:07d},555{1000000 + i % 9000000:07d},USA"
            fh.write(line + "\r\n")


def make_tiny_lines(path: Path, lines: int) -> None:
    chunk = b"a\n" * 1_000_000
    with open(path, "wb") as fh:
        fh.write(b"email\n")
        for _ in range(lines // 1_000_000):
            fh.write(chunk)


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "rostertui", *args]


def measure(argv: list[str], *, cap_mb: int, timeout: float) -> tuple[float, int | str, str]:
    """(peak MB, exit code or 'killed after N s', last line of stderr) of one child."""
    def limit() -> None:
        cap = cap_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err,
                                stdin=subprocess.DEVNULL,
                                preexec_fn=limit)
        deadline = time.monotonic() + timeout
        outcome: int | str
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                outcome = os.waitstatus_to_exitcode(status)
                break
            if time.monotonic() > deadline:
                proc.send_signal(signal.SIGKILL)
                _, status, usage = os.wait4(proc.pid, 0)
                outcome = f"killed after {timeout:.0f} s"
                break
            time.sleep(0.05)
        proc.returncode = 0  # reaped above
        err.seek(0)
        lines = err.read().decode("utf-8", "replace").strip().splitlines()
    return usage.ru_maxrss / 1024, outcome, (lines[-1] if lines else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--cap-mb", type=int, default=4096)
    parser.add_argument("--timeout", type=float, default=300,
                        help="seconds before a case is killed (the FIFO case: 20)")
    parser.add_argument("--skip-large", action="store_true",
                        help="skip the N-row dry runs (only the refused files)")
    parser.add_argument("--only-large", action="store_true",
                        help="only the N-row dry runs (not the refused files)")
    parser.add_argument("--columns", type=int, choices=(5, 8), default=8,
                        help="columns of the valid file (default 8; 5 is what a client needs)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="rostertui-mem-"))
    db = str(folder / "bench.db")
    subprocess.run(cli("--db", db, "init", "--org", "Bench", "--admin-email",
                       "admin@example.com", "--admin-first", "A", "--admin-last", "B",
                       "--password-stdin"), input=PASSWORD + "\n", text=True, check=True,
                   capture_output=True)
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; child address space capped "
          f"at {args.cap_mb} MB; files in {folder}")

    def report(label: str, argv: list[str], target: int, timeout: float | None = None) -> None:
        peak, outcome, last = measure(argv, cap_mb=args.cap_mb, timeout=timeout or args.timeout)
        mark = "ok" if peak <= target else "OVER"
        print(f"{label:44} {peak:7.0f} MB  (target <= {target} MB, {mark})  exit {outcome}")
        if last:
            print(f"{'':44} stderr: {last[:150]}")

    n = args.rows
    if not args.skip_large:
        valid = folder / "valid.csv"
        make_valid(valid, n, args.columns)
        size = valid.stat().st_size / 1e6
        report(f"dry run, {n:,} rows x {args.columns} ({size:.0f} MB), text",
               cli("--db", db, "import", str(valid), "--dry-run", "--max-rows", str(n)), 600)
        report(f"dry run, {n:,} rows, --json",
               cli("--db", db, "import", str(valid), "--dry-run", "--max-rows", str(n),
                   "--json"), 600)
        over = folder / "over.csv"
        make_valid(over, n + 1, args.columns)
        report(f"{n + 1:,} rows with --max-rows {n:,}",
               cli("--db", db, "import", str(over), "--dry-run", "--max-rows", str(n)), 100)
        over.unlink()
        valid.unlink()
    if args.only_large:
        shutil.rmtree(folder)
        return

    tiny = folder / "tiny.csv"
    make_tiny_lines(tiny, 100_000_000)
    report("100,000,000 one-character lines (200 MB)",
           cli("--db", db, "import", str(tiny), "--dry-run", "--json"), 100)
    tiny.unlink()

    zero = folder / "zero.csv"
    zero.symlink_to("/dev/zero")
    report("symlink to /dev/zero", cli("--db", db, "import", str(zero), "--dry-run", "--json"),
           100)
    fifo = folder / "fifo.csv"
    os.mkfifo(fifo)
    report("FIFO nobody writes to", cli("--db", db, "import", str(fifo), "--dry-run", "--json"),
           100, timeout=20)
    big = folder / "big.csv"
    with open(big, "wb") as fh:
        fh.write(b"email,first_name\n")
        fh.truncate(600 * 1024 * 1024)
    report("600 MB file (sparse)", cli("--db", db, "import", str(big), "--dry-run", "--json"),
           100)
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
