"""Who is acting: every change is recorded in the audit log against an actor."""

from __future__ import annotations

import getpass
from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    """The operator behind a change: a logged-in team member, or a named process."""

    user_id: int | None
    label: str

    @classmethod
    def system(cls, what: str) -> Actor:
        """An action with no logged-in operator, e.g. ``rostertui init`` from a shell."""
        try:
            who = getpass.getuser()
        except Exception:  # noqa: BLE001 - no user name in some containers
            who = "unknown"
        return cls(None, f"{what} (os user {who})")
