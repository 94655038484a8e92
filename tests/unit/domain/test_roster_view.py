"""The windowed roster reads: counts, pages, search, sort, tag and role filters."""

from __future__ import annotations

from rostertui.domain import roster_view as rv
from rostertui.domain import tags, users
from rostertui.domain.roster_view import RosterQuery, View
from tests.factories import client_data, team_data


def _clients(admin, n):
    tags.create_tag("VIP", admin)
    items = [client_data(i, last_name=f"Z{n - i:03d}", tags=["VIP"] if i % 3 == 0 else [])
             for i in range(n)]
    return users.create_clients(items, admin)


def test_pages_are_sorted_and_complete(admin):
    from rostertui.domain import org

    org.update_org(admin, client_seat_limit=None)
    _clients(admin, 30)
    query = RosterQuery(View.CLIENTS)
    assert rv.count(query) == 30
    first, second = rv.page(query, 0, 20), rv.page(query, 20, 20)
    names = [r.last_name for r in first + second]
    assert names == sorted(names) and len(names) == 30
    desc = rv.page(RosterQuery(View.CLIENTS, sort="email", descending=True), 0, 5)
    assert [r.email for r in desc] == sorted((r.email for r in first + second), reverse=True)[:5]


def test_search_tag_and_window(admin):
    from rostertui.domain import org

    org.update_org(admin, client_seat_limit=None)
    _clients(admin, 12)
    window = rv.window(RosterQuery(View.CLIENTS, search="client1"), 0, 100)
    assert window.total == 3  # client1, client10, client11
    assert {r.email for r in window.rows} == {"client1@example.com", "client10@example.com",
                                              "client11@example.com"}
    assert rv.count(RosterQuery(View.CLIENTS, search="vip")) == 4  # tags are searched too
    tagged = rv.page(RosterQuery(View.CLIENTS, tag="vip"), 0, 100)
    assert len(tagged) == 4 and all(r.tags == ("VIP",) for r in tagged)
    assert sorted(rv.ids(RosterQuery(View.CLIENTS, tag="VIP"))) == sorted(r.id for r in tagged)


def test_team_roles_and_pending(admin):
    users.create_team_members([team_data(1), team_data(2, roles=["Administrator"])], admin)
    admins = rv.page(RosterQuery(View.TEAM, role="Administrator"), 0, 10)
    assert {r.email for r in admins} == {"admin@example.com", "member2@example.com"}
    from rostertui.domain import invitations
    from rostertui.domain.enums import Kind

    invitations.invite(["new@example.com"], Kind.CLIENT, admin)
    rows = rv.page(RosterQuery(View.PENDING), 0, 10)
    assert [(r.email, r.pending_type) for r in rows] == [("new@example.com", "invitation")]
    assert rv.pending_count() == 1


def test_search_pages_agree_whether_probed_or_scanned(admin, monkeypatch):
    """A search's first page comes from the sort index when its matches lie early in
    the sort order, from one scan otherwise; both give the same rows in the same order."""
    from rostertui.domain import org

    org.update_org(admin, client_seat_limit=None)
    _clients(admin, 30)
    monkeypatch.setattr(rv, "PROBE", 6)  # the first six clients by name, in Z-descending order
    for sort in ("name", "email", "external_id", "birthdate", "created"):
        for descending in (False, True):
            for search in ("client", "client1", "vip", "client2 vip", "nobody"):
                query = RosterQuery(View.CLIENTS, search=search, sort=sort,
                                    descending=descending)
                total = rv.count(query)
                everything = rv.page(query, 0, 100)
                assert len(everything) == total
                for limit in (1, 2, 5, 100):
                    window = rv.window(query, 0, limit)
                    assert [r.id for r in window.rows] == [r.id for r in everything[:limit]]
                    assert window.total in (None, total)
                    if total < limit:
                        assert window.total == total
                    later = rv.window(query, limit, limit)
                    assert [r.id for r in later.rows] == [r.id for r in
                                                          everything[limit:2 * limit]]


def test_every_unsearched_page_is_read_from_an_index(db_path):
    """SQLite: each table's page, in each of its sorts and both directions, walks an index
    led by the table's condition (no sort of the table, no scan of it). The Pending and
    Archived indexes are partial (m0007): this also proves that SQLite matches their
    ``status = 'pending'`` to the query's bound parameter."""
    from rostertui.db.connection import close_database, open_database
    from rostertui.db.models import database

    open_database(str(db_path))
    try:
        for view in View:
            for sort in rv.SORTS[view]:
                for descending in (False, True):
                    query = RosterQuery(view, sort=sort, descending=descending)
                    sql, params = rv._ordered(rv._where(query), query).limit(50).sql()
                    plan = [row[-1] for row in
                            database.obj.execute_sql(f"EXPLAIN QUERY PLAN {sql}", params)]
                    assert len(plan) == 1 and plan[0].startswith("SEARCH t1 USING "), \
                        (view, sort, descending, plan)
    finally:
        close_database()


def test_rows_carry_every_field_and_only_the_attributes_asked_for(admin):
    """The column chooser can show any field and custom attribute: the rows carry the phone,
    profile and update time, and the values of the attributes the query names (searched
    or not), none when it names none."""
    items = [client_data(1, phone="5551234567", phone_country="USA",
                         attributes={"Program Start Date": "2024-02-01", "Team": "Blue"}),
             client_data(2)]
    users.create_clients(items, admin)
    plain = rv.page(RosterQuery(View.CLIENTS), 0, 10)
    assert [r.extra for r in plain] == [{}, {}]
    assert (plain[0].phone, plain[0].phone_country) == ("5551234567", "USA")
    assert plain[0].profile_type == "individual" and plain[0].updated_at is not None
    for search in ("", "client"):
        query = RosterQuery(View.CLIENTS, search=search, attributes=("Program Start Date",))
        rows = rv.window(query, 0, 10).rows
        assert [r.extra for r in rows] == [{"Program Start Date": "2024-02-01"}, {}], search
