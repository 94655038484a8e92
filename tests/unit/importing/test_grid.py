"""The add-several grid's rows through the import engine (importing/grid.py)."""

from __future__ import annotations

from rostertui.domain import users
from rostertui.domain.enums import Kind
from rostertui.importing.grid import (
    CLIENT_COLUMNS,
    check_grid,
    errors_by_cell,
    parse_paste,
    session_from_rows,
)


def client(n: int, email: str | None = None) -> list[str]:
    return [f"First{n}", f"Last{n}", email or f"grid{n}@example.com", "1990-01-02", "female",
            "", "", ""]


def test_rows_are_checked_planned_and_committed_as_one_batch(admin):
    session = session_from_rows(Kind.CLIENT, [client(1), [""] * 8, client(2)])
    check_grid(session)
    assert [r.number for r in session.rows] == [1, 3] and not session.error_rows
    result = session.commit(admin)
    assert result.created == 2 and result.batch_id is not None
    assert users.find_by_email("grid2@example.com") is not None


def test_errors_land_in_their_cells(admin):
    dup = client(2, "same@example.com")
    rows = [client(1, "not-an-email"), client(3, "same@example.com"), dup,
            ["Solo", "", "solo@example.com", "1990-01-02", "female"],
            client(5, "admin@example.com")]
    session = session_from_rows(Kind.CLIENT, rows)
    check_grid(session)
    cells = errors_by_cell(session)
    assert (1, "email") in cells
    assert "row 2" in cells[(3, "email")]  # a duplicate within the grid: the later row
    assert "required" in cells[(4, "last_name")], cells
    assert (5, "email") in cells  # already a user's
    assert len(session.error_rows) == 4


def test_the_grid_s_own_errors_are_counted_in_the_summary(admin):
    """The grid's rules mark rows after the plan through the session's public add_errors,
    which keeps the summary's counts (read before and after) right."""
    first = session_from_rows(Kind.CLIENT, [client(9)])
    check_grid(first)
    first.commit(admin)  # a client who exists
    rows = [client(1), ["Solo", "", "solo@example.com", "1990-01-02", "female"],
            client(9, "grid9@example.com")]
    session = session_from_rows(Kind.CLIENT, rows)
    session.plan()
    assert session.row(3).action != "error"  # the plan would update (or keep) her...
    session = session_from_rows(Kind.CLIENT, rows)
    check_grid(session)
    summary = session.summary()  # ...the grid refuses it, and the summary says so
    assert summary["error"] == 2 and summary["create"] == 1
    assert summary["update"] == summary["unchanged"] == 0


def test_add_errors_keeps_a_counted_summary_right(admin):
    from rostertui.importing.rows import Issue

    session = session_from_rows(Kind.CLIENT, [client(1), client(2)])
    session.plan()
    assert session.summary()["create"] == 2  # counted, and kept from now on
    session.add_errors(session.rows[0], [Issue("email", "Email", "is not wanted here")])
    assert session.summary()["create"] == 1 and session.summary()["error"] == 1
    assert session.rows[0].action == "error" and session.error_rows == [session.rows[0]]
    session.add_errors(session.rows[1], [])  # nothing to add: nothing changes
    assert session.summary()["create"] == 1


def test_the_seat_limit_counts_the_whole_batch(admin):
    session = session_from_rows(Kind.CLIENT, [client(n) for n in range(11)])  # 10 seats
    check_grid(session)
    assert any("seat limit" in str(e) for r in session.rows for e in r.errors)


def test_a_pasted_header_orders_the_columns():
    pasted = parse_paste("Email\tFirst Name\tnope\nx@example.com\tXena\tq\n", Kind.CLIENT)
    fields = [c.field for c in CLIENT_COLUMNS]
    assert pasted.header and pasted.targets == [fields.index("email"),
                                                fields.index("first_name"), None] or (
        pasted.targets is None)
    plain = parse_paste("Ann,Ash,ann@example.com\nBob,Bay,bob@example.com", Kind.CLIENT)
    assert not plain.header and plain.rows[1] == ["Bob", "Bay", "bob@example.com"]
