"""The pages of rows a windowed table holds (no Textual here: plain bookkeeping).

A table over a large roster never holds it whole: it keeps at most ``MAX_PAGES``
pages of ``PAGE`` rows, drops the pages farthest from the view first, and knows
which pages are being read so that it asks for each only once.
"""

from __future__ import annotations

from typing import Any

PAGE = 100
MAX_PAGES = 24  # rows kept in memory: at most 2,400


class RowPages:
    def __init__(self) -> None:
        self._pages: dict[int, list[Any]] = {}
        self._inflight: set[int] = set()

    def clear(self) -> None:
        """Forget every page (a new query): pages still being read will be ignored."""
        self._pages.clear()
        self._inflight.clear()

    def row_at(self, index: int) -> Any | None:
        page = self._pages.get(index // PAGE)
        if page is None:
            return None
        offset = index % PAGE
        return page[offset] if offset < len(page) else None

    def store(self, first_page: int, rows: list[Any], *, near: int) -> None:
        """Keep ``rows`` read from the start of ``first_page``; when more than
        ``MAX_PAGES`` are held, drop those farthest from row ``near``."""
        for i in range(0, max(len(rows), 1), PAGE):
            chunk = rows[i:i + PAGE]
            if chunk or i == 0:
                self._pages[first_page + i // PAGE] = chunk
        here = near // PAGE
        while len(self._pages) > MAX_PAGES:
            del self._pages[max(self._pages, key=lambda p: abs(p - here))]

    def arrived(self, pages: list[int]) -> None:
        """These pages are no longer being read (they came, or their reading failed)."""
        self._inflight.difference_update(pages)

    def to_read(self, top: int, height: int, total: int) -> list[list[int]]:
        """The runs of consecutive pages that rows ``top`` to ``top + height`` (and a page
        either side) need and that are neither held nor being read; they count as being
        read from now on."""
        if not total:
            return []
        last_row = min(top + height, total - 1)
        wanted = range(max(top // PAGE - 1, 0), min(last_row // PAGE + 1, (total - 1) // PAGE) + 1)
        runs: list[list[int]] = []
        for p in wanted:
            if p in self._pages or p in self._inflight:
                continue
            if runs and runs[-1][-1] == p - 1:
                runs[-1].append(p)
            else:
                runs.append([p])
        for run in runs:
            self._inflight.update(run)
        return runs


__all__ = ["MAX_PAGES", "PAGE", "RowPages"]
