"""A failed worker is shown once, by the app: a refusal as its one-line message, a bug as
its type and first line (and logged with its traceback), never swallowed."""

from __future__ import annotations

import logging

from rostertui.domain import users
from rostertui.domain.errors import Conflict
from rostertui.ui.screens.client_form import ClientFormScreen
from rostertui.ui.screens.confirm import ConfirmScreen
from tests.ui.conftest import SIZE, Notes, settle


async def archive_the_first_client(pilot) -> None:
    await pilot.press("x")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ConfirmScreen)
    pilot.app.screen.query_one("#confirm").press()
    await settle(pilot)


async def test_a_refusal_is_shown_as_its_message(app, monkeypatch):
    def refuse(ids, actor):
        raise Conflict("someone archived them first")

    monkeypatch.setattr(users, "archive_users", refuse)
    notes = Notes()
    async with app.run_test(size=SIZE, message_hook=notes) as pilot:
        await settle(pilot)
        await archive_the_first_client(pilot)
    assert [(n.title, n.message, n.severity) for n in notes.shown] == [
        ("Refused", "someone archived them first", "error")]


async def test_a_bug_in_a_worker_is_shown_and_logged(app, monkeypatch, caplog):
    def crash(ids, actor):
        raise RuntimeError("boom\nmore detail")

    monkeypatch.setattr(users, "archive_users", crash)
    notes = Notes()
    with caplog.at_level(logging.ERROR, logger="rostertui.ui"):
        async with app.run_test(size=SIZE, message_hook=notes) as pilot:
            await settle(pilot)
            await archive_the_first_client(pilot)
            assert pilot.app.is_running
    [shown] = notes.shown
    assert shown.message == "RuntimeError: boom" and shown.severity == "error"
    assert "a bug" in shown.title
    [record] = caplog.records
    assert record.exc_info and "boom" in str(record.exc_info[1])


async def test_a_form_whose_service_crashed_can_be_used_again(app, monkeypatch):
    def crash(items, actor, **kw):
        raise RuntimeError("boom")

    monkeypatch.setattr(users, "create_clients", crash)
    notes = Notes()
    async with app.run_test(size=SIZE, message_hook=notes) as pilot:
        await settle(pilot)
        await pilot.press("N")
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, ClientFormScreen)
        await pilot.press(*"Fay", "ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is form and not form.busy
        assert notes.texts == ["RuntimeError: boom"]
