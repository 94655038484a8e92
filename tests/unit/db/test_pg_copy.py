"""COPY's text format: every value comes back as it went in (PostgreSQL's own parser is the
judge in tests/unit/importing/test_commit.py, which runs on both backends)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from rostertui.db.pg_copy import _CopyStream, copy_line, field_text

_UNESCAPE = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}


def parse_line(line: str) -> list[str | None]:
    """PostgreSQL's reading of one line of COPY text (the escapes we write)."""
    values: list[str | None] = []
    for raw in line.split("\t"):
        if raw == "\\N":
            values.append(None)
            continue
        out, i = [], 0
        while i < len(raw):
            if raw[i] == "\\":
                out.append(_UNESCAPE[raw[i + 1]])
                i += 2
            else:
                out.append(raw[i])
                i += 1
        values.append("".join(out))
    return values


def test_plain_values_nulls_numbers_and_booleans():
    assert copy_line(("a@example.com", None, 3, True, False, "")) == \
        "a@example.com\t\\N\t3\tt\tf\t"


def test_special_characters_are_escaped():
    assert copy_line(("a\tb", "c\nd", "e\re", "back\\slash", "\\N")) == \
        "a\\tb\tc\\nd\te\\re\tback\\\\slash\t\\\\N"
    assert field_text("\\N") == "\\\\N"


@given(st.lists(st.one_of(st.none(), st.text(alphabet=st.characters(blacklist_characters="\x00"),
                                             max_size=12)), min_size=1, max_size=8))
def test_any_row_reads_back_as_written(row):
    line = copy_line(row)
    assert "\n" not in line and "\r" not in line
    assert parse_line(line) == row


def test_the_stream_hands_out_every_row_in_pages():
    rows = [(f"user{i}@example.com", None, "x" * (i % 50)) for i in range(2000)]
    stream = _CopyStream(rows)
    pages = []
    while page := stream.read(1000):
        assert len(page) <= 1000
        pages.append(page)
    assert len(pages) > 10
    lines = "".join(pages).split("\n")
    assert lines[-1] == ""
    assert [tuple(parse_line(line)) for line in lines[:-1]] == rows
