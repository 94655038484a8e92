"""The roster tables' reads: one sorted, filtered window of users at a time.

The app never loads a whole roster. It asks for the count (from SQL) and for
the rows of the pages on screen; every sort key has an index behind it
(migration 3), so a page costs the same at 1,000 users as at 100,000.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from peewee import CharField

from rostertui.db.models import (
    Invitation,
    SignupRequest,
    Tag,
    User,
    UserAttribute,
    UserRole,
    UserTag,
)
from rostertui.domain.enums import Kind, Source, Status


class View(StrEnum):
    CLIENTS = "clients"
    TEAM = "team"
    PENDING = "pending"
    ARCHIVED = "archived"


# sort key -> the columns it orders by (the user id breaks ties, so pages are stable)
_SORT_COLUMNS = {
    "name": (User.last_name, User.first_name),
    "email": (User.email,),
    "external_id": (User.external_id,),
    "birthdate": (User.birthdate,),
    "created": (User.created_at,),
    "archived": (User.archived_at,),
    "invited": (User.invited_at,),
}

SORTS: dict[View, tuple[str, ...]] = {
    View.CLIENTS: ("name", "email", "external_id", "birthdate", "created"),
    View.TEAM: ("name", "email", "created"),
    View.PENDING: ("email", "invited", "name"),
    View.ARCHIVED: ("name", "email", "archived"),
}

_USER_COLUMNS = (User.id, User.kind, User.status, User.email, User.first_name, User.middle_name,
                 User.last_name, User.external_id, User.username, User.birthdate, User.sex,
                 User.office, User.created_at, User.invited_at, User.archived_at, User.source,
                 User.phone, User.phone_country, User.profile_type, User.updated_at,
                 User.version)


@dataclass(frozen=True)
class RosterQuery:
    """What a roster table shows: a view, a search, a sort, and the tag or role filter."""

    view: View
    search: str = ""
    sort: str = "name"
    descending: bool = False
    tag: str | None = None
    role: str | None = None
    # the custom attributes whose values the rows carry (``RosterRow.extra``): those the
    # table shows, so that a roster without such columns reads no attribute at all
    attributes: tuple[str, ...] = ()


@dataclass(frozen=True)
class RosterRow:
    id: int
    kind: str
    status: str
    email: str
    first_name: str
    middle_name: str
    last_name: str
    external_id: str | None
    username: str | None
    birthdate: dt.date | None
    sex: str | None
    office: str | None
    created_at: dt.datetime | None
    invited_at: dt.datetime | None
    archived_at: dt.datetime | None
    source: str
    phone: str | None = None
    phone_country: str | None = None
    profile_type: str = ""
    updated_at: dt.datetime | None = None
    version: int = 0  # as read: an edit made from this row is refused if it changed since
    tags: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    pending_type: str = ""  # invitation | signup | "" (for pending rows)
    sent: str = ""  # an invitation's delivery status
    extra: dict[str, str] = field(default_factory=dict)  # custom attribute -> value

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.first_name, self.middle_name, self.last_name) if p)


def _where(query: RosterQuery, *columns, scan: bool = False):
    """The filtered select. ``scan`` words the view's conditions so that no index serves
    them: with a LIKE on five columns, one pass over the table is several times faster
    than walking an index and fetching every row it names."""
    kind = User.kind.concat("") if scan else User.kind
    status = User.status.concat("") if scan else User.status
    select = User.select(*(columns or _USER_COLUMNS))
    view = query.view
    if view is View.CLIENTS:
        select = select.where((kind == Kind.CLIENT) & (status == Status.ACTIVE))
    elif view is View.TEAM:
        select = select.where((kind == Kind.TEAM_MEMBER) & (status == Status.ACTIVE))
    elif view is View.PENDING:
        select = select.where(status == Status.PENDING)
    else:
        select = select.where(status == Status.ARCHIVED)
    for term in query.search.split():
        tagged = (UserTag.select(UserTag.user).join(Tag)
                  .where(Tag.key.contains(term.casefold())))
        select = select.where(
            User.email.contains(term) | User.first_name.contains(term)
            | User.last_name.contains(term) | User.external_id.contains(term)
            | User.username.contains(term) | User.id.in_(tagged))
    if query.tag:
        select = select.where(User.id.in_(
            UserTag.select(UserTag.user).join(Tag).where(Tag.key == query.tag.casefold())))
    if query.role:
        select = select.where(User.id.in_(
            UserRole.select(UserRole.user).where(UserRole.role == query.role)))
    return select


def _ordered(select, query: RosterQuery, *, scan: bool = False):
    """``select`` in the query's order. ``scan``: the order is worded so that no index
    serves it either (``email || ''``, for every text column), so SQLite reads the table
    or the search index once and keeps the top rows, instead of walking a sort index
    and fetching every row it names."""
    if query.sort not in SORTS[query.view]:
        raise ValueError(f"the {query.view} table cannot be sorted by {query.sort!r}")
    columns = [*_SORT_COLUMNS[query.sort], User.id]
    if scan:
        columns = [c.concat("") if isinstance(c, CharField) else c for c in columns]
    return select.order_by(*[c.desc() if query.descending else c.asc() for c in columns])


def _scans(query: RosterQuery) -> bool:
    """A search that no index serves: read the table once rather than walk an index."""
    return bool(query.search.split()) and query.view not in _SEARCH_INDEX_VIEWS


def count(query: RosterQuery) -> int:
    return _where(query, User.id, scan=_scans(query)).count()


def ids(query: RosterQuery) -> list[int]:
    """Every user id the query matches (to mark them all), in no particular order."""
    return [uid for (uid,) in _where(query, User.id, scan=_scans(query)).tuples()]


@dataclass(frozen=True)
class Window:
    rows: list[RosterRow]
    total: int | None  # None: not counted yet (a search with many matches); call count()


def window(query: RosterQuery, offset: int, limit: int) -> Window:
    """A page and, when it comes cheaply, the total.

    Without a search, the page comes from the sort index and the count from the
    view's index. A search's page comes from :func:`_searched_page`; when that page
    is not full it holds the last match, so it gives the total too; otherwise the
    total is left to a separate :func:`count`.
    """
    if query.search.split():
        rows = (_probed_page(query, limit) if offset == 0 and not _walks_search_index(query)
                else None) or _searched_page(query, offset, limit)
        known = len(rows) < limit and (bool(rows) or offset == 0)
        return Window(rows, offset + len(rows) if known else None)
    return Window(_indexed_page(query, offset, limit), count(query))


def page(query: RosterQuery, offset: int, limit: int) -> list[RosterRow]:
    """The rows ``offset`` .. ``offset + limit`` of the table, with their tags and roles."""
    if query.search.split():
        return _searched_page(query, offset, limit)
    return _indexed_page(query, offset, limit)


def _indexed_page(query: RosterQuery, offset: int, limit: int) -> list[RosterRow]:
    return _complete(query, list(_ordered(_where(query), query).limit(limit).offset(offset)
                                 .tuples()))


# the views whose conditions (kind and status) lead the search index
_SEARCH_INDEX_VIEWS = (View.CLIENTS, View.TEAM)
# the columns of the search index (migration 5): kind, status, the name order, and every
# column a search compares; the tag search is a subquery on ids, which every index holds
_SEARCH_INDEX = {"kind", "status", "last_name", "first_name", "id", "email", "external_id",
                 "username"}


def _search_index_covers(query: RosterQuery) -> bool:
    return (query.view in _SEARCH_INDEX_VIEWS
            and all(c.name in _SEARCH_INDEX for c in _SORT_COLUMNS[query.sort]))


def _walks_search_index(query: RosterQuery) -> bool:
    """The search index is in this query's order: a search reads it in order and
    stops at the page's last match, dense or sparse alike."""
    return _search_index_covers(query) and query.sort == "name"


