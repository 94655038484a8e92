"""Pydantic schemas for what comes in: forms, command lines and import rows.

The field rules themselves live in :mod:`rostertui.domain.fields`; these
schemas say which fields each operation needs.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)

from rostertui.domain import fields, passwords
from rostertui.domain.enums import Kind, ProfileType, Role, Sex, Status
from rostertui.domain.errors import FieldError


def _required(value: str) -> str:
    if not value:
        raise ValueError("is required")
    return value


def _password(value: SecretStr | None) -> SecretStr | None:
    if value is not None:
        problems = passwords.policy_problems(value.get_secret_value())
        if problems:
            raise ValueError("needs " + ", ".join(problems))
    return value


def _blank_is_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


Name = Annotated[str, BeforeValidator(fields.name)]
RequiredName = Annotated[str, BeforeValidator(fields.name), AfterValidator(_required)]
Email = Annotated[str, BeforeValidator(fields.email)]
Birthdate = Annotated[dt.date, BeforeValidator(fields.birthdate)]
SexValue = Annotated[Sex, BeforeValidator(fields.sex)]
Phone = Annotated[str | None, BeforeValidator(fields.phone)]
PhoneCountry = Annotated[str | None, BeforeValidator(fields.phone_country)]
ExternalId = Annotated[str | None, BeforeValidator(fields.external_id)]
Username = Annotated[str | None, BeforeValidator(fields.username)]
Office = Annotated[str | None, BeforeValidator(fields.office)]
ProfileTypeValue = Annotated[ProfileType, BeforeValidator(fields.profile_type)]
StatusValue = Annotated[Status, BeforeValidator(fields.status)]
TagList = Annotated[list[str], BeforeValidator(fields.tag_names)]
RoleList = Annotated[list[Role], BeforeValidator(fields.roles)]
Password = Annotated[SecretStr | None, BeforeValidator(_blank_is_none), AfterValidator(_password)]


def _attributes(value: Any) -> dict[str, str] | None:
    if value is None:
        return None
    return {fields.attribute_name(k): fields.attribute_value(v) for k, v in dict(value).items()}


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False, frozen=True)

    @field_validator("birthdate", "sex", mode="before", check_fields=False)
    @classmethod
    def _blank_optional(cls, value: Any) -> Any:
        return _blank_is_none(value)

    @field_validator("attributes", mode="before", check_fields=False)
    @classmethod
    def _clean_attributes(cls, value: Any) -> dict[str, str] | None:
        return _attributes(value)


class _UserCreate(_Input):
    email: Email
    first_name: RequiredName
    middle_name: Name = ""
    last_name: Name = ""
    birthdate: Birthdate | None = None
    sex: SexValue | None = None
    external_id: ExternalId = None
    username: Username = None
    phone: Phone = None
    phone_country: PhoneCountry = None
    office: Office = None
    profile_type: ProfileTypeValue = ProfileType.INDIVIDUAL
    status: StatusValue = Status.ACTIVE
    tags: TagList = Field(default_factory=list)
    attributes: dict[str, str] = Field(default_factory=dict)
    password: Password = None
    send_registration_code: bool = False



class ClientCreate(_UserCreate):
    """A client: first name, last name, email, date of birth and sex at birth are required."""

    last_name: RequiredName
    birthdate: Birthdate
    sex: SexValue


class TeamMemberCreate(_UserCreate):
    """A team member: first name, email and at least one role; a last name unless a facility."""

    roles: RoleList = Field(min_length=1)

    @model_validator(mode="after")
    def _last_name_for_individuals(self) -> TeamMemberCreate:
        if self.profile_type is ProfileType.INDIVIDUAL and not self.last_name:
            raise ValueError("last_name is required for an individual")
        return self


class UserChanges(_Input):
    """An edit: only the fields given are changed; "" or None clears an optional field."""

    email: Email | None = None
    first_name: RequiredName | None = None
    middle_name: Name | None = None
    last_name: Name | None = None
    birthdate: Birthdate | None = None
    sex: SexValue | None = None
    external_id: ExternalId = None
    username: Username = None
    phone: Phone = None
    phone_country: PhoneCountry = None
    office: Office = None
    profile_type: ProfileTypeValue | None = None
    tags: TagList | None = None
    attributes: dict[str, str] | None = None
    password: Password = None



def schema_for(kind: Kind) -> type[ClientCreate] | type[TeamMemberCreate]:
    return ClientCreate if kind is Kind.CLIENT else TeamMemberCreate


def field_errors(exc: ValidationError, item: int | None = None) -> list[FieldError]:
    """Turn pydantic's errors into ours: the field's name and a plain message."""
    out = []
    for err in exc.errors(include_url=False):
        loc = [str(part) for part in err.get("loc", ()) if not isinstance(part, int)]
        field = loc[0] if loc else "record"
        msg = err.get("msg", "is not valid")
        if err.get("type") == "missing":
            msg = "is required"
        elif err.get("type") == "too_short" and field == "roles":
            msg = "needs at least one role"
        elif err.get("type") == "extra_forbidden":
            msg = "is not a field this form knows"
        msg = msg.removeprefix("Value error, ")
        if field == "record" and msg.startswith("last_name "):
            field, msg = "last_name", msg.removeprefix("last_name ")
        out.append(FieldError(field, msg, item))
    return out
