"""Progress of a long commit on stderr, when stderr is a terminal (never in a pipe or log)."""

from __future__ import annotations

import sys
from typing import TextIO

from rostertui.importing.commit import CommitProgress, ProgressCallback


def _seconds(value: float) -> str:
    value = max(0, round(value))
    return f"{value // 60} min {value % 60:02d} s" if value >= 60 else f"{value} s"


class CommitProgressLine:
    """One line rewritten in place: passwords hashed with an ETA, then rows written."""

    def __init__(self, stream: TextIO):
        self.stream = stream
        self.stage = ""
        self.width = 0

    def __call__(self, p: CommitProgress) -> None:
        if p.stage == "hashing":
            left = f", about {_seconds(p.eta)} left" if p.eta is not None else ""
            rate = f", {p.done / p.elapsed:,.0f}/s" if p.elapsed > 0.5 and p.done else ""
            text = (f"Hashing initial passwords: {p.done:,} of {p.total:,} "
                    f"({100 * p.done // max(p.total, 1)}%){rate}{left}")
        elif p.stage == "writing":
            text = f"Writing {p.total:,} rows: {p.done:,} written"
        else:
            text = ""
        if p.stage != self.stage and self.stage == "hashing":
            self.stream.write("\n")  # keep the hashing line; the writing line follows
            self.width = 0
        self.stage = p.stage
        pad = " " * max(self.width - len(text), 0)
        self.stream.write(f"\r{text}{pad}" if text else f"\r{pad}\r")
        self.width = len(text)
        self.stream.flush()


def for_terminal(stream: TextIO | None = None) -> ProgressCallback | None:
    """A progress line on ``stream`` (stderr) if it is a terminal, else None."""
    stream = stream or sys.stderr
    try:
        if not stream.isatty():
            return None
    except (AttributeError, ValueError):
        return None
    return CommitProgressLine(stream)
