"""One rule for counting words: the noun agrees with the count, thousands are separated."""

from __future__ import annotations

from rostertui.domain.words import noun, plural, with_article
from rostertui.ui import text


def test_plural_agrees_and_separates_thousands():
    assert plural(1, "row") == "1 row"
    assert plural(0, "row") == "0 rows"
    assert plural(20000, "row") == "20,000 rows"
    assert plural(2, "entry", "entries") == "2 entries"
    assert plural(11, "team member") == "11 team members"
    assert noun(1, "tag") == "tag" and noun(3, "tag") == "tags"


def test_articles():
    assert with_article("active user") == "an active user"
    assert with_article("pending user") == "a pending user"
    assert with_article("archived user") == "an archived user"


def test_the_ui_counts_with_the_same_rule():
    assert text.plural is plural
