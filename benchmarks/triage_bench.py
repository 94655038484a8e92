"""Triage speed on 100,000 client rows. Prints figures; asserts nothing.

    python benchmarks/triage_bench.py [--rows N] [--runs K] [--only value,xlsx,park]

Each figure is the median of K runs:

* **value**: an HR file whose sex column is coded M / F / U; the planned session's
  distinct invalid values are counted, ``U`` is mapped to ``female`` in every row
  (``triage.map_values``: a new, planned session) and the counts are read again.
  Target (issue 14): <= 1 s to apply, the counts updated.
* **xlsx**: the same rows read from an .xlsx workbook and from CSV (read + check, no
  database). Target: the workbook <= 2x the CSV.
* **park**: park the planned session in the database and resume it (read back, checked
  and planned again); the database's growth against the file's size. Targets: <= 2 s
  each, growth < 2x the file.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from import_bench import fresh_db, make_file  # noqa: E402


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def hr_file(src: Path, dest: Path) -> None:
    """The benchmark file with its sex column coded M / F / U (one row in 50 is U)."""
    lines = src.read_text(encoding="utf-8").splitlines()
    out = [lines[0]]
    for i, line in enumerate(lines[1:]):
        cells = line.split(",")
        cells[4] = "U" if i % 50 == 0 else ("M" if cells[4] in ("male", "M") else "F")
        out.append(",".join(cells))
    dest.write_text("\r\n".join(out) + "\r\n", encoding="utf-8")


def bench_value(folder: Path, csv_path: Path, runs: int) -> None:
    from rostertui.importing import triage
    from rostertui.importing.engine import ImportOptions, load

    hr = folder / "hr.csv"
    hr_file(csv_path, hr)
    fresh_db(folder, "value")
    session = load(str(hr), ImportOptions())
    session.plan()
    before = triage.distinct_values(session, "sex")
    applies, counts = [], []
    for _ in range(runs):
        t_apply, fixed = timed(lambda: triage.map_values(session, "sex", {"U": "female"}))
        t_count, after = timed(lambda f=fixed: (f.summary(), triage.distinct_values(f, "sex")))
        applies.append(t_apply)
        counts.append(t_count)
    print(f"value mapping: {before[0].text} x{before[0].count:,} -> female in "
          f"{statistics.median(applies):.2f} s (median of {runs}; "
          f"{min(applies):.2f}-{max(applies):.2f}); counts after: "
          f"{statistics.median(counts):.3f} s; errors {session.summary()['error']:,} -> "
          f"{after[0]['error']:,}")


def bench_xlsx(folder: Path, csv_path: Path, runs: int) -> None:
    import csv
    import datetime as dt

    from rostertui.importing.engine import ImportOptions, load
    from sample_data.workbooks import write_xlsx

    with open(csv_path, newline="", encoding="utf-8") as fh:
        rows: list[list[object]] = list(csv.reader(fh))
    for row in rows[1:]:  # what a spreadsheet holds: date cells and number cells
        row[3] = dt.date(int(row[3][:4]), int(row[3][4:6]), int(row[3][6:]))
        row[6] = int(row[6])
    book = folder / "bench.xlsx"
    write_xlsx(book, {"Clients": rows})
    options = ImportOptions()
    t_csv = statistics.median(timed(lambda: load(str(csv_path), options))[0]
                              for _ in range(runs))
    t_xlsx = statistics.median(timed(lambda: load(str(book), options))[0] for _ in range(runs))
    session = load(str(book), options)
    errors = sum(1 for r in session.rows if r.errors)
    print(f"read + check: CSV {t_csv:.2f} s, .xlsx {t_xlsx:.2f} s "
          f"({book.stat().st_size / 1e6:.1f} MB) = {t_xlsx / t_csv:.2f}x the CSV "
          f"(median of {runs}); {errors} row(s) with errors in the workbook")


def _db_bytes(path: str) -> int:
    """The bytes the SQLite database uses (its pages less the free ones)."""
    from rostertui.db.models import database

    db = database.obj
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    pages = db.execute_sql("PRAGMA page_count").fetchone()[0]
    free = db.execute_sql("PRAGMA freelist_count").fetchone()[0]
    return (pages - free) * db.execute_sql("PRAGMA page_size").fetchone()[0]


def bench_park(folder: Path, csv_path: Path, runs: int) -> None:
    from rostertui.domain.actor import Actor
    from rostertui.importing import parking
    from rostertui.importing.engine import ImportOptions, load

    db_path = fresh_db(folder, "park")
    session = load(str(csv_path), ImportOptions())
    session.plan()
    actor = Actor.system("bench")
    parks, resumes, growth = [], [], []
    for _ in range(runs):
        before = _db_bytes(db_path)
        t_park, parked_id = timed(lambda: parking.park(session, actor))
        growth.append(_db_bytes(db_path) - before)

        def resume(pid=parked_id):
            resumed = parking.resume(pid)
            resumed.plan()
            return resumed
        t_resume, resumed = timed(resume)
        parks.append(t_park)
        resumes.append(t_resume)
        assert resumed.summary() == session.summary()
        parking.drop(parked_id, actor)
    def dry_run():
        fresh = load(str(csv_path), ImportOptions())
        fresh.plan()
    baseline = statistics.median(timed(dry_run)[0] for _ in range(runs))
    size = csv_path.stat().st_size
    print(f"park: {statistics.median(parks):.2f} s; resume (read back, check, plan): "
          f"{statistics.median(resumes):.2f} s (median of {runs}; a dry run of the CSV file "
          f"took {baseline:.2f} s in the same run); the database grew by "
          f"{statistics.median(growth) / 1e6:.1f} MB for a {size / 1e6:.1f} MB file "
          f"({statistics.median(growth) / size:.2f}x)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", default="value,xlsx,park")
    args = parser.parse_args()
    only = set(args.only.split(","))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        csv_path = folder / "bench.csv"
        make_file(csv_path, args.rows)
        print(f"{args.rows:,} rows, {csv_path.stat().st_size / 1e6:.1f} MB of CSV")
        if "value" in only:
            bench_value(folder, csv_path, args.runs)
        if "xlsx" in only:
            bench_xlsx(folder, csv_path, args.runs)
        if "park" in only:
            bench_park(folder, csv_path, args.runs)


if __name__ == "__main__":
    main()
