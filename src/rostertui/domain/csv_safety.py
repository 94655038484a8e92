"""Neutralising spreadsheet formulas in exported CSV, in a way the importer undoes.

A cell that a spreadsheet would run as a formula (it begins with ``=``, ``+``,
``-``, ``@``, a TAB or a CR) is written with a leading apostrophe, which
spreadsheets show as text. The mapping is reversible: a value that already
begins with apostrophes followed by such a character gets one more apostrophe,
and the importer strips exactly one.
"""

from __future__ import annotations

import re

FORMULA_START = "=+-@\t\r"
_NEEDS_ESCAPE = re.compile(r"'*[=+\-@\t\r]")
_ESCAPED = re.compile(r"'+[=+\-@\t\r]")


def escape_cell(value: str) -> str:
    return "'" + value if _NEEDS_ESCAPE.match(value) else value


def unescape_cell(value: str) -> str:
    return value[1:] if _ESCAPED.match(value) else value


def is_escaped(value: str) -> bool:
    return bool(_ESCAPED.match(value))


def looks_like_formula(value: str) -> bool:
    """A raw (not escaped) cell that a spreadsheet would run."""
    return bool(value) and value[0] in FORMULA_START
