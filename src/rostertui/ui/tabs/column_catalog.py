"""Every column a roster table may show: the user's fields and the organization's custom
attributes. A tab shows its own few by default; the column chooser (``C``) adds any other.

A column sorts only where the roster view has an index for it (``roster_view.SORTS``);
the chooser says which do. A custom attribute's column is keyed ``attribute:<name>``, as
the CSV headers name them, and its values are read with the page only while it is shown
(``RosterQuery.attributes``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rostertui.domain import roster_view
from rostertui.domain.enums import Kind
from rostertui.domain.roster_view import RosterRow, View
from rostertui.ui.text import SEX_LABELS, USER_KIND_LABELS, fmt_date, fmt_time
from rostertui.ui.widgets.roster_column import Column

ATTRIBUTE = "attribute:"
# whose custom attributes a view offers as columns (any user's where a view has both kinds)
ATTRIBUTE_KINDS = {View.CLIENTS: Kind.CLIENT, View.TEAM: Kind.TEAM_MEMBER}

STATUS_LABELS = {"active": "Active", "pending": "Pending", "archived": "Archived"}
PROFILE_LABELS = {"individual": "Individual", "facility": "Facility"}
SOURCE_LABELS = {"manual": "Added by hand", "import": "Import", "invitation": "Invitation",
                 "signup": "Sign-up"}


def _label(labels: dict[str, str], value: str | None) -> str:
    return labels.get(value or "", value or "")


def _phone(row: RosterRow) -> str:
    return " ".join(p for p in (row.phone_country, row.phone) if p)


# key, label, width, value; the sort key is the key's own where the view can sort by it
_FIELDS: list[tuple[str, str, int, object]] = [
    ("first_name", "First name", 14, lambda r: r.first_name),
    ("middle_name", "Middle name", 12, lambda r: r.middle_name),
    ("last_name", "Last name", 16, lambda r: r.last_name),
    ("name", "Name", 20, lambda r: r.name),
    ("email", "Email", 30, lambda r: r.email),
    ("phone", "Phone", 15, _phone),
    ("office", "Office", 14, lambda r: r.office or ""),
    ("username", "Username", 14, lambda r: r.username or ""),
    ("external_id", "External ID", 12, lambda r: r.external_id or ""),
    ("birthdate", "Born", 10, lambda r: fmt_date(r.birthdate)),
    ("sex", "Sex", 6, lambda r: _label(SEX_LABELS, r.sex)),
    ("tags", "Tags", 22, lambda r: ", ".join(r.tags)),
    ("roles", "Roles", 22, lambda r: ", ".join(r.roles)),
    ("kind", "Kind", 11, lambda r: _label(USER_KIND_LABELS, r.kind)),
    ("status", "Status", 8, lambda r: _label(STATUS_LABELS, r.status)),
    ("profile_type", "Profile", 10, lambda r: _label(PROFILE_LABELS, r.profile_type)),
    ("source", "Source", 13, lambda r: _label(SOURCE_LABELS, r.source)),
    ("created", "Added", 10, lambda r: fmt_date(r.created_at)),
    ("updated", "Updated", 10, lambda r: fmt_date(r.updated_at)),
    ("invited", "Invited (UTC)", 16, lambda r: fmt_time(r.invited_at)),
    ("archived", "Archived (UTC)", 16, lambda r: fmt_time(r.archived_at)),
]

# fields a view has no use for: clients hold no roles; only archived users an archive date
_NOT_IN = {
    View.CLIENTS: {"roles", "kind", "status", "archived", "invited"},
    View.TEAM: {"kind", "status", "archived", "invited"},
    View.PENDING: {"status", "archived"},
    View.ARCHIVED: {"status", "invited"},
}

_SORTED_BY_NAME = {"first_name", "last_name", "name"}


def field_columns(view: View) -> list[Column]:
    """Every user field ``view``'s table can show, sortable where the view sorts by it."""
    sorts = roster_view.SORTS[view]
    out = []
    for key, label, width, value in _FIELDS:
        if key in _NOT_IN[view]:
            continue
        sort = "name" if key in _SORTED_BY_NAME else key
        out.append(Column(key, label, width, value, sort if sort in sorts else None))  # type: ignore[arg-type]
    return out


def attribute_column(name: str) -> Column:
    """The column of the custom attribute ``name``; not sortable (no index holds it)."""
    return Column(f"{ATTRIBUTE}{name}", name, max(10, min(len(name), 20)),
                  lambda r: r.extra.get(name, ""))


def attribute_of(key: str) -> str | None:
    """The attribute a column key names, or None for a field's column."""
    return key.removeprefix(ATTRIBUTE) if key.startswith(ATTRIBUTE) else None


def every_column(own: Sequence[Column], view: View, attributes: Iterable[str]) -> list[Column]:
    """A tab's own columns (its default, in order), then every other field, then the
    custom attributes, each key once."""
    columns = list(own)
    keys = {c.key for c in columns}
    for column in [*field_columns(view), *(attribute_column(n) for n in attributes)]:
        if column.key not in keys:
            keys.add(column.key)
            columns.append(column)
    return columns


def shown_attributes(columns: Iterable[Column]) -> tuple[str, ...]:
    """The attributes among ``columns`` (those the page must read), sorted."""
    return tuple(sorted({a for c in columns if (a := attribute_of(c.key)) is not None}))


class TabColumns:
    """A roster tab's columns: every one it may show (its own, then every other field, then
    the custom attributes known so far) and the layout shown (key, visible), in order.
    Plain state, changed only on the UI thread."""

    def __init__(self, own: Sequence[Column], view: View) -> None:
        self.own = list(own)
        self.view = view
        self.attributes: tuple[str, ...] = ()
        self.all = every_column(self.own, view, ())
        self.layout: list[tuple[str, bool]] = self.default_layout()

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.all]

    @property
    def default_keys(self) -> list[str]:
        return [c.key for c in self.own]

    def default_layout(self) -> list[tuple[str, bool]]:
        own = set(self.default_keys)
        return [(c.key, c.key in own) for c in self.all]

    def know_attributes(self, names: Iterable[str]) -> None:
        """The organization's custom attributes are now ``names``: their columns join the
        hidden ones (a shown one whose attribute is gone leaves the layout)."""
        from rostertui.domain.prefs import column_layout

        self.attributes = tuple(names)
        self.all = every_column(self.own, self.view, self.attributes)
        stored = [{"key": k, "visible": v} for k, v in self.layout]
        self.layout = column_layout(stored, self.keys, self.default_keys)

    def apply(self, layout: Iterable[tuple[str, bool]]) -> None:
        known = set(self.keys)
        self.layout = [(k, v) for k, v in layout if k in known]

    def visible(self) -> list[Column]:
        by_key = {c.key: c for c in self.all}
        return [by_key[k] for k, v in self.layout if v]

    def label(self, key: str) -> str:
        return next((c.label for c in self.all if c.key == key), key)

    def sort_label(self, sort: str) -> str:
        """The label of the first column sorted by ``sort`` (the sort key itself if none)."""
        return next((c.label for c in self.all if c.sort == sort), sort)

    def sortable(self) -> frozenset[str]:
        return frozenset(c.key for c in self.all if c.sort)
