"""Choosing a CSV file in a terminal: a path field that completes folders and importable
files, and a directory tree that lists only those."""

from __future__ import annotations

from pathlib import Path

from textual.suggester import Suggester
from textual.widgets import DirectoryTree

SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".ods")  # what an import reads


class PathSuggester(Suggester):
    """Completes a typed path with the first matching folder or importable file."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        typed = Path(value).expanduser()
        folder, prefix = (typed, "") if value.endswith(("/", "\\")) else (typed.parent,
                                                                          typed.name)
        try:
            children = sorted(folder.iterdir())
        except OSError:
            return None
        for child in children:
            if child.name.startswith(".") or not child.name.startswith(prefix):
                continue
            if child.is_dir():
                return value + child.name[len(prefix):] + "/"
            if child.suffix.lower() in SUFFIXES:
                return value + child.name[len(prefix):]
        return None


class CsvTree(DirectoryTree):
    """A directory tree that lists folders and the files an import can read."""

    def filter_paths(self, paths):
        return [p for p in paths if not p.name.startswith(".")
                and (p.is_dir() or p.suffix.lower() in SUFFIXES)]

