"""The bottom line: the keys of what has focus, the most used first, each one whole, ending
with "? more" when some did not fit (the help key shows them all).

Built from the LIVE bindings (``keys.live_keys``: the user's keymap applied, ``check_action``
asked), so a remapped key shows as remapped. The order is data, not a list kept by hand:

1. the owner of the keys first: a modal dialog's own bindings, or the tab's (the widget
   directly inside a ``TabPane``) own bindings, in the order its class declares them,
   except that the binding ids a class names in ``KEY_BAR_FIRST`` lead (the Import tab's
   Commit and History, which the flow of an import needs and a narrow bar would drop);
2. then the focused widget's own bindings (marking rows);
3. then bindings a class inherits (search, sort, …), the main screen's, and the app's.

A binding ``check_action`` greys out is left out: it does nothing now, and the room is
better spent on one that does.

While a text field (an ``Input`` or ``TextArea``) has focus, a key it types (``n``, ``?``,
``/``) fires nothing, so the bar shows what works there instead: Enter (what the field or a
widget around it calls it, ``KEY_BAR_ENTER``: "Save", "Search", "Log in"; a ``TextArea``
takes Enter as a new line), Escape, Tab and shift+Tab to move between fields, the other
keys that are not characters (^s, ^q), and the help's key only where one reaches it (F1).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, TabPane, TextArea

from rostertui.ui.keys import KeyEntry, live_keys, types_a_character

HELP_ACTION = "help"  # the app's key for every key; it ends the bar as "? more"
GAP = "  "  # between two entries


@dataclass(frozen=True)
class BarItem:
    key: str
    description: str

    @property
    def width(self) -> int:
        return cell_len(self.key) + 1 + cell_len(self.description)


def _own_actions(cls: type) -> frozenset[str]:
    """The actions ``cls`` itself declares (not those it inherits)."""
    return frozenset(b.action if isinstance(b, Binding) else b[1]
                     for b in cls.__dict__.get("BINDINGS", ()))


def _tier(node: DOMNode, action: str) -> int:
    if isinstance(node, App):
        tier = 5
    elif isinstance(node, Screen):
        tier = 0 if node.is_modal else 4
    elif isinstance(node.parent, TabPane):
        tier = 0  # a tab: its own actions are what the bar is for
    else:
        tier = 1
    return tier if action in _own_actions(type(node)) else tier + 2


def _declared_position(cls: type, action: str) -> int:
    """Where ``action`` is declared among the bindings of ``cls`` (its own, then its
    bases'): the order the class wrote, whatever key the keymap gave it."""
    n = 0
    for klass in cls.__mro__:
        for binding in klass.__dict__.get("BINDINGS", ()):
            if (binding.action if isinstance(binding, Binding) else binding[1]) == action:
                return n
            n += 1
    return n


def _lead(entry: KeyEntry) -> int:
    first: tuple[str, ...] = getattr(type(entry.node), "KEY_BAR_FIRST", ())
    return first.index(entry.binding_id) if entry.binding_id in first else len(first)


def bar_entries(screen: Screen) -> tuple[list[KeyEntry], KeyEntry | None]:
    """(the entries to show, most used first; the help entry) for ``screen`` now."""
    entries = [e for e in live_keys(screen) if e.show and e.enabled and e.description]
    help_entry = next((e for e in entries
                       if e.action == HELP_ACTION and isinstance(e.node, App)), None)
    rest = [e for e in entries if e is not help_entry]
    rest.sort(key=lambda e: (_tier(e.node, e.action), _lead(e),
                             _declared_position(type(e.node), e.action), e.position))
    return rest, help_entry


def fit_items(items: list[BarItem], width: int, more_key: str | None,
              help_text: str = "Help") -> tuple[list[BarItem], BarItem | None]:
    """The items that fit whole on ``width`` cells, in order (the first that does not fit
    ends the list), and the closing "? more" (or "? Help" when all fit)."""
    closing_all = BarItem(more_key, help_text) if more_key else None
    closing_more = BarItem(more_key, "more") if more_key else None

    def total(chosen: list[BarItem], closing: BarItem | None) -> int:
        parts = [*chosen, closing] if closing else chosen
        return sum(i.width for i in parts) + cell_len(GAP) * max(len(parts) - 1, 0)

    if total(items, closing_all) <= width:
        return items, closing_all
    chosen: list[BarItem] = []
    for item in items:
        if total([*chosen, item], closing_more) > width:
            break
        chosen.append(item)
    return chosen, closing_more


def enter_text(field: Widget) -> str | None:
    """What Enter does in the text field ``field``: the ``KEY_BAR_ENTER`` of the field or
    of the nearest widget or screen around it that says; None in a ``TextArea`` (a new
    line) or where nothing says."""
    if isinstance(field, TextArea):
        return None
    for node in field.ancestors_with_self:
        text = getattr(node, "KEY_BAR_ENTER", None)
        if isinstance(text, str):
            return text
    return None


def _key_shown(entry: KeyEntry) -> str | None:
    """The first of ``entry``'s keys that a text field does not type, as displayed."""
    for shown, raw in zip(entry.keys, entry.raw_keys, strict=False):
        if not types_a_character(raw):
            return shown
    return None


def text_field_items(field: Widget, entries: list[KeyEntry], help_entry: KeyEntry | None
                     ) -> tuple[list[BarItem], str | None]:
    """(the items, the help's key or None) while the text field ``field`` has focus."""
    app = field.app
    usable = [(key, e) for e in entries if (key := _key_shown(e)) is not None]
    items: list[BarItem] = []
    enter = enter_text(field)
    if enter and not any("enter" in e.raw_keys for _, e in usable):
        items.append(BarItem(app.get_key_display(Binding("enter", "")), enter))
    items += [BarItem(key, e.description) for key, e in usable if "escape" in e.raw_keys]
    if getattr(field, "TAB_MOVES_FOCUS", True):  # a cell's own field saves on Tab
        items += [BarItem(app.get_key_display(Binding("tab", "")), "Next field"),
                  BarItem(app.get_key_display(Binding("shift+tab", "")), "Previous")]
    items += [BarItem(key, e.description) for key, e in usable if "escape" not in e.raw_keys]
    return items, _key_shown(help_entry) if help_entry is not None else None


class KeyBar(Widget):
    """The keys of what has focus, on one line that fits (see the module's docstring)."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        background: $footer-background;
        color: $footer-description-foreground;
        padding: 0 1;
    }
    KeyBar > .key-bar--key {
        color: $footer-key-foreground;
        text-style: bold;
    }
    """
    COMPONENT_CLASSES = {"key-bar--key"}

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: Screen) -> None:
        self.refresh()

    def items(self) -> tuple[list[BarItem], BarItem | None]:
        """What the bar shows at its width now (tests read this too)."""
        entries, help_entry = bar_entries(self.screen)
        focused = self.screen.focused
        if isinstance(focused, (Input, TextArea)):
            items, more_key = text_field_items(focused, entries, help_entry)
        else:
            items = [BarItem(e.keys[0], e.description) for e in entries]
            more_key = help_entry.keys[0] if help_entry else None
        return fit_items(items, self.content_region.width or self.size.width, more_key,
                         help_entry.description if help_entry else "Help")

    def render(self) -> Text:
        chosen, closing = self.items()
        key_style = self.get_component_rich_style("key-bar--key")
        text = Text(no_wrap=True, overflow="crop", end="")
        for n, item in enumerate([*chosen, closing] if closing else chosen):
            if n:
                text.append(GAP)
            text.append(item.key, key_style)
            text.append(" " + item.description)
        return text


def add_key_bar(screen: Screen) -> None:
    """Give ``screen`` (a dialog, which composes none itself) a key bar at its bottom."""
    if screen.is_attached and not screen.query(KeyBar):
        screen.mount(KeyBar())
