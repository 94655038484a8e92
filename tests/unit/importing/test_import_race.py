"""Two imports of overlapping files at once: no duplicate users, no traceback, and each
either commits or is refused with a clear message; the seat limit holds."""

from __future__ import annotations

import json
import subprocess
import sys

from rostertui.db.connection import close_database, open_database
from rostertui.domain import org
from rostertui.domain.enums import Kind
from rostertui.domain.queries import count_users


def _file(path, numbers) -> str:
    lines = ["email,first_name,last_name,birthdate,sex,external_id"]
    lines += [f"r{i}@example.com,R{i},Race,1980-01-01,f,RX-{i}" for i in numbers]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def _race(db: str, files: list[str]) -> list[tuple[int, dict, str]]:
    procs = [subprocess.Popen([sys.executable, "-m", "rostertui", "--db", db, "import", f,
                               "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for f in files]
    out = []
    for p in procs:
        stdout, stderr = p.communicate(timeout=120)
        out.append((p.returncode, json.loads(stdout), stderr))
    return out


def test_overlapping_imports_make_no_duplicates(tmp_path, org_db, admin):
    org.update_org(admin, client_seat_limit=None)
    a = _file(tmp_path / "a.csv", range(0, 3000))
    b = _file(tmp_path / "b.csv", range(1500, 4500))
    close_database()
    results = _race(org_db, [a, b])
    open_database(org_db)
    for code, report, stderr in results:
        assert "Traceback" not in stderr
        assert code in (0, 1), stderr
        if code == 1:  # the loser saw the winner's rows appear: refused, nothing written
            assert report["committed"] is False
            assert "nothing was imported" in stderr and ("taken" in stderr
                                                          or "changed" in stderr)
    committed = [r for _, r, _ in results if r["committed"]]
    assert committed
    expected = 4500 if len(committed) == 2 else 3000
    assert count_users(Kind.CLIENT) == expected
    # Importing the loser's file again now plans creates only for what is missing.
    if len(committed) == 1:
        close_database()
        again = _race(org_db, [b if committed[0]["file"].endswith("a.csv") else a])
        open_database(org_db)
        assert again[0][0] == 0
        assert count_users(Kind.CLIENT) == 4500


def test_racing_imports_respect_the_seat_limit(tmp_path, org_db, admin):
    org.update_org(admin, client_seat_limit=100)
    a = _file(tmp_path / "a.csv", range(0, 60))
    b = _file(tmp_path / "b.csv", range(1000, 1060))
    close_database()
    results = _race(org_db, [a, b])
    open_database(org_db)
    assert [code for code, _, _ in results].count(0) == 1
    assert org.seat_usage().used == 60
    # The loser is refused with the seat limit named: at its commit, or at its plan when
    # the winner had already committed (then on the rows past the limit).
    code, report, stderr = next(r for r in results if r[0] != 0)
    messages = stderr + json.dumps(report["rows"]) + json.dumps(report["file_errors"])
    assert "seat limit" in messages, messages[:500]