PROBE = 2000
"""How many rows, in sort order, a search looks through on the sort index first."""


def _probed_page(query: RosterQuery, limit: int) -> list[RosterRow] | None:
    """The first ``limit`` matches of a search when they all lie among the first PROBE
    users in sort order (a common search like ``s``: a few milliseconds, the ids come
    from the covering sort index); None when they do not."""
    head = _ordered(_where(replace(query, search=""), User.id), query).limit(PROBE)
    select = _ordered(_where(query, scan=True).where(User.id.in_(head)), query, scan=True)
    rows = list(select.limit(limit).tuples())
    return _complete(query, rows) if len(rows) == limit else None


def _searched_page(query: RosterQuery, offset: int, limit: int) -> list[RosterRow]:
    """A page of a search: its ids first, then their rows.

    Walking a sort index that lacks the searched columns costs one row fetch per user
    it passes, so a search whose matches sit late in the sort order (``sm`` sorted by
    last name) or are rare read most of the table that way (90 to 200 ms at 100,000
    users). For clients and team members the search index (migration 5) holds every
    searched column: the ids come from it alone, in name order or sorted by email
    (about 25 ms at 100,000). Other views and sorts read the table once, keeping the
    top rows as they go (about 60 ms at 100,000).
    """
    if _search_index_covers(query):
        # sorted by email, the order is worded so that the email index (which lacks the
        # searched columns) is not walked instead; the search index is read and sorted
        select = _ordered(_where(query, User.id), query, scan=not _walks_search_index(query))
    else:
        select = _ordered(_where(query, User.id, scan=True), query, scan=True)
    user_ids = [uid for (uid,) in select.limit(limit).offset(offset).tuples()]
    if not user_ids:
        return []
    rows = _ordered(User.select(*_USER_COLUMNS).where(User.id.in_(user_ids)), query)
    return _complete(query, list(rows.tuples()))


