"""The closed vocabularies of the domain."""

from enum import StrEnum


class Kind(StrEnum):
    CLIENT = "client"
    TEAM_MEMBER = "team_member"

    @property
    def label(self) -> str:
        return "client" if self is Kind.CLIENT else "team member"


class Status(StrEnum):
    ACTIVE = "active"
    PENDING = "pending"
    ARCHIVED = "archived"


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"


class ProfileType(StrEnum):
    INDIVIDUAL = "individual"
    FACILITY = "facility"


class Source(StrEnum):
    MANUAL = "manual"
    IMPORT = "import"
    INVITATION = "invitation"
    SIGNUP = "signup"


class Role(StrEnum):
    PRACTITIONER = "Practitioner"
    BILLING_ADMINISTRATOR = "Billing Administrator"
    ADMINISTRATOR = "Administrator"
