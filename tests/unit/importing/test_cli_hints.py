"""The engine's messages name a way out in words (the app shows them beside its check box);
only the CLI adds its flag."""

from __future__ import annotations

from rostertui.importing import report
from rostertui.importing.hints import with_cli_hint
from tests.unit.importing.conftest import CLIENT_HEADER, client_line, csv_bytes


def test_engine_messages_name_no_flag_and_the_cli_report_adds_it(make_session, admin):
    session = make_session(csv_bytes(f"{CLIENT_HEADER},tag\n{client_line(1)},Nowhere\n"))
    [row] = session.rows
    [issue] = [e for e in row.errors if e.field == "tags"]
    assert "--" not in issue.message
    assert "allow missing tags to be created" in issue.message
    assert "(--create-missing-tags)" in "\n".join(report.text_lines(session))


def test_with_cli_hint_adds_each_flag_once():
    assert with_cli_hint("fill in the role, or give a default role") == \
        "fill in the role, or give a default role (--role)"
    assert with_cli_hint("x (--role) give a default role") == "x (--role) give a default role"
    assert with_cli_hint("is not an email") == "is not an email"
