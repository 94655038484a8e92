"""Build a database of N active clients quickly (raw bulk inserts), for benchmarks."""

from __future__ import annotations

import random
import sqlite3
import sys
import time
from pathlib import Path

from rostertui.db.connection import close_database, open_database
from rostertui.domain.actor import Actor
from rostertui.domain.setup import init_organization

ADMIN_EMAIL = "admin@bench.example"
ADMIN_PASSWORD = "Bench-Admin-2026!"
FIRST = ["Ada", "Ben", "Cleo", "Dev", "Eve", "Finn", "Gus", "Hana", "Ivo", "Jun", "Kai", "Lea"]
LAST = ["Smith", "Jones", "Brown", "Garcia", "Miller", "Davis", "Lopez", "Wilson", "Moore",
        "Clark", "Lewis", "Walker", "Young", "King", "Wright", "Scott", "Green", "Baker"]
TAGS = ["Newsletter", "VIP", "Weight Loss", "Diabetes Program", "Telehealth"]


def build(path: Path, n: int, seed: int = 7) -> None:
    if path.exists():
        path.unlink()
    open_database(str(path))
    init_organization("Bench Org", {"email": ADMIN_EMAIL, "first_name": "Bea",
                                    "last_name": "Bench", "password": ADMIN_PASSWORD},
                      Actor.system("bench"), client_seat_limit=None)
    close_database()
    rng = random.Random(seed)
    con = sqlite3.connect(path)
    now = "2026-01-01 00:00:00"
    rows = []
    for i in range(n):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        born = f"{rng.randint(1950, 1999)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
        rows.append(("client", "active", f"{first.lower()}.{last.lower()}{i}@example.com",
                     first, "", last, born,
                     rng.choice(("male", "female")), f"EXT{i:07d}", "individual", 1, now, now,
                     "import"))
    with con:
        con.executemany(
            "INSERT INTO user (kind, status, email, first_name, middle_name, last_name, birthdate,"
            " sex, external_id, profile_type, version, created_at, updated_at, source)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        for name in TAGS:
            con.execute("INSERT INTO tag (name, key, created_at) VALUES (?,?,?)",
                        (name, name.casefold(), now))
        tag_ids = [r[0] for r in con.execute("SELECT id FROM tag")]
        user_ids = [r[0] for r in con.execute("SELECT id FROM user WHERE kind='client'")]
        links = [(uid, rng.choice(tag_ids)) for uid in user_ids if rng.random() < 0.3]
        con.executemany("INSERT OR IGNORE INTO user_tag (user_id, tag_id) VALUES (?,?)", links)
    con.execute("ANALYZE")
    con.close()


if __name__ == "__main__":
    target, count = Path(sys.argv[1]), int(sys.argv[2])
    start = time.perf_counter()
    build(target, count)
    print(f"built {count} clients in {target} in {time.perf_counter() - start:.1f} s")
