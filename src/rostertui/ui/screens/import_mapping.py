"""The Import tab's mapping panel: how each header of the file was mapped, and a field to
choose for each. The file is checked again with the new mapping, and the Import tab
remembers the choices for this operator's later imports."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Select, Static

from rostertui.importing import mapping as header_map
from rostertui.importing.columns import default_target, normalise
from rostertui.importing.engine import ImportSession
from rostertui.ui.widgets.inert import inert

IGNORED = "-"  # the Select's value for "ignore this column" ("" would read as blank)
SAMPLE_ROWS = 200  # rows looked at for an example value of each column


class MappingScreen(ModalScreen[tuple[dict[str, str], dict[str, str]] | None]):
    """Dismisses with ``(mapping, changes)``: the file's new mapping (normalised header ->
    target) and the headers the admin changed (header as written -> target), or None."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="cancel"),
        Binding("ctrl+s", "submit", "Apply", id="submit",
                tooltip="Check the file again with this mapping"),
    ]

    def __init__(self, session: ImportSession) -> None:
        super().__init__()
        self.session = session
        self.mapping = dict(session.options.mapping)
        self.rows, _ = header_map.describe_headers(session.header, session.kind, self.mapping,
                                                   session.sample_cells(SAMPLE_ROWS))

    def compose(self) -> ComposeResult:
        kind_targets = header_map.targets(self.session.kind)
        with Vertical(classes="dialog form mapping"):
            yield Static("Column mapping", classes="dialog-title")
            yield Static("Each column of the file, an example value, and the field it fills. "
                         "Choose a field to map a column (or ignore it); the file is checked "
                         "again, and your choice is remembered for later imports.",
                         classes="hint")
            with VerticalScroll(id="mapping-rows"):
                for row in self.rows:
                    target = row.target or IGNORED
                    options = [("(ignore)", IGNORED)] + [(f, f) for f in kind_targets]
                    attribute = "attribute:" + (row.header.strip() or f"column {row.index + 1}")
                    if target.startswith("attribute:") and target != attribute:
                        options.append((target, target))
                    options.append((f"custom attribute “{row.header.strip()}”", attribute))
                    sample = "•••" if row.target == "password" else row.sample
                    with Horizontal(classes="mapping-row"):
                        yield Static(inert(row.header or f"(column {row.index + 1})"),
                                     classes="mapping-header")
                        yield Static(inert(sample or "(blank)"), classes="mapping-sample")
                        yield Select([(inert(label), value) for label, value in options],
                                     value=target, allow_blank=False, compact=True,
                                     id=f"map-{row.index}", classes="mapping-target")
                        yield Static(row.how, id=f"how-{row.index}", classes="mapping-how")
            yield Static("", id="mapping-problems", classes="form-error")
            yield Static("Tab moves between columns; Enter opens a list; ctrl+s applies; "
                         "Esc cancels.", classes="hint")
            with Horizontal(classes="buttons"):
                yield Button("Apply and check again", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self._show_problems()
        first = next((r for r in self.rows if r.target is None), self.rows[0] if self.rows
                     else None)
        if first is not None:
            self.query_one(f"#map-{first.index}", Select).focus()

    def chosen(self) -> tuple[dict[str, str], dict[str, str]]:
        """The new mapping, and the headers whose target the admin changed here."""
        new = dict(self.mapping)
        changes: dict[str, str] = {}
        for row in self.rows:
            value = self.query_one(f"#map-{row.index}", Select).value
            target = header_map.IGNORE if value == IGNORED else str(value)
            if target == (row.target or header_map.IGNORE):
                continue
            changes[row.header] = target
            key = normalise(row.header)
            if target == default_target(row.header):
                new.pop(key, None)
            else:
                new[key] = target
        return new, changes

    def _show_problems(self) -> list[str]:
        new, _ = self.chosen()
        rows, columns = header_map.describe_headers(self.session.header, self.session.kind, new)
        for row in rows:
            wanted = self.query_one(f"#map-{row.index}", Select).value
            how = row.how if row.target is not None or wanted == IGNORED else \
                "not used: see the problem below"
            self.query_one(f"#how-{row.index}", Static).update(how)
        box = self.query_one("#mapping-problems", Static)
        box.update(Text("\n").join(inert(f"✗ {e}") for e in columns.errors))
        box.display = bool(columns.errors)
        return columns.errors

    @on(Select.Changed)
    def _changed(self, event: Select.Changed) -> None:
        event.stop()
        self._show_problems()

    @on(Button.Pressed, "#save")
    def action_submit(self) -> None:
        if self._show_problems():
            self.notify("Fix the mapping first: see the message above the buttons",
                        severity="warning", timeout=4)
            return
        self.dismiss(self.chosen())

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
