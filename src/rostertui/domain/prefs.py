"""Settings remembered per operator, such as the columns a roster table shows."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from rostertui.db.connection import write_transaction
from rostertui.db.models import OperatorPref
from rostertui.domain.actor import Actor
from rostertui.domain.errors import FieldError, ValidationFailed

# A table's columns as shown: (column key, visible), in display order.
ColumnLayout = list[tuple[str, bool]]


def get_pref(actor: Actor, key: str, default: Any = None) -> Any:
    if actor.user_id is None:
        return default
    row = OperatorPref.get_or_none((OperatorPref.user == actor.user_id)
                                   & (OperatorPref.key == key))
    if row is None:
        return default
    try:
        return json.loads(row.value)
    except (ValueError, TypeError, RecursionError):  # not JSON, or nested beyond reason
        return default


def set_pref(actor: Actor, key: str, value: Any) -> None:
    if actor.user_id is None:
        return
    with write_transaction():
        (OperatorPref.insert(user=actor.user_id, key=key, value=json.dumps(value))
         .on_conflict(conflict_target=[OperatorPref.user, OperatorPref.key],
                      update={OperatorPref.value: json.dumps(value)}).execute())


# --- the roster tables' columns ------------------------------------------------


def columns_key(table: str) -> str:
    """The preference holding a table's column layout, e.g. ``columns.clients``."""
    return f"columns.{table}"


def column_layout(stored: Any, known_keys: Sequence[str],
                  default_keys: Sequence[str] | None = None) -> ColumnLayout:
    """The order and visibility of a table's columns, from a stored preference.

    ``known_keys`` are every column the table has, in its default order; ``default_keys``
    are those shown when nothing is stored (all of them when None). ``stored`` should be a
    list of ``{"key": str, "visible": bool}``, but it came from the database and may be
    anything: entries that are not of that shape, name a column the table no longer has
    (renamed in an upgrade) or repeat one are ignored; columns the preference does not
    name (added in an upgrade) follow it with their default visibility. A layout that
    would show nothing is replaced by the default. Never raises.
    """
    known = list(dict.fromkeys(known_keys))
    shown_by_default = set(known if default_keys is None else default_keys)
    default = [(key, key in shown_by_default) for key in known]
    if not isinstance(stored, list):
        return default
    layout: ColumnLayout = []
    seen: set[str] = set()
    for entry in stored:
        if not isinstance(entry, dict):
            continue
        key, visible = entry.get("key"), entry.get("visible")
        if not isinstance(key, str) or not isinstance(visible, bool):
            continue
        if key in seen or key not in known:
            continue
        seen.add(key)
        layout.append((key, visible))
    layout.extend((key, key in shown_by_default) for key in known if key not in seen)
    if not any(visible for _, visible in layout):
        return default
    return layout


def load_columns(actor: Actor, table: str, known_keys: Sequence[str],
                 default_keys: Sequence[str] | None = None) -> ColumnLayout:
    """``actor``'s layout of ``table``'s columns (the default when none is stored)."""
    return column_layout(get_pref(actor, columns_key(table)), known_keys, default_keys)


def save_columns(actor: Actor, table: str, layout: Sequence[tuple[str, bool]],
                 known_keys: Sequence[str]) -> ColumnLayout:
    """Remember ``layout`` for ``actor``; at least one known column must stay visible.
    Returns the layout as stored (unknown keys dropped, missing columns appended)."""
    known = set(known_keys)
    if not any(visible and key in known for key, visible in layout):
        raise ValidationFailed([FieldError("columns", "at least one column must stay "
                                                      "visible")])
    value = [{"key": key, "visible": bool(visible)} for key, visible in layout]
    cleaned = column_layout(value, known_keys)
    set_pref(actor, columns_key(table),
             [{"key": key, "visible": visible} for key, visible in cleaned])
    return cleaned
