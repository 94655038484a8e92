"""The column cursor of a :class:`~rostertui.ui.widgets.scroll_table.ScrollTable`: which
scrolling column the cursor is on (←/→, or a click), its cell's place on a line, and the
sideways scrolling, by whole columns, that keeps that column in sight past the frozen lead.
Mixed into the table base, which holds the ``cursor_column`` reactive and posts
``ColumnHighlighted``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class ColumnCursor:
    """Mixed into the table base, before ScrollView (see the module's text)."""

    # what these methods use of the table
    cursor_column: int
    cursor_row: int
    scroll_x: float
    lead_width: int
    scrollable_content_region: Any

    def column_widths(self) -> Sequence[int]:
        raise NotImplementedError

    def column_starts(self) -> list[int]:
        raise NotImplementedError

    def column_key(self, index: int) -> str:
        raise NotImplementedError

    @property
    def first_column(self) -> int:
        """The index of the first scrolling column on show (wholly or cut at its left)."""
        x = round(self.scroll_x)
        return max(sum(1 for start in self.column_starts() if start <= x) - 1, 0)

    def current_column(self) -> str | None:
        """The key of the column under the cursor (None: the table has no columns)."""
        if self.cursor_column < len(self.column_widths()):
            return self.column_key(self.cursor_column)
        return None

    def move_column(self, index: int) -> None:
        """Put the cursor on scrolling column ``index`` (kept within the columns)."""
        count = len(self.column_widths())
        if count:
            self.cursor_column = max(0, min(index, count - 1))

    def watch_cursor_column(self, old: int, new: int) -> None:
        self._scroll_column_into_view()
        self.refresh_line(self.cursor_row + 1)  # row i is virtual line i + 1
        self.post_message(self.ColumnHighlighted(self, new, self.current_column()))

    def cursor_cell_span(self) -> tuple[int, int] | None:
        """Where the cursor's cell stands on a line, in cells from the line's start
        (before scrolling): the lead and every column before it come first."""
        widths = self.column_widths()
        if self.cursor_column >= len(widths):
            return None
        start = self.lead_width + self.column_starts()[self.cursor_column]
        return start, start + widths[self.cursor_column]

    def _scroll_column_into_view(self) -> None:
        """Scroll sideways, by whole columns, until the cursor's column shows whole (or
        starts just after the lead, when it is wider than the room there is)."""
        widths, starts = self.column_widths(), self.column_starts()
        if self.cursor_column >= len(widths):
            return
        start = starts[self.cursor_column]
        end = start + widths[self.cursor_column] + 1
        x = round(self.scroll_x)
        room = self.scrollable_content_region.width - self.lead_width
        if start < x:
            x = start
        elif end > x + room:
            # the first column start that lets the cursor's column end in sight
            x = min([s for s in starts if s >= end - room] + [start])
        else:
            return
        self.scroll_to(x=x, animate=False, immediate=True)

    def action_column_right(self) -> None:
        self.move_column(self.cursor_column + 1)

    def action_column_left(self) -> None:
        self.move_column(self.cursor_column - 1)

    def column_at(self, x: int) -> int | None:
        """The index of the scrolling column at ``x`` cells from the table's left edge
        (None: in the lead or past the last column)."""
        lead = self.lead_width
        if x < lead:
            return None
        x = x - lead + round(self.scroll_x)
        for i, (start, width) in enumerate(zip(self.column_starts(), self.column_widths(),
                                               strict=True)):
            if start <= x < start + width + 1:
                return i
        return None


__all__ = ["ColumnCursor"]
