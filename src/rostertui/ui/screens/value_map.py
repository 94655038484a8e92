"""The Import tab's value map: a column's distinct invalid values, each with the number of
rows holding it, and a new value for each (a list for a field whose values are a closed
list, such as sex; a text field otherwise). Mapping a value fixes every row that holds it,
and the Import tab remembers the mapping for that header, as it does header mappings."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, Static

from rostertui.ui.import_triage import ColumnValues, allowed_values, describe_values
from rostertui.ui.widgets.inert import inert

BLANK = "\x00blank"  # the list's value for "empty the cell"

# (field key, header as written, {value as written: new value})
ValueMapResult = tuple[str, str, dict[str, str]]


def column_label(column: ColumnValues) -> Text:
    """"Gender → sex: U ×3 · X ×1" (user text inert)."""
    said = describe_values(column.values, most=3) if column.values else "no invalid values"
    return inert(f"{column.header} → {column.key}: {said}")


class ValueMapScreen(ModalScreen[ValueMapResult | None]):
    """Dismisses with ``(key, header, {old: new})`` for the values given a new value, or
    None."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="cancel"),
        Binding("ctrl+s", "submit", "Apply", id="submit",
                tooltip="Map these values in every row"),
    ]

    def __init__(self, columns: list[ColumnValues], start: str | None = None) -> None:
        """``columns``: each column's invalid values; ``start``: the column under the
        table's cursor."""
        super().__init__()
        self.columns = {c.key: c for c in columns}
        first = next((c.key for c in columns if c.values), columns[0].key if columns else "")
        # the column under the cursor, unless every value of it is valid
        self.key = start if start in self.columns and self.columns[start].values else first
        self._generation = 0  # the rows' ids change with each column shown

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form value-map"):
            yield Static("Values of a column", classes="dialog-title")
            yield Select([(column_label(c), c.key) for c in self.columns.values()],
                         value=self.key, allow_blank=False, compact=True, id="value-column")
            yield VerticalScroll(id="value-rows")
            yield Static("Give a new value to any of them: every row holding it is fixed, and "
                         "the mapping is remembered for this header. Tab moves; ctrl+s "
                         "applies; Esc cancels.", classes="hint")
            with Horizontal(classes="buttons"):
                yield Button("Map in every row", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    async def on_mount(self) -> None:
        await self._show_column()

    @property
    def column(self) -> ColumnValues | None:
        return self.columns.get(self.key)

    async def _show_column(self) -> None:
        box = self.query_one("#value-rows", VerticalScroll)
        await box.remove_children()
        column = self.column
        self._generation += 1
        if column is None or not column.values:
            await box.mount(Static("Every value of this column is valid.", classes="hint"))
            self.query_one("#value-column", Select).focus()
            return
        allowed = allowed_values(column.key)
        rows = []
        for i, value in enumerate(column.values):
            label = Text.assemble(inert(value.text or "(blank)"), f" ×{value.count:,}")
            widget_id = f"value-{self._generation}-{i}"
            if allowed is not None:
                target = Select([(v, v) for v in allowed] + [("(empty the cell)", BLANK)],
                                prompt="keep", compact=True, id=widget_id,
                                classes="value-target")
            else:
                target = Input(placeholder="new value (blank: keep)", compact=True,
                               id=widget_id, classes="value-target")
            rows.append(Horizontal(Static(label, classes="value-text"), target,
                                   classes="value-row"))
            rows.append(Static(inert(value.problem), classes="value-problem"))
        await box.mount_all(rows)
        self.query_one(f"#value-{self._generation}-0").focus()

    def chosen(self) -> dict[str, str]:
        """{value as written: new value} for each value given one."""
        column = self.column
        if column is None:
            return {}
        out = {}
        for i, value in enumerate(column.values):
            target = self.query_one(f"#value-{self._generation}-{i}")
            if isinstance(target, Select):
                picked = target.value
                if isinstance(picked, str):
                    out[value.text] = "" if picked == BLANK else picked
            elif isinstance(target, Input) and target.value.strip():
                out[value.text] = target.value.strip()
        return out

    @on(Select.Changed, "#value-column")
    async def _column_changed(self, event: Select.Changed) -> None:
        event.stop()
        if isinstance(event.value, str) and event.value != self.key:
            self.key = event.value
            await self._show_column()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_submit(self) -> None:
        pairs = self.chosen()
        if not pairs:
            self.notify("Give at least one value a new value first", severity="warning",
                        timeout=4)
            return
        column = self.column
        assert column is not None
        self.dismiss((column.key, column.header, pairs))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
