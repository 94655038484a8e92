"""A roster tab's columns: which are shown, in what order, remembered per operator and
tab (``domain/prefs``); the chooser (``C``, ``ui/screens/columns.py``) offers every field
and custom attribute (``column_catalog``)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.message import Message
from textual.widget import Widget

from rostertui.domain import prefs
from rostertui.domain.attributes import attribute_names
from rostertui.domain.roster_view import View
from rostertui.ui.services import Refusal, call
from rostertui.ui.tabs.column_catalog import (
    ATTRIBUTE_KINDS,
    TabColumns,
    every_column,
    shown_attributes,
)

if TYPE_CHECKING:
    from rostertui.domain.actor import Actor
    from rostertui.domain.roster_view import RosterQuery
    from rostertui.ui.widgets.roster_table import Column, RosterTable

__all__ = ["ChoosesColumns"]


class ChoosesColumns(Widget):
    """The column half of :class:`~rostertui.ui.tabs.base.RosterTab`: it reads the custom
    attributes and the stored layout in workers, applies a layout to the table, opens the
    chooser and saves what it returns."""

    VIEW: ClassVar[View]
    NOUN: ClassVar[tuple[str, str]]
    sort: str
    column_set: TabColumns
    table: RosterTable
    operator: Actor

    def columns(self) -> list[Column]:
        """Each tab lists its table's own columns, in their default order."""
        raise NotImplementedError(f"{type(self).__name__} must define its columns")

    def build_query(self) -> RosterQuery:
        """The query of the rows on show (the tab, a RosterTab, builds it)."""
        raise NotImplementedError(f"{type(self).__name__} must say how its rows are queried")

    def init_columns(self) -> None:
        self.column_set = TabColumns(self.columns(), self.VIEW)
        self._layout_generation = 0  # bumped when the admin applies a layout
        self._save_lock = threading.Lock()  # layout saves run one at a time, newest last

    def _columns_refused(self, text: str) -> None:
        self.app.notify(text, title="Refused", severity="error", timeout=10)

    @dataclass
    class ColumnsLoaded(Message):
        """The custom attributes and the operator's stored column layout (None: keep the
        layout on show) were read (``generation`` as when asked)."""

        tab: Widget
        attributes: list[str]
        layout: prefs.ColumnLayout | None
        generation: int


    _layout_read = False  # the stored layout was applied once

    @work(thread=True, exclusive=True, group="columns", exit_on_error=False)
    def _load_columns(self, actor: Any, generation: int, *, with_layout: bool) -> None:
        """Read the custom attributes (their columns can be shown) and, at start, the
        operator's layout, which may name them."""
        try:
            names = call(attribute_names, ATTRIBUTE_KINDS.get(self.VIEW))
            layout = None
            if with_layout:
                keys = [c.key for c in every_column(self.column_set.own, self.VIEW, names)]
                layout = call(prefs.load_columns, actor, self.VIEW.value, keys,
                              self.column_set.default_keys)
        except Refusal as exc:
            self.app.call_from_thread(self._columns_refused, f"Column layout not read: {exc}")
            return
        self.post_message(self.ColumnsLoaded(self, names, layout, generation))

    @on(ColumnsLoaded)
    def _columns_loaded(self, event: ColumnsLoaded) -> None:
        event.stop()
        if event.generation != self._layout_generation:  # overtaken by an apply
            return
        self.column_set.know_attributes(event.attributes)
        if event.layout is not None:
            self._layout_read = True
            self.show_columns(event.layout)
        else:
            self.show_columns(self.column_set.layout)

    @property
    def column_layout(self) -> prefs.ColumnLayout:
        return list(self.column_set.layout)

    def show_columns(self, layout: prefs.ColumnLayout) -> None:
        """Show the visible columns of ``layout`` in its order. Rows, marks, the search
        and the sort stay as they are: nothing is read again, unless a custom attribute's
        column is shown that the rows on show do not carry."""
        self.column_set.apply(layout)
        self.table.set_columns(self.column_set.visible())
        self.read_shown_attributes()

    def read_shown_attributes(self) -> bool:
        """Read the rows again when a custom attribute is shown whose values the rows on
        show lack (a layout applied while the first rows were on their way, or an added
        column); True when it does."""
        table = self.table
        query = table.query_value
        if query is None or set(shown_attributes(table.columns)) <= set(query.attributes):
            return False
        table.load(self.build_query(), keep_position=True)
        return True

    def action_columns(self) -> None:
        from rostertui.ui.screens.columns import ColumnChoice, ColumnsScreen

        columns = self.column_set
        current = [ColumnChoice(k, columns.label(k), v) for k, v in columns.layout]
        default = [ColumnChoice(k, columns.label(k), v) for k, v in columns.default_layout()]
        sorted_by = frozenset(c.key for c in columns.all if c.sort == self.sort)
        title = f"Columns of the {self.NOUN[1].title()} table"
        self.app.push_screen(ColumnsScreen(title, current, default, sorted_by=sorted_by,
                                           sortable=columns.sortable()),
                             self._columns_chosen)

    def _columns_chosen(self, layout: list[tuple[str, bool]] | None) -> None:
        if layout is None or layout == self.column_layout:
            return
        self._layout_generation += 1
        self.show_columns(layout)
        self._save_columns(self.operator, self.column_layout, self.column_set.keys,
                           self._layout_generation)
        if not any(c.sort == self.sort for c in self.table.columns):
            label = self.column_set.sort_label(self.sort)
            self.app.notify(f"Still sorted by {label}, which is hidden; s sorts by a "
                            "column on show", timeout=6)

    @work(thread=True, group="columns-save", exit_on_error=False)
    def _save_columns(self, actor: Any, layout: prefs.ColumnLayout, keys: list[str],
                      generation: int) -> None:
        """Remember the layout applied as ``generation``. Two quick applies start two of
        these: the lock lets one save at a time, and a save overtaken by a later apply is
        skipped, so the layout remembered is always the last one applied."""
        try:
            with self._save_lock:
                if generation != self._layout_generation:
                    return  # a later layout was applied: its own save remembers it
                call(prefs.save_columns, actor, self.VIEW.value, layout, keys)
        except Refusal as exc:
            self.app.call_from_thread(self._columns_refused, f"Column layout not saved: {exc}")

