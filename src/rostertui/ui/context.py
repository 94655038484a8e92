"""What the app's screens and tabs need to know, made once by ``make_app`` and passed in.

Nothing in the UI looks these up on the App object or on a parent screen: a tab or a
dialog is given the :class:`AppContext` (or the one value it needs) when it is built.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from rostertui.config import Config
from rostertui.domain.actor import Actor
from rostertui.ui.import_controller import ImportLaunchOptions

# How the Import tab starts (``rostertui import FILE --ui``, the tests): its file, folder and
# options, as the Import tab's controller defines them.
ImportStart = ImportLaunchOptions


@dataclass(frozen=True)
class AppContext:
    database: str  # the database the app opened (a path or a URL)
    config: Config
    org_name: str = ""  # as read when the app was built
    operator: Actor | None = None  # None until someone has logged in
    import_start: ImportStart = field(default_factory=ImportStart)

    def logged_in(self, operator: Actor) -> AppContext:
        return replace(self, operator=operator)

    @property
    def actor(self) -> Actor:
        """The logged-in operator: every change is recorded against them."""
        if self.operator is None:
            raise RuntimeError("no operator has logged in")
        return self.operator
