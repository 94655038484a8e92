"""Builders of valid input for tests: override what a test is about."""

from __future__ import annotations


def client_data(n: int = 1, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {"email": f"client{n}@example.com", "first_name": f"First{n}",
                               "last_name": f"Last{n}", "birthdate": "1980-01-01", "sex": "female"}
    data.update(overrides)
    return data


def team_data(n: int = 1, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {"email": f"member{n}@example.com", "first_name": f"Member{n}",
                               "last_name": f"Last{n}", "roles": ["Practitioner"]}
    data.update(overrides)
    return data
