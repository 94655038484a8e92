"""A selection list whose ticks are glyphs, not only colours: "✓" beside a chosen line,
blank beside the others, as :class:`~rostertui.ui.widgets.tick_box.TickBox` does for a check
box. Textual's SelectionList draws "X" beside every line and tells them apart by colour
alone, which a monochrome terminal, a colour-blind admin or a screen reader cannot see."""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import SelectionList
from textual.widgets.option_list import OptionDoesNotExist

from rostertui.ui.widgets.tick_box import OFF, ON


class TickList(SelectionList[str]):
    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        try:
            selection = self.get_option_at_index(int(self.scroll_offset.y) + y)
        except OptionDoesNotExist:
            return strip
        segments = list(strip)
        if len(segments) < 2:
            return strip
        inner = segments[1]  # the button: left side, inner glyph, right side, then the prompt
        glyph = ON if selection.value in self.selected else OFF
        segments[1] = Segment(glyph, inner.style, inner.control)
        return Strip(segments, strip.cell_length)
