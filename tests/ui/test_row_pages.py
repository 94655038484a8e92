"""The pages a roster table holds: which it asks for, once each, and which it drops."""

from __future__ import annotations

from rostertui.ui.widgets.row_pages import MAX_PAGES, PAGE, RowPages


def test_pages_on_show_and_one_either_side_are_read_once_in_runs():
    pages = RowPages()
    pages.store(0, list(range(2 * PAGE)), near=0)  # the first window: pages 0 and 1
    assert pages.row_at(150) == 150 and pages.row_at(250) is None
    # rows 500-530 on show: pages 4 and 5 (and 6 beside them) in one run
    assert pages.to_read(500, 30, 10_000) == [[4, 5, 6]]
    assert pages.to_read(500, 30, 10_000) == []  # being read: not asked again
    pages.arrived([4, 5, 6])  # they failed: asked again next time
    assert pages.to_read(500, 30, 10_000) == [[4, 5, 6]]
    assert pages.to_read(9_990, 30, 10_000) == [[98, 99]]  # no page past the last row


def test_the_pages_farthest_from_the_view_are_dropped_first():
    pages = RowPages()
    for p in range(MAX_PAGES + 3):
        pages.store(p, list(range(p * PAGE, (p + 1) * PAGE)), near=p * PAGE)
    assert pages.row_at(0) is None and pages.row_at(2 * PAGE) is None  # far behind
    assert pages.row_at((MAX_PAGES + 2) * PAGE) == (MAX_PAGES + 2) * PAGE
