"""Turning text from users into something a terminal shows and never obeys."""

from __future__ import annotations

from rich.text import Text

# C0 controls become their visible "control pictures" (ESC shows as ␛), DEL as ␡;
# C1 controls, bidi overrides/isolates and zero-width characters become U+FFFD.
_TABLE: dict[int, int] = {c: 0x2400 + c for c in range(0x20)}
_TABLE[0x7F] = 0x2421
for _c in [*range(0x80, 0xA0), *range(0x200B, 0x2010), *range(0x202A, 0x202F),
           *range(0x2060, 0x2065), *range(0x2066, 0x206A), 0xFEFF]:
    _TABLE[_c] = 0xFFFD


def inert_str(value: object) -> str:
    """``value`` as a string with every control character made visible and harmless."""
    if value is None:
        return ""
    return str(value).translate(_TABLE)


def inert(value: object, style: str = "") -> Text:
    """A Text holding ``value`` literally: no markup is parsed, no escape reaches the terminal."""
    return Text(inert_str(value), style=style, no_wrap=True, end="")
