"""The Import tab's loading of a file: read, check and plan it in a worker
(``import_work.load``) with the options as set and the command line's fixes, asking for a
workbook's sheet first when it has several; then show it, or, when its header is refused,
say how it was read and offer the mapping."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rostertui.ui.tabs import import_files as files
from rostertui.ui.tabs import import_text as text
from rostertui.ui.tabs import import_work as work

if TYPE_CHECKING:
    from rostertui.ui.tabs.import_tab import ImportTab


def load(tab: ImportTab, path: str, mapping: dict[str, str] | None = None, *,
         sheet: str | None = None) -> None:
    """Read, check and plan ``path`` in a worker, its headers mapped by ``mapping``
    (default: as given on the command line), then as this operator chose before; a
    workbook's ``sheet`` (a workbook with several sheets and none named: asked first)."""
    controller = tab.controller
    try:
        options = controller.with_triage(tab.options_bar.options(
            controller.preset_mapping if mapping is None else mapping), path=path,
            sheet=sheet)
    except ValueError as exc:
        tab.status.say(f"Tags to add to every row: {exc}", error=True)
        tab.options_bar.focus_tags()
        return
    if sheet is None and options.sheet is None and files.wants_sheet(path):
        files.list_sheets(tab, path, lambda chosen: load(tab, path, mapping,
                                                          sheet=chosen or ""))
        return
    generation = controller.start_load(path)
    tab.path_bar.show_path(path)
    tab.start_work(f"Reading and checking {Path(path).name}…")
    work.load(tab, generation, path, options, controller.operator)


def checked(tab: ImportTab, event: work.FileChecked) -> None:
    """A load or a check again is done: show the file (keeping the cursor's row when it is
    the same file), or say why its header was refused."""
    controller, result = tab.controller, event.checked
    if not controller.finish(event.generation):
        return
    for note in result.notes:
        tab.app.notify(note, title="Mapping", severity="warning", timeout=8, markup=False)
    shown = tab.table.current_row if result.same_file and tab.session else None
    controller.show(result)
    tab.status.stop()
    session = controller.session
    if session is None:  # refused by its header: show how it was read, to map it
        refused = result.session
        mappable = not refused.rows and bool(refused.file.records)
        tab.status.say(text.describe_refusal(refused, mappable), error=True)
        if mappable:
            tab.action_mapping()
        return
    if not result.same_file and session.parked_id is not None:  # resumed
        tab.path_bar.show_path(session.name)
        tab.options_bar.show(session.options)
    tab.status.say(text.describe_file(session))
    tab.swap(session, keep=shown.number if shown else None)
    tab.column_fixes.say_dates(session, new_file=not result.same_file)
    tab.body.show_preview()
    tab.table.focus()


__all__ = ["checked", "load"]
