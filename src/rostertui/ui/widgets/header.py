"""The main screen's top line: the organization, the operator and the seats, fitted to the
terminal's width.

The seat count is never shortened. When the line does not fit, the organization and the
operator are shortened (the longer one first, each ending in "…"); on a terminal too narrow
for both at a readable length, the operator goes, then the organization. Everything shown
came from users' typing, so it is plain text with control characters made visible.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

from rostertui.ui.widgets.inert import inert_str

SEP = "  ·  "  # between the organization and the operator
GAP = 3  # at least this many spaces before the seats
DEMO = " (demo)"
MIN_PART = 8  # narrower than this, a name says nothing: leave it out instead


def _cut(text: str, width: int) -> str:
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    cut = Text(text)
    cut.truncate(width - 1)
    return cut.plain + "…"


def fit_header(width: int, org: str, operator: str, seats: str, *,
               demo: bool = False) -> tuple[str, str, str]:
    """(organization, operator, seats) as they fit on ``width`` cells with the separator and
    the gap before the seats. ``seats`` comes back whole; an empty organization or operator
    means it was left out."""
    suffix = DEMO if demo else ""
    room = width - cell_len(seats) - cell_len(SEP) - GAP - cell_len(suffix)
    lo, lp = cell_len(org), cell_len(operator)
    if lo + lp > room:
        half = room // 2
        if lo <= half:
            lp = room - lo
        elif lp <= half:
            lo = room - lp
        else:
            lo, lp = room - half, half
    if lp < min(MIN_PART, cell_len(operator)):  # no room: the organization takes its place
        lo, lp = min(cell_len(org), lo + max(lp, 0) + cell_len(SEP)), 0
    if lo < min(MIN_PART, cell_len(org)):
        lo = 0
    org_shown = _cut(org, lo) + suffix if lo else ""
    return org_shown, _cut(operator, lp) if lp else "", seats


class RosterHeader(Widget):
    """One line: organization · operator · seats (right-aligned), fitted to the width."""

    DEFAULT_CSS = """
    RosterHeader {
        dock: top;
        height: 1;
        background: $panel;
        color: $foreground;
        padding: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._org, self._operator, self._seats, self._demo = "", "", "", False

    def show(self, org: str, operator: str, seats: str, *, demo: bool = False) -> None:
        self._org, self._operator = inert_str(org), inert_str(operator)
        self._seats, self._demo = seats, demo
        self.refresh()

    @property
    def text(self) -> str:
        """What the line says at its current width (tests read it)."""
        return self.render().plain

    def render(self) -> Text:
        width = self.size.width  # inside the padding
        org, operator, seats = fit_header(width, self._org, self._operator, self._seats,
                                          demo=self._demo)
        line = Text(no_wrap=True, overflow="crop", end="")
        line.append(org, style="bold")
        if operator:
            line.append(SEP if org else "")
            line.append(operator)
        used = cell_len(line.plain) + cell_len(seats)
        line.append(" " * max(width - used, GAP if line.plain else 0))
        line.append(seats, style="bold")
        return line


__all__ = ["RosterHeader", "fit_header"]
