"""Refusals the services raise. ``str(error)`` is one line that says what to do."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class DomainError(Exception):
    """A request the rules refuse. The CLI exits 1 and the UI shows the message."""


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str
    item: int | None = None  # position in a batch, 0-based, when several items were given

    def __str__(self) -> str:
        where = f"item {self.item + 1}: " if self.item is not None else ""
        return f"{where}{self.field}: {self.message}"


class ValidationFailed(DomainError):
    def __init__(self, errors: list[FieldError]):
        self.errors = errors
        first = "; ".join(str(e) for e in errors[:3])
        more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
        super().__init__(f"{first}{more}")


class NotFound(DomainError):
    pass


class Conflict(DomainError):
    """A unique value (email, external id, username, tag) is already taken."""


class InvalidState(DomainError):
    """The action does not apply to the user's current state."""


class SeatLimitExceeded(DomainError):
    def __init__(self, limit: int, used: int, adding: int):
        self.limit, self.used, self.adding = limit, used, adding
        self.over_by = used + adding - limit
        super().__init__(
            f"this would exceed the client seat limit of {limit} by {self.over_by} "
            f"({used} active, {adding} more requested); archive clients or raise the limit "
            f"(`rostertui org set --seat-limit N`, or Organization in the app)")


class SeatLimitTooLow(SeatLimitExceeded):
    """A new seat limit below the clients already active."""

    def __init__(self, limit: int, used: int):
        self.limit, self.used, self.adding = limit, used, 0
        self.over_by = used - limit
        DomainError.__init__(
            self, f"the client seat limit cannot be {limit}: {used} clients are active, "
                  f"{self.over_by} more than that; archive {self.over_by} client"
                  f"{'s' if self.over_by != 1 else ''} first, or set a limit of at least {used}")


class LastAdministrator(DomainError):
    pass


class StaleVersion(DomainError):
    """The user changed since the caller read it. ``current`` holds the stored values."""

    def __init__(self, user_id: int, expected: int, current: dict[str, Any]):
        self.user_id, self.expected, self.current = user_id, expected, current
        super().__init__(
            f"user {user_id} was changed by someone else (you edited version {expected}, "
            f"it is now version {current.get('version')}); reload it and make your change again")


class PasswordPolicyError(DomainError):
    pass


class AuthenticationFailed(DomainError):
    pass