def _complete(query: RosterQuery, rows: list[tuple]) -> list[RosterRow]:
    if not rows:
        return []
    user_ids = [r[0] for r in rows]
    tags: dict[int, list[str]] = defaultdict(list)
    for uid, name in (UserTag.select(UserTag.user, Tag.name).join(Tag)
                      .where(UserTag.user.in_(user_ids)).order_by(Tag.key).tuples()):
        tags[uid].append(name)
    roles: dict[int, list[str]] = defaultdict(list)
    if query.view is not View.CLIENTS:
        for uid, role in (UserRole.select(UserRole.user, UserRole.role)
                          .where(UserRole.user.in_(user_ids)).order_by(UserRole.role).tuples()):
            roles[uid].append(role)
    pending: dict[int, tuple[str, str]] = {}
    if query.view is View.PENDING:
        pending = _pending_details(user_ids)
    extra: dict[int, dict[str, str]] = defaultdict(dict)
    if query.attributes:
        for uid, name, value in (UserAttribute.select(UserAttribute.user, UserAttribute.name,
                                                      UserAttribute.value)
                                 .where(UserAttribute.user.in_(user_ids)
                                        & UserAttribute.name.in_(list(query.attributes)))
                                 .tuples()):
            extra[uid][name] = value
    out = []
    for r in rows:
        uid = r[0]
        ptype, sent = pending.get(uid, ("", ""))
        out.append(RosterRow(*r, tags=tuple(tags[uid]), roles=tuple(roles[uid]),
                             pending_type=ptype, sent=sent, extra=extra.get(uid, {})))
    return out


def _pending_details(user_ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    from rostertui.mail import outbox

    out: dict[int, tuple[str, str]] = {}
    invited = [uid for (uid,) in Invitation.select(Invitation.user)
               .where(Invitation.user.in_(list(user_ids))).tuples()]
    mails = outbox.latest_for_users(invited, outbox.MailKind.INVITATION)
    for uid in invited:
        out[uid] = ("invitation", outbox.describe_delivery(mails.get(uid)))
    for (uid,) in SignupRequest.select(SignupRequest.user).where(
            SignupRequest.user.in_(list(user_ids))).tuples():
        out[uid] = ("signup", "")
    return out


def pending_count() -> int:
    return User.select().where(User.status == Status.PENDING).count()


def invitation_user_ids(user_ids: Sequence[int]) -> list[int]:
    """Which of these users are pending on an invitation (not a sign-up request)."""
    return [uid for (uid,) in User.select(User.id).where(
        User.id.in_(list(user_ids)) & (User.status == Status.PENDING)
        & (User.source == Source.INVITATION)).tuples()]
