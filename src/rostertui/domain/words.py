"""Counting words for every message the program writes: one rule, used by the domain, the
importer, the command line and the UI (``ui/text.py`` re-exports it).

``plural(20000, "row")`` is ``"20,000 rows"``: counts are written with thousands separated,
and the noun agrees with the count; no message says "row(s)".
"""

from __future__ import annotations


def plural(n: int, one: str, many: str | None = None) -> str:
    """``1 user``, ``12,345 users``, ``2 entries`` (with ``many`` given)."""
    return f"{n:,} {noun(n, one, many)}"


def noun(n: int, one: str, many: str | None = None) -> str:
    """The noun alone, agreeing with ``n``: ``noun(3, "tag")`` is ``"tags"``."""
    return one if n == 1 else (many or one + "s")


def with_article(phrase: str) -> str:
    """``an active user``, ``a pending user``: the indefinite article by the first letter."""
    return f"{'an' if phrase[:1].lower() in 'aeiou' else 'a'} {phrase}"
