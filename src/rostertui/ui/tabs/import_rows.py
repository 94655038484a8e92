"""The Import tab's row choices (space, m, A, M): which rows the commit writes and which
users get an email. Memory only, on the UI thread: the controller flips the flags and keeps
the counts; the tab draws the rows again and says what changed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rostertui.importing.rows import ERROR

if TYPE_CHECKING:
    from rostertui.ui.tabs.import_tab import ImportTab


def toggle_include(tab: ImportTab) -> None:
    row = tab.table.current_row
    if row is not None and row.action == ERROR:
        tab.app.notify(f"Row {row.number} has errors; fix them first (e)",
                       severity="warning", timeout=4)
    elif row is not None and tab.controller.toggle_include(row):
        tab.rows_changed()


def toggle_email(tab: ImportTab) -> None:
    row = tab.table.current_row
    if row is not None and tab.controller.toggle_email(row):
        tab.rows_changed()


def include_all(tab: ImportTab) -> None:
    if tab.controller.include_all():
        tab.rows_changed()
        tab.app.notify("Every valid row is included", timeout=3)


def email_all(tab: ImportTab) -> None:
    send = tab.controller.email_all()
    if send is not None:
        tab.rows_changed()
        tab.app.notify("Every row is marked for an email" if send
                       else "No row is marked for an email", timeout=3)
