"""The Import tab's questions to the admin: each opens its modal over the app and calls
``then`` with a usable answer (nothing when the admin cancels). They hold the dialogs' words;
the tab decides what an answer does."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App

from rostertui.domain.actor import Actor
from rostertui.importing.engine import ImportSession
from rostertui.importing.rows import Row
from rostertui.ui.tabs.import_text import describe_commit_question


def ask_mapping(app: App, source: ImportSession,
                then: Callable[[dict[str, str], dict[str, str]], None]) -> None:
    """How each header maps; ``then(mapping, changes)`` when the admin changed any."""
    from rostertui.ui.screens.import_mapping import MappingScreen

    def chosen(result: tuple[dict[str, str], dict[str, str]] | None) -> None:
        if result and result[1]:
            then(*result)

    app.push_screen(MappingScreen(source), chosen)


def ask_fix(app: App, session: ImportSession, row: Row,
            then: Callable[[dict[int, str]], None]) -> None:
    """Every cell of ``row``; ``then(cells)`` with the cells that changed."""
    from rostertui.ui.screens.import_fix import FixRowScreen

    def fixed(cells: dict[int, str] | None) -> None:
        if cells:
            then(cells)

    app.push_screen(FixRowScreen(session, row), fixed)


def ask_export_path(app: App, default: str, then: Callable[[str], None]) -> None:
    """Where to write the rows with errors; ``then(path)``."""
    from rostertui.ui.screens.import_fix import PathScreen

    def chosen(path: str | None) -> None:
        if path:
            then(path)

    app.push_screen(PathScreen("Export the rows with errors",
                               "Their cells as read plus an errors column; fix them and "
                               "import the file again.", default), chosen)


def ask_replace(app: App, path: str, then: Callable[[], None]) -> None:
    """``path`` exists: ``then()`` when the admin says to replace it."""
    from rostertui.ui.screens.confirm import ConfirmScreen

    def confirmed(yes: bool | None) -> None:
        if yes:
            then()

    app.push_screen(ConfirmScreen("Replace the file?", f"{path} already exists. Replace it "
                                  "with the rows with errors?", confirm_label="Replace"),
                    confirmed)


def ask_commit(app: App, session: ImportSession, then: Callable[[], None]) -> None:
    """What a commit would do; ``then()`` when the admin confirms."""
    from rostertui.ui.screens.confirm import ConfirmScreen

    def confirmed(yes: bool | None) -> None:
        if yes:
            then()

    app.push_screen(ConfirmScreen("Commit this import?", describe_commit_question(session),
                                  confirm_label="Import"), confirmed)


def show_history(app: App, operator: Actor, then: Callable[[], None]) -> None:
    """Past imports, with undo; ``then()`` when an undo changed the roster."""
    from rostertui.ui.screens.import_history import HistoryScreen

    def closed(changed: bool | None) -> None:
        if changed:
            then()

    app.push_screen(HistoryScreen(operator), closed)
