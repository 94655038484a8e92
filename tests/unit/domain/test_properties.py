"""Whatever text arrives in a form, the services answer with a record or a clear refusal,
never a traceback, and what they store is clean."""

from __future__ import annotations

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rostertui.domain.errors import DomainError
from rostertui.domain.users import archive_users, create_clients, delete_users

FIELDS = ["email", "first_name", "middle_name", "last_name", "birthdate", "sex", "external_id",
          "username", "phone", "phone_country", "office", "tags", "profile_type", "status"]


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(FIELDS), st.text(max_size=120), max_size=8))
def test_any_client_input_is_stored_clean_or_refused(admin, overrides):
    data = {"email": "prop@example.com", "first_name": "P", "last_name": "Q",
            "birthdate": "1980-01-01", "sex": "m"}
    data.update(overrides)
    try:
        [user] = create_clients([data], admin, create_missing_tags=True)
    except DomainError as exc:
        assert str(exc) and "\n" not in str(exc)  # one line, whatever the input held
        return
    for value in (user.first_name, user.last_name, user.middle_name, user.email):
        assert value == unicodedata.normalize("NFC", value)
        assert not any(unicodedata.category(ch) == "Cc" for ch in value)
        assert len(value) <= 254
    if user.status == "active":
        archive_users([user.id], admin)
    delete_users([user.id], admin)
