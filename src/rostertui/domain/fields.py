"""How each field's value is cleaned and checked. Every rule about a value lives here.

Each function takes what a person typed (or what a CSV cell held) and returns
the stored form, or raises ``ValueError`` with a message that says what is
wrong and what is expected. The pydantic schemas and the CSV importer both use
these functions, so the form, the command line and the importer refuse the
same things.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Iterable

from email_validator import EmailNotValidError, validate_email

from rostertui.domain.countries import ALPHA3
from rostertui.domain.enums import ProfileType, Role, Sex, Status

# Limits, enforced for every way in (form, CLI, import).
MAX_NAME = 100
MAX_EMAIL = 254
MAX_EXTERNAL_ID = 100
MAX_USERNAME = 100
MAX_OFFICE = 100
MAX_TAG = 50
MAX_ATTRIBUTE_NAME = 100
MAX_ATTRIBUTE_VALUE = 1000
MAX_MESSAGE = 5000
MAX_ORG_NAME = 200
# The largest id a row can have (SQLite's INTEGER PRIMARY KEY; PostgreSQL's are smaller): a
# larger number is no id at all, and SQLite cannot even be asked about it.
MAX_ID = 2**63 - 1

# Characters refused in names and identifiers: C0 and C1 controls (NUL, ESC for
# terminal escape sequences...), DEL, bidi overrides and isolates, zero-width
# characters and the BOM. They hide or disguise text in a terminal or a list. The
# line and paragraph separators (U+2028, U+2029) are line breaks like LF, and U+FFFD
# stands for bytes that could not be read (a file that is not quite UTF-8).
_FORBIDDEN = re.compile(
    "[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064"
    "\u2066-\u2069\ufeff\ufffd]")
_FORBIDDEN_MULTILINE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069"
    "\ufeff\ufffd]")


def _describe_char(ch: str) -> str:
    name = unicodedata.name(ch, "control character")
    return f"U+{ord(ch):04X} ({name.lower()})"


def clean_text(value: object, *, max_length: int, multiline: bool = False) -> str:
    """Strip, normalise to NFC and refuse hidden or control characters.

    Returns "" for a blank value; callers decide whether blank is allowed.
    """
    if value is None:
        return ""
    text = str(value)
    if text.isascii() and text.isprintable():
        # Fast path, same result: printable ASCII is already NFC and holds no control,
        # bidi or zero-width character.
        text = text.strip()
        if len(text) > max_length:
            raise ValueError(f"is {len(text)} characters long; the limit is {max_length}")
        return text
    text = unicodedata.normalize("NFC", text).strip()
    if multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace(
            "\u2028", "\n").replace("\u2029", "\n")
    bad = (_FORBIDDEN_MULTILINE if multiline else _FORBIDDEN).search(text)
    if bad:
        raise ValueError(f"contains the hidden or control character {_describe_char(bad.group())};"
                         " remove it")
    if len(text) > max_length:
        raise ValueError(f"is {len(text)} characters long; the limit is {max_length}")
    return text


def name(value: object) -> str:
    return clean_text(value, max_length=MAX_NAME)


def optional_text(value: object, max_length: int) -> str | None:
    text = clean_text(value, max_length=max_length)
    return text or None


# --- email -----------------------------------------------------------------

# A plain ASCII dot-atom local part: the overwhelmingly common case, checked
# here without calling email-validator for every address.
_SIMPLE_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")


@functools.lru_cache(maxsize=4096)
def _domain(domain: str) -> str:
    """Validate a domain once (a file has few distinct domains); return its stored form."""
    result = validate_email(f"a@{domain}", check_deliverability=False)
    return result.domain.lower()


def email(value: object) -> str:
    """Check an address's syntax (no DNS lookup) and return it lowercase and NFC."""
    text = unicodedata.normalize("NFC", str(value or "")).strip()
    if not text:
        raise ValueError("is required")
    if len(text) > MAX_EMAIL:
        raise ValueError(f"is {len(text)} characters long; the limit is {MAX_EMAIL}")
    local, at, domain = text.rpartition("@")
    try:
        if at and len(local) <= 64 and _SIMPLE_LOCAL.fullmatch(local):
            result = f"{local}@{_domain(domain)}".lower()
        else:
            result = validate_email(text, check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise ValueError(f"{text!r} is not a valid email address: {exc}") from None
    if len(result) > MAX_EMAIL:
        raise ValueError(f"is longer than {MAX_EMAIL} characters")
    return result


# --- dates, enums ----------------------------------------------------------

_DATE = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")
EARLIEST_BIRTHDATE = dt.date(1900, 1, 1)


def birthdate(value: object, *, today: dt.date | None = None) -> dt.date:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        parsed = value
    else:
        text = str(value or "").strip()
        if not text:
            raise ValueError("is required")
        m = _DATE.fullmatch(text)
        if not m:
            raise ValueError(f"{text!r} is not a date; write YYYY-MM-DD or YYYYMMDD")
        try:
            parsed = dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            raise ValueError(f"{text!r} is not a real date") from None
    today = today or dt.date.today()
    if parsed > today:
        raise ValueError(f"{parsed.isoformat()} is in the future")
    if parsed < EARLIEST_BIRTHDATE:
        raise ValueError(f"{parsed.isoformat()} is before 1900")
    return parsed


_SEX = {"male": Sex.MALE, "m": Sex.MALE, "female": Sex.FEMALE, "f": Sex.FEMALE}


def sex(value: object) -> Sex:
    text = str(value or "").strip().lower()
    if not text:
        raise ValueError("is required")
    try:
        return _SEX[text]
    except KeyError:
        raise ValueError(f"{value!r} is not recognised; write male or female (or M or F)") from None


_PROFILE = {"individual": ProfileType.INDIVIDUAL, "1": ProfileType.INDIVIDUAL,
            "facility": ProfileType.FACILITY, "2": ProfileType.FACILITY}


def profile_type(value: object) -> ProfileType:
    text = str(value or "").strip().lower()
    try:
        return _PROFILE[text]
    except KeyError:
        raise ValueError(f"{value!r} is not recognised; write individual (1) or facility (2)") \
            from None


_STATUS = {"active": Status.ACTIVE, "true": Status.ACTIVE,
           "pending": Status.PENDING,
           "archived": Status.ARCHIVED, "inactive": Status.ARCHIVED, "false": Status.ARCHIVED}


def status(value: object) -> Status:
    text = str(value or "").strip().lower()
    try:
        return _STATUS[text]
    except KeyError:
        raise ValueError(f"{value!r} is not recognised; write active, pending or archived") \
            from None


_ROLES = {r.value.lower(): r for r in Role}
_ROLES.update({r.value.lower().replace(" ", "_"): r for r in Role})
_ROLES.update({"admin": Role.ADMINISTRATOR, "billing admin": Role.BILLING_ADMINISTRATOR})


def role(value: object) -> Role:
    text = " ".join(str(value or "").split()).lower()
    try:
        return _ROLES[text]
    except KeyError:
        names = ", ".join(r.value for r in Role)
        raise ValueError(f"{value!r} is not a role; use one of {names}") from None


def roles(value: object) -> list[Role]:
    """Roles from a list or a ``;``-separated string, without repeats, in a stable order."""
    items = value.split(";") if isinstance(value, str) else list(value or [])
    found = {role(item) for item in items if str(item).strip()}
    return [r for r in Role if r in found]


# --- phone, country, identifiers --------------------------------------------

_PHONE_PUNCTUATION = str.maketrans("", "", " -.()\t")


def phone(value: object) -> str | None:
    text = str(value or "").strip()
    if not text:
        return None
    digits = text.translate(_PHONE_PUNCTUATION)
    if not (len(digits) == 10 and digits.isascii() and digits.isdigit()):
        raise ValueError(f"{text!r} is not a 10-digit phone number")
    return digits


def phone_country(value: object) -> str | None:
    text = str(value or "").strip().upper()
    if not text:
        return None
    if text not in ALPHA3:
        raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-3 country code such as USA or CAN")
    return text


def external_id(value: object) -> str | None:
    return optional_text(value, MAX_EXTERNAL_ID)


def username(value: object) -> str | None:
    text = optional_text(value, MAX_USERNAME)
    if text and any(ch.isspace() for ch in text):
        raise ValueError(f"{text!r} contains a space; a username is one word")
    return text


def office(value: object) -> str | None:
    return optional_text(value, MAX_OFFICE)


def tag_name(value: object) -> str:
    text = " ".join(clean_text(value, max_length=MAX_TAG).split())
    if not text:
        raise ValueError("a tag name cannot be blank")
    if ";" in text:
        raise ValueError(f"{text!r} contains ';', which separates tags; choose another name")
    return text


def tag_key(value: str) -> str:
    """Tags are matched without regard to case."""
    return tag_name(value).casefold()


def tag_names(value: object) -> list[str]:
    """Tags from a list or a ``;``-separated string, without repeats (case-insensitive).

    The one reading of a typed tag list, for a CSV cell, a CLI option and the app's forms
    alike: ``;`` separates tags and nothing else does, so "VIP, Spring" is one tag."""
    items = value.split(";") if isinstance(value, str) else list(value or [])
    return merged_tags([tag_name(item) for item in items if str(item).strip()])


def merged_tags(*groups: Iterable[str]) -> list[str]:
    """Tag names already checked, from one or more lists, as one list without repeats: tags
    are the same whatever their case, and the first spelling met is kept."""
    seen: dict[str, str] = {}
    for group in groups:
        for tag in group:
            seen.setdefault(tag.casefold(), tag)
    return list(seen.values())


def attribute_name(value: object) -> str:
    text = clean_text(value, max_length=MAX_ATTRIBUTE_NAME)
    if not text:
        raise ValueError("an attribute name cannot be blank")
    return text


def attribute_value(value: object) -> str:
    """Free text: line breaks are kept (stored as LF, whatever the file used); other control
    characters are refused as in names."""
    return clean_text(value, max_length=MAX_ATTRIBUTE_VALUE, multiline=True)


def message(value: object) -> str:
    return clean_text(value, max_length=MAX_MESSAGE, multiline=True)
