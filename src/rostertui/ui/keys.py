"""The keys as data. The help screen and the command palette are built here from the LIVE
bindings of a screen (its focused widget, that widget's ancestors, the screen and the app,
with the user's keymap applied and ``check_action`` asked); nothing lists a key by hand.

Every ``Binding`` rostertui declares carries ``id=`` equal to its action's name (for an
action with arguments, the name and the argument: ``show_tab_clients``), so one line of
``[keymap]`` in config.toml remaps it wherever it is bound.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen


@dataclass(frozen=True)
class KeyEntry:
    """One action reachable by a key, where it is bound and whether it applies now."""

    section: str  # where the binding lives: "Clients tab", "Everywhere", "This dialog"
    action: str  # as it runs in ``node``: "add", "show_tab('clients')"
    description: str
    keys: tuple[str, ...]  # as displayed: ("⏎", "a")
    enabled: bool  # False: check_action says it does not apply now (shown greyed)
    tooltip: str
    node: DOMNode  # the namespace the action runs in
    binding_id: str | None
    ours: bool  # declared by rostertui (not one of Textual's own editing keys)
    show: bool = True  # the binding asks to be shown in the key bar
    position: int = 0  # the binding's place among its node's bindings (declaration order)
    raw_keys: tuple[str, ...] = ()  # as bound: ("enter", "a")

    @property
    def key_text(self) -> str:
        return ", ".join(self.keys)


def live_keys(screen: Screen) -> list[KeyEntry]:
    """The keys that work on ``screen`` now, most specific first (the focused widget's own,
    then its ancestors', then the app's), one entry per action of a node."""
    app = screen.app
    found: dict[tuple[DOMNode, str], KeyEntry] = {}
    for position, active in enumerate(screen.active_bindings.values()):
        binding = active.binding
        if binding.system or not binding.description:
            continue
        shown = binding.key_display or app.get_key_display(binding)
        where = (active.node, binding.action)
        entry = found.get(where)
        if entry is not None:
            if shown not in entry.keys:
                found[where] = _with_key(entry, shown, binding.key)
            continue
        found[where] = KeyEntry(
            section_title(active.node), binding.action, binding.description, (shown,),
            active.enabled, binding.tooltip, active.node, binding.id,
            binding.id is not None or binding.action in _declared_actions(type(active.node)),
            binding.show, position, (binding.key,))
    return list(found.values())


def _with_key(entry: KeyEntry, key: str, raw: str) -> KeyEntry:
    from dataclasses import replace

    return replace(entry, keys=(*entry.keys, key), raw_keys=(*entry.raw_keys, raw))


def types_a_character(key: str) -> bool:
    """A key a text field takes as a character (``n``, ``?``, ``slash``, ``space``): bound
    elsewhere, it cannot fire while a text field has focus."""
    from textual.keys import REPLACED_KEYS, key_to_character

    character = key_to_character(REPLACED_KEYS.get(key, key)) or key_to_character(key)
    return character is not None and character.isprintable()


def section_title(node: DOMNode) -> str:
    """What the help calls the place a binding lives: a class's ``KEYS_TITLE``, else "This
    dialog" / "This screen", else its class name in words ("Selection list")."""
    title = getattr(type(node), "KEYS_TITLE", None)
    if isinstance(title, str):
        return title
    if isinstance(node, Screen):
        return "This dialog" if node.is_modal else "This screen"
    words = re.sub(r"(?<!^)(?=[A-Z])", " ", type(node).__name__).lower()
    return words[:1].upper() + words[1:]


def _declared_actions(cls: type) -> frozenset[str]:
    """The actions bound by rostertui's own classes in ``cls``'s hierarchy."""
    actions: set[str] = set()
    for klass in cls.__mro__:
        if klass.__module__.startswith("rostertui."):
            for binding in klass.__dict__.get("BINDINGS", ()):
                actions.add(binding.action if isinstance(binding, Binding) else binding[1])
    return frozenset(actions)


def binding_id_for(action: str) -> str:
    """The id a binding of ``action`` carries: the action's name without its namespace,
    with its arguments appended for an action that takes some (``show_tab_clients``)."""
    name, _, args = action.partition("(")
    name = name.rpartition(".")[2]
    args = re.sub(r"\W+", "_", args.rstrip(")")).strip("_")
    return f"{name}_{args}" if args else name


def declared_bindings() -> list[tuple[type, Binding]]:
    """Every Binding declared by a class of ``rostertui.ui``, with its class."""
    import rostertui.ui

    found: list[tuple[type, Binding]] = []
    for info in pkgutil.walk_packages(rostertui.ui.__path__, "rostertui.ui."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if isinstance(value, type) and value.__module__ == info.name:
                for klass in _nested(value):
                    for binding in klass.__dict__.get("BINDINGS", ()):
                        if isinstance(binding, Binding):
                            found.append((klass, binding))
    return found


def _nested(cls: type) -> Iterable[type]:
    yield cls
    for value in vars(cls).values():
        if isinstance(value, type) and value.__module__ == cls.__module__ \
                and value.__qualname__.startswith(cls.__qualname__ + "."):
            yield from _nested(value)


def unknown_binding_ids(keymap: Mapping[str, str]) -> list[str]:
    """The ids of ``keymap`` that no binding carries (a typo in config.toml)."""
    if not keymap:
        return []
    known = {binding.id for _, binding in declared_bindings() if binding.id}
    return sorted(k for k in keymap if k not in known)
