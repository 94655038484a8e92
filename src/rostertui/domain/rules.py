"""Which fields a new user needs. The schemas and the importer both ask here."""

from __future__ import annotations

from rostertui.domain.enums import Kind, ProfileType

ALWAYS = ("email", "first_name")


def required_for_create(kind: Kind, profile_type: ProfileType = ProfileType.INDIVIDUAL
                        ) -> tuple[str, ...]:
    """Fields a new user of ``kind`` must have (roles excepted: team members need one)."""
    if kind is Kind.CLIENT:
        return (*ALWAYS, "last_name", "birthdate", "sex")
    if profile_type is ProfileType.INDIVIDUAL:
        return (*ALWAYS, "last_name")
    return ALWAYS


def required_on_edit(kind: Kind, profile_type: ProfileType) -> tuple[str, ...]:
    """An edit may not blank these (a pending, invited user has none yet and is exempt)."""
    return required_for_create(kind, profile_type)
