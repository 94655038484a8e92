"""Text from files, users, the environment or servers, made safe to show on a terminal.

One function for the app and the command line: control characters become their
visible "control pictures" (ESC shows as ␛, CR as ␍), DEL as ␡; C1 controls, bidi
overrides and isolates, zero-width characters, the BOM and the line and paragraph
separators (U+2028, U+2029) become U+FFFD; a lone surrogate (an undecodable byte
kept by ``surrogateescape``) shows as ``\\xNN``. Nothing else changes.
"""

from __future__ import annotations

_TABLE: dict[int, int | str] = {c: 0x2400 + c for c in range(0x20)}
_TABLE[0x7F] = 0x2421
for _c in [*range(0x80, 0xA0), *range(0x200B, 0x2010), 0x2028, 0x2029,
           *range(0x202A, 0x202F), *range(0x2060, 0x2065), *range(0x2066, 0x206A), 0xFEFF]:
    _TABLE[_c] = 0xFFFD
for _c in range(0xDC80, 0xDD00):
    _TABLE[_c] = f"\\x{_c - 0xDC00:02x}"
for _c in [*range(0xD800, 0xDC80), *range(0xDD00, 0xE000)]:
    _TABLE[_c] = 0xFFFD


def inert_str(value: object) -> str:
    """``value`` as a string with every control character made visible and harmless."""
    if value is None:
        return ""
    text = str(value)
    if text.isascii() and text.isprintable():
        return text
    return text.translate(_TABLE)


# In JSON, the characters above (except the C0 controls, which json.dumps escapes already)
# become \uXXXX escapes: the same string for a JSON reader, nothing for a terminal to obey.
_JSON_TABLE: dict[int, str] = {c: f"\\u{c:04x}" for c in _TABLE if c >= 0x7F}


def inert_json(text: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with every C1 control, bidi,
    zero-width and separator character and lone surrogate written as a ``\\uXXXX`` escape."""
    if text.isascii():
        return text.replace("\x7f", "\\u007f")
    return text.translate(_JSON_TABLE)
