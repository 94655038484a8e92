"""Helpers for importer tests: small CSV files written as bytes, and sessions planned on them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from rostertui.domain import tags
from rostertui.domain.actor import Actor
from rostertui.domain.enums import Kind
from rostertui.importing.engine import ImportOptions, ImportSession, load_bytes

TODAY = dt.date(2025, 6, 1)
CLIENT_HEADER = "email,first_name,last_name,birthdate,sex"


def csv_bytes(text: str, encoding: str = "utf-8") -> bytes:
    """``text`` with ``\\n`` line ends turned into CRLF, encoded."""
    return text.replace("\n", "\r\n").encode(encoding)


def client_line(n: int, **overrides: str) -> str:
    values = {"email": f"c{n}@example.com", "first_name": f"First{n}", "last_name": f"Last{n}",
              "birthdate": "1980-01-02", "sex": "female"}
    values.update(overrides)
    return ",".join(values[k] for k in CLIENT_HEADER.split(","))


def clients_file(*lines: str, header: str = CLIENT_HEADER) -> bytes:
    return csv_bytes("\n".join([header, *lines]) + "\n")


@pytest.fixture
def make_session() -> Callable[..., ImportSession]:
    def make(data: bytes, *, plan: bool = True, name: str = "test.csv",
             **options: object) -> ImportSession:
        options.setdefault("today", TODAY)
        session = load_bytes(data, name, ImportOptions(**options))
        if plan:
            session.plan()
        return session
    return make


@pytest.fixture
def with_tags(admin: Actor) -> list[str]:
    names = ["Newsletter", "VIP", "Telehealth"]
    for name in names:
        tags.create_tag(name, admin)
    return names


def by_number(session: ImportSession) -> dict[int, object]:
    return {r.number: r for r in session.rows}


TEAM = Kind.TEAM_MEMBER
