"""The alias table: every header rostertui recognises, in one place.

A header matches when it equals a field name or an alias once both are
casefolded and stripped of spaces, ``_`` and ``-`` (:func:`normalise`):
``Email Address``, ``email_address`` and ``E-mail`` all mean ``email``. Before
that, :func:`header_key` reads the two template styles that decorate a header:

* Entra ID (Azure AD) bulk-create templates: ``First name [givenName]``,
  ``User name [userPrincipalName] Required``: the property in brackets is
  looked up (it is the directory's own name for the field);
* Google Workspace templates: ``First Name [Required]``, ``Recovery Phone [MUST
  BE IN THE E.164 FORMAT]``: a bracketed note is dropped.

The sources each alias comes from are listed beside it; a test per source
(``tests/unit/importing/test_aliases.py``) reads a real header row of each.
"""

from __future__ import annotations

import re

# Canonical field -> aliases (the field's own name matches too).
ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("internal_id", "Internal ID"),
    "email": ("email_address", "e-mail", "Email Address",
              "E-mail Address", "Mail", "Email ID",  # HR and spreadsheet English; LDAP mail
              "Primary Email"),
    "first_name": ("firstName", "First Name",
                   "Given Name", "givenName", "Forename", "First"),  # HR; LDAP/AD/Entra
    "middle_name": ("middleName", "Middle Initial"),
    "last_name": ("lastName", "Last Name",
                  "Surname", "Family Name", "sn", "Last"),  # HR; LDAP/AD; Entra [surname]
    "birthdate": ("birth_date", "dob", "date_of_birth", "Date of Birth",
                  "Birthday", "Birth Date", "Birthdate"),
    "sex": ("gender", "sex_at_birth", "Sex at Birth"),
    "password": ("initial_password", "temporary_password"),
    "tags": ("tag",),
    "external_id": ("externalId", "External ID",
                    "Client ID", "Employee ID", "employeeID", "Employee Number",
                    "employeeNumber", "Member ID", "Customer ID", "Staff ID"),  # HR; AD; Okta
    "username": ("login", "sAMAccountName", "uid", "User Login"),  # Okta login; AD; LDAP
    "phone": ("mobile_phone", "Mobile Phone",
              "Mobile", "Cell", "Cell Phone", "Mobile Number", "Cell Number",
              "mobilePhone"),  # HR; LDAP/AD/Entra mobile; Okta mobilePhone
    "phone_country": ("Mobile Phone Country",),
    "office": ("physicalDeliveryOfficeName",),  # AD; Entra "Office [physicalDeliveryOfficeName]"
    "profile_type": ("Profile Type ID",),
    "status": ("Profile Status", "active"),
    "roles": ("role",),
}

# Headers that hold a field only when no other column of the file does, tried in this
# order: a directory export carries both ``mobile`` and ``telephoneNumber``, an Entra template
# has ``userPrincipalName`` but no email column. When the field is held already, such a
# column takes its second choice (if any) or is ignored with a warning.
FALLBACKS: dict[str, tuple[str, ...]] = {
    "email": ("userPrincipalName", "Work Email", "Personal Email", "Home Email"),
    "phone": ("Phone Number", "Phone", "Telephone", "telephoneNumber", "Telephone Number",
              "primaryPhone", "Work Phone", "Home Phone", "Business Phone"),
}
SECOND_CHOICE: dict[str, str] = {"userPrincipalName": "username"}

FIELDS = tuple(ALIASES)

_ENTRA = re.compile(r"\[\s*([A-Za-z][A-Za-z0-9]*)\s*\]")
_NOTE = re.compile(r"\[[^\]]*\]|\((?:example|e\.g\.)[^)]*\)", re.IGNORECASE)


def normalise(header: str) -> str:
    """``Email Address`` -> ``emailaddress``: casefolded, without spaces, ``_`` or ``-``."""
    return "".join(ch for ch in header.casefold() if not (ch.isspace() or ch in "_-"))


def header_key(header: str) -> str:
    """The normalised text a header is looked up by: the property of an Entra header
    (``First name [givenName]`` -> ``givenname``), else the header without bracketed notes
    (``Email Address [Required]`` -> ``emailaddress``)."""
    if "[" in header or "(" in header:
        for match in _ENTRA.finditer(header):
            name = match.group(1)
            if name.upper() != name or len(name) <= 3:  # givenName, sn; not REQUIRED
                if normalise(name) not in ("required", "uploadonly"):
                    return normalise(name)
        stripped = _NOTE.sub("", header)
        if stripped.strip():
            return normalise(stripped)
    return normalise(header)


_LOOKUP: dict[str, str] = {}
for _field, _aliases in ALIASES.items():
    for _name in (_field, *_aliases):
        _LOOKUP[normalise(_name)] = _field
_FALLBACK: dict[str, tuple[str, int]] = {}  # normalised header -> (field, preference)
for _field, _names in FALLBACKS.items():
    for _rank, _name in enumerate(_names):
        _FALLBACK[normalise(_name)] = (_field, _rank)
_SECOND = {normalise(k): v for k, v in SECOND_CHOICE.items()}


def lookup(header: str) -> str | None:
    """The field a header names by the alias table (not counting fallbacks), or None."""
    return _LOOKUP.get(header_key(header))


def fallback(header: str) -> tuple[str, int, str | None] | None:
    """``(field, preference, second choice)`` for a fallback header, else None."""
    key = header_key(header)
    found = _FALLBACK.get(key)
    if found is None:
        return None
    return found[0], found[1], _SECOND.get(key)


def describe(field_name: str) -> str:
    """``email (or email_address, e-mail, Email Address, ...)`` for messages."""
    aliases = ALIASES.get(field_name, ())
    if not aliases:
        return field_name
    more = ", ..." if len(aliases) > 3 else ""
    return f"{field_name} (or {', '.join(aliases[:3])}{more})"
