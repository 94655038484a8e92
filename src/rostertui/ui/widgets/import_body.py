"""The Import tab's body: the file tree to choose a file in, or the preview of the file on
show. The tree is mounted the first time it is shown (it reads the folder)."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import ContentSwitcher

from rostertui.ui.widgets.csv_picker import CsvTree
from rostertui.ui.widgets.import_preview import ImportPreview
from rostertui.ui.widgets.inert import inert


class ImportBody(ContentSwitcher):
    """``show_tree`` or ``show_preview``; the tree posts ``DirectoryTree.FileSelected``."""

    def __init__(self, root: str | None = None, *, id: str | None = None) -> None:
        super().__init__(initial="import-picker", id=id)
        self.root = root or "."

    def compose(self) -> ComposeResult:
        yield Vertical(id="import-picker")
        yield ImportPreview(id="import-preview")

    @property
    def previewing(self) -> bool:
        return self.current == "import-preview"

    def tree(self) -> CsvTree:
        """The file tree, mounted the first time it is asked for."""
        found = self.query(CsvTree)
        if found:
            return found.first()
        tree = CsvTree(self.root, id="import-tree")
        tree.root.set_label(inert(Path(self.root).resolve().name or self.root))
        self.query_one("#import-picker", Vertical).mount(tree)
        return tree

    def show_tree(self) -> CsvTree:
        self.current = "import-picker"
        return self.tree()

    def show_preview(self) -> None:
        self.current = "import-preview"
