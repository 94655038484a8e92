"""Turning text from users into something a terminal shows and never obeys."""

from __future__ import annotations

from rich.text import Text

from rostertui.domain.inert import inert_str

__all__ = ["inert", "inert_str"]


def inert(value: object, style: str = "") -> Text:
    """A Text holding ``value`` literally: no markup is parsed, no escape reaches the terminal."""
    return Text(inert_str(value), style=style, no_wrap=True, end="")
