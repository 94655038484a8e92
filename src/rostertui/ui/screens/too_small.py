"""Below 80x24, a plain sentence instead of a broken layout; the app returns when the
terminal is large enough again.

:func:`guard_size` runs when the app starts and on every resize: it puts a
:class:`TooSmallScreen` over whatever is showing (login, tabs, a dialog) and takes it away
once the terminal is back to :data:`MIN_WIDTH` x :data:`MIN_HEIGHT`, with everything
under it as it was.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Center, Middle
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Static

MIN_WIDTH, MIN_HEIGHT = 80, 24


def too_small_text(size: Size) -> str:
    return (f"The terminal is {size.width}×{size.height}; rostertui needs at least "
            f"{MIN_WIDTH}×{MIN_HEIGHT}. Make the window larger, or press ctrl+q to quit.")


class TooSmallScreen(Screen[None]):
    """Covers the app while the terminal is smaller than 80x24; only ctrl+q works here."""

    DEFAULT_CSS = """
    TooSmallScreen {
        align: center middle;
        & Static { width: auto; max-width: 100%; padding: 0 1; text-align: center; }
    }
    """
    BINDINGS = [Binding("ctrl+q", "app.quit", "Quit", id="quit")]

    def __init__(self, size: Size) -> None:
        super().__init__()
        self._size = size

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Static(too_small_text(self._size), id="too-small", markup=False)

    def show_size(self, size: Size) -> None:
        self._size = size
        self.query_one("#too-small", Static).update(too_small_text(size))

    def on_screen_resume(self) -> None:
        # a screen pushed on top while the terminal was small was closed: look again
        if fits(self.app.size):
            self.dismiss()


def fits(size: Size) -> bool:
    return size.width >= MIN_WIDTH and size.height >= MIN_HEIGHT


def guard_size(app: App, size: Size) -> None:
    """Show or take away the too-small screen for a terminal of ``size``."""
    if not app.is_running or not app.screen_stack:
        return
    top = app.screen
    if fits(size):
        if isinstance(top, TooSmallScreen):
            top.dismiss()
    elif not isinstance(top, TooSmallScreen):
        app.push_screen(TooSmallScreen(size))
    else:
        top.show_size(size)


__all__ = ["MIN_HEIGHT", "MIN_WIDTH", "TooSmallScreen", "guard_size", "too_small_text"]
