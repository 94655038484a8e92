"""A check box whose tick is a glyph, not only a colour: "✓" when on, blank when off.

Textual's Checkbox draws "X" either way and tells the states apart by colour alone, which a
monochrome terminal, a colour-blind admin or a screen reader cannot see."""

from __future__ import annotations

from textual.widgets import Checkbox

ON, OFF = "✓", " "


class TickBox(Checkbox):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.BUTTON_INNER = ON if self.value else OFF

    def watch_value(self) -> None:
        self.BUTTON_INNER = ON if self.value else OFF
        super().watch_value()
        self.refresh()
