"""The Clients tab, driven through the keyboard; each test checks the database afterwards."""

from __future__ import annotations

from rostertui.db.models import RegistrationCode, User
from rostertui.domain import users
from rostertui.domain.actor import Actor
from rostertui.ui.screens.client_form import ClientFormScreen
from rostertui.ui.screens.confirm import ConfirmScreen
from tests.ui.conftest import SIZE, Notes, settle, user


def tab(pilot):
    return pilot.app.screen.query_one("#clients-tab")


async def fill_client(pilot, first, last, email, born, *, sex_downs=1):
    await pilot.press(*first, "tab", *last, "tab", *email, "tab", *born, "tab")
    await pilot.press("enter", *(["down"] * sex_downs), "enter")  # open the Select, choose


async def test_add_two_clients_with_add_another(app):
    notes = Notes()
    async with app.run_test(size=SIZE, message_hook=notes) as pilot:
        await settle(pilot)
        await pilot.press("N")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ClientFormScreen)
        await fill_client(pilot, "Fay", "Fisher", "fay@example.com", "1990-02-03")
        await pilot.click("#another")
        await settle(pilot)
        assert "1 client waiting" in str(pilot.app.screen.query_one("#batch").render())
        await fill_client(pilot, "Gil", "Grant", "gil@example.com", "1985-12-01", sex_downs=2)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, ClientFormScreen)
        assert "2 clients created" in notes.texts
        assert tab(pilot).table.total == 7
    fay, gil = user("fay@example.com"), user("gil@example.com")
    assert (fay.sex, str(fay.birthdate), gil.sex) == ("female", "1990-02-03", "male")


async def test_the_form_reads_a_tag_list_as_the_importer_does(app):
    """"VIP, Spring; Newsletter" is two tags in a CSV cell; the form reads it the same way,
    through domain/fields (it once split on commas too, making three)."""
    from rostertui.domain import fields

    typed = "VIP, Spring; Newsletter"
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("N")
        await settle(pilot)
        await fill_client(pilot, "Fay", "Fisher", "fay@example.com", "1990-02-03")
        pilot.app.screen.query_one("#tags").value = typed
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, ClientFormScreen)
    fay = users.find_by_email("fay@example.com")
    assert sorted(users.get_user(fay.id).tags) == sorted(fields.tag_names(typed)) == [
        "Newsletter", "VIP, Spring"]


async def test_add_refusal_keeps_the_form_open(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("N")
        await settle(pilot)
        await fill_client(pilot, "Fay", "Fisher", "client1@example.com", "1990-02-03")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ClientFormScreen)
        assert "already used" in str(pilot.app.screen.query_one("#error").render())
    assert User.select().where(User.first_name == "Fay").count() == 0


async def test_edit_and_stale_edit(app, admin):
    notes = Notes()
    async with app.run_test(size=SIZE, message_hook=notes) as pilot:
        await settle(pilot)
        await pilot.press("E")  # the full form on the first row: Alice Archer
        await settle(pilot)
        form = pilot.app.screen
        assert form.query_one("#first_name").value == "Alice"
        await pilot.press("ctrl+a", "ctrl+k", *"Alicia")
        # someone else edits Alice meanwhile
        alice = users.find_by_email("client1@example.com")
        users.edit_user(alice.id, alice.version, {"last_name": "Other"}, Actor.system("x"))
        await pilot.press("ctrl+s")
        await settle(pilot)
        error = str(form.query_one("#error").render())
        assert "changed by someone else" in error and "Other" in error
        assert user("client1@example.com").first_name == "Alice"
        await pilot.press("ctrl+s")  # save again: applied over theirs, knowingly
        await settle(pilot)
        assert "client1@example.com saved" in notes.texts
    assert user("client1@example.com").first_name == "Alicia"


async def test_bulk_tags_on_marked_rows(app):
    notes = Notes()
    async with app.run_test(size=SIZE, message_hook=notes) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "space", "space")  # mark Chloe and Dmitri
        await settle(pilot)
        assert len(tab(pilot).table.marks) == 2
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("space")  # check the first tag: Newsletter
        await pilot.press("tab", *"Brand-New", "ctrl+s")
        await settle(pilot)
        assert any("to 2 clients" in n for n in notes.texts)
        assert set(users.find_by_email("client3@example.com").tags) == {"Brand-New",
                                                                         "Newsletter"}
        await pilot.press("T")
        await settle(pilot)
        await pilot.press("space", "ctrl+s")  # remove Brand-New from both
        await settle(pilot)
    for email in ("client3@example.com", "client4@example.com"):
        assert users.find_by_email(email).tags == ("Newsletter",)


async def test_marks_survive_search_and_mark_all_matching(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("space")  # Alice
        await pilot.press("slash", *"vip")
        await settle(pilot)
        table = tab(pilot).table
        assert table.total == 2  # Alice and Bruno hold VIP
        await pilot.press("escape")
        await settle(pilot)
        assert table.total == 5 and table.marks == {users.find_by_email("client1@example.com").id}
        assert pilot.app.focused is table
        await pilot.press("slash", *"vip", "enter")
        await settle(pilot)
        await pilot.press("asterisk")
        await settle(pilot)
        assert len(table.marks) == 2
        assert "2 marked" in str(tab(pilot).bar.query_one("#summary").render())


async def test_archive_states_the_count(app):
    notes = Notes()
    async with app.run_test(size=SIZE, message_hook=notes) as pilot:
        await settle(pilot)
        await pilot.press("space", "space", "x")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmScreen)
        assert pilot.app.screen.title_text == "Archive 2 clients?"
        await pilot.press("shift+tab", "enter")
        await settle(pilot)
        assert "2 clients archived" in notes.texts
        assert tab(pilot).table.total == 3
        assert "Clients 3 / 10" in pilot.app.screen.sub_title
    assert user("client1@example.com").status == "archived"


async def test_registration_code_and_details(app):
    notes = Notes()
    async with app.run_test(size=SIZE, message_hook=notes) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert "no registration code" in str(pilot.app.screen.query_one("#code").render())
        await pilot.click("#issue")
        await settle(pilot)
        code = RegistrationCode.get(RegistrationCode.user == user("client1@example.com").id)
        shown = str(pilot.app.screen.query_one("#code").render())
        assert shown.startswith(f"{code.code}\nvalid until ") and "␊" not in shown
        await pilot.click("#send")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert "Registration code queued to be emailed to client1@example.com" in notes.texts
        await settle(pilot)
        texts = [m.read_text() for m in (pilot.app.config.data_dir / "mail").glob("*.eml")]
        [mail] = [t for t in texts if "To: client1@example.com" in t]
        assert code.code in mail and "Subject: Your registration code for Test Org" in mail
        await pilot.press("v")
        await settle(pilot)
        details = pilot.app.screen.details
        assert details.code is not None and details.record.tags == ("VIP",)
        assert "registration_code.issued" in [e.action for e in details.history]


async def test_invite_several_clients(app):
    notes = Notes()
    async with app.run_test(size=SIZE, message_hook=notes) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        await pilot.press(*"a@example.com,b@example.com", "ctrl+s")
        await settle(pilot)
        assert "2 invitations created (see Pending)" in notes.texts
        assert "Pending (4)" in str(pilot.app.screen.query_one("#tabs").get_tab("pending").label)
    assert user("a@example.com").status == "pending"
