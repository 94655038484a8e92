"""What a roster table is made of: its columns (what each shows, sorts by and edits in place)
and the source its rows come from (the roster views of ``domain/roster_view.py`` through
``ui/services.py``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: int
    value: Callable[[Any], object]
    sort: str | None = None  # the sort key this column's header selects
    # the text an edit in place starts from (the field is ``key``); None: not edited in place
    edit: Callable[[Any], str] | None = None


class RowSource(Protocol):
    """Where the rows come from. Every method runs in a worker thread and raises
    :class:`~rostertui.ui.services.Refusal` when the rows cannot be read."""

    def window(self, query: Any, offset: int, limit: int) -> tuple[list[Any], int | None]: ...
    def page(self, query: Any, offset: int, limit: int) -> list[Any]: ...
    def count(self, query: Any) -> int: ...
    def ids(self, query: Any) -> list[int]: ...


__all__ = ["Column", "RowSource"]
