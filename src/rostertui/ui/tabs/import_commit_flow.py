"""The Import tab's way out: export the rows with errors, commit with a confirmation, and
the history of batches with undo. A part of :class:`~rostertui.ui.tabs.import_tab.ImportTab`,
kept apart by concern."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import ProgressBar

from rostertui.importing.commit import CommitResult
from rostertui.importing.engine import ImportSession
from rostertui.ui.services import Refusal, call
from rostertui.ui.tabs.import_text import describe_outcome, describe_row_defaults, plural
from rostertui.ui.widgets.inert import inert_str


class ImportCommitFlow(Vertical):
    """Export, commit and history; the tab provides the session and the status line."""

    @dataclass
    class _Committed(Message):
        session: ImportSession
        result: CommitResult

    @dataclass
    class _Exported(Message):
        text: str
        failed: bool = False


    # --- export of the error rows ---------------------------------------------------

    def action_export_errors(self) -> None:
        from rostertui.ui.screens.import_fix import PathScreen

        session = self.session
        if session is None:
            return
        if not session.summary()["error"]:
            self.app.notify("No row has errors", timeout=3)
            return
        base = Path(self.path or session.name)
        default = str(base.with_name(f"{base.stem}-errors.csv"))

        def chosen(path: str | None) -> None:
            if path:
                self._export(session, path)

        self.app.push_screen(PathScreen("Export the rows with errors",
                                        "Their cells as read plus an errors column; fix them "
                                        "and import the file again.", default), chosen)

    @work(thread=True, group="import-export", exit_on_error=False)
    def _export(self, session: ImportSession, path: str) -> None:
        from rostertui.importing import report

        try:
            with open(path, "w", newline="", encoding="utf-8") as fh:
                n = report.write_errors_csv(fh, session)
        except OSError as exc:
            self.post_message(self._Exported(f"could not write {path}: {exc.strerror or exc}",
                                             True))
            return
        self.post_message(self._Exported(f"Wrote {plural(n, 'row')} with errors to {path}"))

    @on(_Exported)
    def _exported(self, event: _Exported) -> None:
        self.app.notify(inert_str(event.text), title="Export",
                        severity="error" if event.failed else "information", timeout=6)

    # --- commit ---------------------------------------------------------------------

    def action_commit(self) -> None:
        from rostertui.ui.screens.confirm import ConfirmScreen

        session = self.session
        if session is None:
            return
        out = session.outcome()
        if not out["create"] and not out["update"]:
            self.app.notify("Nothing to import: no row creates or updates a user",
                            severity="warning")
            return
        body = (f"Import {Path(session.name).name}: {describe_outcome(out)}. "
                f"{describe_row_defaults(session.options)}Everything is written in one "
                "transaction, and the import can be undone from the history (h).")

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._start_commit(session)

        self.app.push_screen(ConfirmScreen("Commit this import?", body, confirm_label="Import"),
                             confirmed)

    def _start_commit(self, session: ImportSession) -> None:
        self._start_busy(f"Importing {Path(session.name).name}…", indeterminate=True)
        self._commit(session, self.app.operator)  # type: ignore[attr-defined]

    @work(thread=True, exclusive=True, group="import-commit", exit_on_error=False)
    def _commit(self, session: ImportSession, operator) -> None:
        try:
            result = call(session.commit, operator, skip_invalid=True)
            call(session.plan, refresh=True)  # the file against the roster as it is now
        except Refusal as exc:
            self.post_message(self._Failed(self._generation, f"Nothing was imported: {exc}"))
            return
        self.post_message(self._Committed(session, result))

    @on(_Committed)
    def _committed(self, event: _Committed) -> None:
        from rostertui.ui.tabs.base import RosterTab

        self._end_busy()
        bar = self.query_one("#import-progress", ProgressBar)
        bar.display = False
        bar.update(total=2, progress=0)
        r = event.result
        text = (f"Batch {r.batch_id}: {plural(r.created, 'user')} created, "
                f"{plural(r.updated, 'user')} updated, {r.unchanged:,} unchanged, "
                f"{r.skipped:,} left out; {plural(r.emails, 'email')} queued")
        self._status(text)
        self.app.notify(text, title="Imported", timeout=8)
        if event.session is self.session:
            self._changed()
        self.post_message(RosterTab.RosterChanged(self))  # type: ignore[arg-type]
        self.app.deliver_mail()  # type: ignore[attr-defined]

    # --- history ---------------------------------------------------------------------

    def action_history(self) -> None:
        from rostertui.ui.screens.import_history import HistoryScreen

        def closed(changed: bool | None) -> None:
            if changed:
                from rostertui.ui.tabs.base import RosterTab

                self.post_message(RosterTab.RosterChanged(self))  # type: ignore[arg-type]
                session = self.session
                if session is not None and not self.busy:
                    # the roster moved: check the file on show again (its fixes stay)
                    self.recheck(session, f"Checking {Path(session.name).name} again "
                                          "against the roster…")

        self.app.push_screen(HistoryScreen(), closed)
