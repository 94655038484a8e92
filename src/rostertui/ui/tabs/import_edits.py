"""The Import tab's edits to a loaded file: the header mapping panel, the inline fix of a
row, and which rows are included and emailed. A part of
:class:`~rostertui.ui.tabs.import_tab.ImportTab`, kept apart by concern."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from textual import on, work
from textual.containers import Vertical
from textual.message import Message

from rostertui.domain import prefs
from rostertui.importing import mapping as header_map
from rostertui.importing.engine import ImportOptions, ImportSession
from rostertui.importing.rows import ERROR, Row
from rostertui.ui.services import Refusal, call
from rostertui.ui.tabs.import_text import plural


class ImportEdits(Vertical):
    """Mapping, fixing and the include/email toggles; the tab provides the session, the table,
    the status line and ``_changed``."""

    @dataclass
    class _Fixed(Message):
        session: ImportSession
        rows: list[Row]

    # --- include and email ------------------------------------------------------

    def action_toggle_include(self) -> None:
        session, row = self.session, self.table.current_row
        if session is None or row is None or row.action == ERROR:
            return
        session.set_included(row, not row.include)
        self._changed()

    def action_toggle_email(self) -> None:
        session, row = self.session, self.table.current_row
        if session is None or row is None:
            return
        session.set_send_email(row, not row.send_email)
        self._changed()

    def action_include_all(self) -> None:
        if self.session is not None:
            self.session.set_all_included(True)
            self._changed()
            self.app.notify("Every valid row is included", timeout=3)

    def action_email_all(self) -> None:
        session = self.session
        if session is None:
            return
        writing = [r for r in session.rows if r.writes]
        send = not writing or not all(r.send_email for r in writing)
        session.set_send_email(None, send)
        self._changed()
        self.app.notify("Every row is marked for an email" if send
                        else "No row is marked for an email", timeout=3)

    # --- the header mapping ----------------------------------------------------

    def action_mapping(self) -> None:
        """Show how each header was mapped; a new mapping checks the file again."""
        from rostertui.ui.screens.import_mapping import MappingScreen

        source = self.session or self.refused
        if source is None or self.busy:
            return

        def chosen(result: tuple[dict[str, str], dict[str, str]] | None) -> None:
            if result and result[1]:
                self._start_remap(source, *result)

        self.app.push_screen(MappingScreen(source), chosen)

    def _start_remap(self, source: ImportSession, mapping: dict[str, str],
                     changes: dict[str, str]) -> None:
        self.recheck(source, f"Checking {Path(source.name).name} again with the new mapping…",
                     mapping=mapping, remember=changes)

    def recheck(self, source: ImportSession, status: str, *, options: ImportOptions | None = None,
                mapping: dict[str, str] | None = None,
                remember: dict[str, str] | None = None) -> None:
        """Check the file on show again, in a worker, with ``options`` (another kind, default
        or tags) and/or another header ``mapping``, keeping its fixes and row choices. With
        ``remember``, the header mappings the admin just chose are remembered once they
        worked."""
        self._generation += 1
        self._start_busy(status)
        self._recheck(self._generation, source, options or source.options, mapping, remember,
                      self.app.operator)  # type: ignore[attr-defined]

    @work(thread=True, exclusive=True, group="import-load", exit_on_error=False)
    def _recheck(self, generation: int, source: ImportSession, options: ImportOptions,
                 mapping: dict[str, str] | None, remember: dict[str, str] | None,
                 operator) -> None:
        try:  # memory only: the file is not read again, the database not touched
            if mapping is not None:
                options = replace(options, mapping=mapping)
            session = source.with_options(options)
        except ValueError as exc:  # e.g. a target the panel let through: the file on show stays
            what = "Mapping" if mapping is not None else "Options"
            self.post_message(self._Failed(generation, f"{what} not applied: {exc}"))
            return
        if remember:
            try:  # remembered only once it worked
                stored = call(prefs.get_pref, operator, header_map.PREF_KEY, {})
                call(prefs.set_pref, operator, header_map.PREF_KEY,
                     header_map.merged(stored, remember))
            except (Refusal, ValueError) as exc:  # the file is still checked
                self.app.call_from_thread(self.app.notify,
                                          f"The mapping was not remembered: {exc}",
                                          title="Mapping", severity="warning", timeout=8)
        self._plan_and_post(generation, session, same_file=True)

    # --- inline fix ---------------------------------------------------------------

    def action_fix(self) -> None:
        from rostertui.ui.screens.import_fix import FixRowScreen

        session, row = self.session, self.table.current_row
        if session is None or row is None:
            return

        def fixed(cells: dict[int, str] | None) -> None:
            if cells:
                self.fix_cells(row, cells)

        self.app.push_screen(FixRowScreen(session, row), fixed)

    def fix_cells(self, row: Row, cells: dict[int, str]) -> None:
        """Apply an inline fix: the row (and the rows it duplicates) are checked again."""
        session = self.session
        if session is None:
            return
        if not any(session.fix_needs_database(row, i, t) for i, t in cells.items()):
            # memory only (no key to look up): apply it at once, on this thread
            changed: list[Row] = []
            for index, text in sorted(cells.items()):
                changed += session.set_cell(row, index, text)
            self._fixed(self._Fixed(session, changed))
            return
        self.busy = True
        self._refresh_bindings()
        self._fix(session, row, cells)

    @work(thread=True, group="import-fix", exit_on_error=False)
    def _fix(self, session: ImportSession, row: Row, cells: dict[int, str]) -> None:
        def apply() -> list[Row]:
            changed: list[Row] = []
            for index, text in sorted(cells.items()):
                changed += session.set_cell(row, index, text)
            return changed

        try:
            rows = call(apply)
        except Refusal as exc:
            self.post_message(self._Failed(self._generation, str(exc)))
            return
        self.post_message(self._Fixed(session, rows))

    @on(_Fixed)
    def _fixed(self, event: _Fixed) -> None:
        self._end_busy()
        if event.session is not self.session:
            return
        row = self.table.current_row
        self._changed()
        if row is not None:
            note = "fixed" if row.action != ERROR else "still has errors"
            self.app.notify(f"Row {row.number} {note}"
                            + (f"; {plural(len(event.rows) - 1, 'other row')} checked again"
                               if len(event.rows) > 1 else ""), timeout=3)
