"""How a :class:`~rostertui.ui.widgets.scroll_table.ScrollTable` line reaches the screen:
what every line of one paint depends on, and the cropping that keeps the lead frozen
while the columns scroll."""

from __future__ import annotations

from typing import NamedTuple

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip


class Paint(NamedTuple):
    base: Style
    cursor: Style
    placeholder: Style
    scroll_x: int
    width: int
    lead: int
    layout_version: int
    cell_cursor: Style


def line_strip(console: Console, line: Text, style: Style, paint: Paint, *,
                scrolled: bool = True, cell: tuple[int, int] | None = None) -> Strip:
    """One line as on screen: the lead as it is, the columns from the scroll offset
    (``scrolled`` False: the whole line from its start, as for a placeholder), and the
    cells ``cell`` (start, end) drawn as the cursor's cell, over their own styles."""
    whole = Strip(list(line.render(console)))
    if cell is not None:
        start, end = cell
        middle = Segment.apply_style(whole.crop(start, end), post_style=paint.cell_cursor)
        whole = Strip.join([whole.crop(0, start), Strip(middle), whole.crop(end)])
    x = paint.scroll_x if scrolled else 0
    if x and paint.lead:
        lead = paint.lead
        whole = Strip.join([whole.crop_extend(0, lead, None),
                            whole.crop_extend(lead + x, x + paint.width, None)])
        x = 0
    strip = whole.crop_extend(x, x + paint.width, None)
    return strip.apply_style(style) if style else strip


__all__ = ["Paint", "line_strip"]
