"""The UI's words in one place: counting ("1 client", "20,000 rows"), dates, and the labels
the tables and filters show for stored values."""

from __future__ import annotations

from enum import Enum
from typing import Any

from rostertui.domain.words import noun, plural, with_article

__all__ = ["PENDING_TYPE_LABELS", "SEX_LABELS", "USER_KIND_LABELS", "FilterKind", "fmt_date",
           "fmt_time", "noun", "plural", "with_article"]


def fmt_date(value: Any) -> str:
    return value.strftime("%Y-%m-%d") if value else ""


def fmt_time(value: Any) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


# What the tables show for a stored value (the value itself when it has no label here).
SEX_LABELS = {"male": "Male", "female": "Female"}
USER_KIND_LABELS = {"client": "Client", "team_member": "Team member"}
PENDING_TYPE_LABELS = {"invitation": "Invitation", "signup": "Sign-up request"}


class FilterKind(Enum):
    """What a roster tab's second filter (beside the search) chooses; its value is the
    prompt the filter shows when nothing is chosen."""

    NONE = ""
    TAG = "All tags"
    ROLE = "All roles"
