"""Free text keeps its line breaks: a CRM's multi-line notes go in and out unchanged."""

from __future__ import annotations

import io

import pytest

from rostertui.domain import fields, org
from rostertui.domain.enums import Kind
from rostertui.domain.export import export_users
from rostertui.domain.users import get_users

NOTES = ('email,first_name,last_name,birthdate,sex,attribute:Notes\r\n'
         'ann@example.com,Ann,Lee,1980-01-02,F,"Called twice.\r\nPrefers email.\r\n\r\nVIP"\r\n'
         'bob@example.com,Bob,Ray,1980-01-02,M,"one\nline\rbreak each"\r\n')


def test_a_quoted_line_break_in_an_attribute_is_data_stored_with_lf(make_session, admin):
    org.update_org(admin, client_seat_limit=None)
    session = make_session(NOTES.encode())
    assert [r.errors for r in session.rows] == [[], []]
    assert session.rows[0].values["attribute:Notes"] == "Called twice.\nPrefers email.\n\nVIP"
    assert session.rows[1].values["attribute:Notes"] == "one\nline\nbreak each"
    result = session.commit(admin)
    assert result.created == 2
    out = io.StringIO(newline="")
    export_users(out, Kind.CLIENT, None)
    again = make_session(out.getvalue().encode("utf-8"))
    assert [(r.action, r.errors) for r in again.rows] == [("unchanged", [])] * 2
    stored = get_users([u for u in (r.user_id for r in again.rows)])
    assert stored[0].attributes["Notes"] == "Called twice.\nPrefers email.\n\nVIP"


@pytest.mark.parametrize("rule", [fields.name, fields.email, fields.external_id,
                                  fields.username, fields.office])
def test_names_emails_and_ids_still_refuse_line_breaks(rule):
    with pytest.raises(ValueError, match="control character|U\\+000A"):
        rule("ann\nlee@example.com" if rule is not fields.email else "ann\n@example.com")


def test_other_control_characters_are_refused_in_free_text():
    with pytest.raises(ValueError, match="U\\+001B"):
        fields.attribute_value("line\n\x1b[31mred")
    with pytest.raises(ValueError, match="U\\+0009"):
        fields.attribute_value("a\tb\nc")
