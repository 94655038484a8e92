"""Text from users is shown as text: markup and escape sequences do nothing."""

from __future__ import annotations

from rostertui.db.models import User
from rostertui.ui.widgets.inert import inert_str
from tests.ui.conftest import SIZE, Notes, settle


async def test_markup_and_escape_sequences_show_literally(app):
    # Written straight to the table, as an older or hostile database could hold them
    # (the services refuse control characters on the way in).
    User.update(first_name="[bold red]Eve[/]", last_name="\x1b[31mRed\x1b]0;pwned\x07").where(
        User.email == "client1@example.com").execute()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = pilot.app.screen.query_one("#clients-tab").table
        # the row sorted by last name: "\x1b..." sorts first
        line = "".join(segment.text for segment in table.render_line(1))
        assert "[bold red]Eve…" in line  # the column is 14 cells wide
        assert "\x1b" not in line and "\x07" not in line
        assert "␛[31mRed␛]0;pwn…" in line
        await pilot.press("v")  # the details view shows them whole
        await settle(pilot)
        svg = pilot.app.export_screenshot()
        assert "[bold&#160;red]Eve[/]" in svg
        assert "␛[31mRed␛]0;pwned␇" in svg


def test_inert_str_makes_controls_visible():
    assert inert_str("a\x1b[2Jb\u202ec\x9bd") == "a␛[2Jb\ufffdc\ufffdd"


async def test_a_markup_tag_is_text_in_the_table_the_filter_and_notifications(app, admin):
    from textual.widgets import Select

    from rostertui.domain import tags

    tags.create_tag("[bold red]Boss[/]", admin)
    notes = Notes()
    async with app.run_test(size=SIZE, message_hook=notes) as pilot:
        await settle(pilot)
        await pilot.press("t")  # add tags to the client under the cursor
        await settle(pilot)
        await pilot.press("space", "ctrl+s")  # the first tag listed: the markup one
        await settle(pilot)
        assert any("[bold red]Boss[/]" in n for n in notes.texts), notes.texts
        table = pilot.app.screen.query_one("#clients-tab").table
        line = "".join(segment.text for segment in table.render_line(1))
        assert "[bold red]Boss" in line
        select = pilot.app.screen.query_one("#clients-tab").query_one("#filter", Select)
        listing = select.query_one("SelectOverlay")  # the Select's drop-down (an OptionList)
        prompts = [str(listing.get_option_at_index(i).prompt)
                   for i in range(listing.option_count)]
        assert any("[bold red]Boss[/] (1)" in p for p in prompts), prompts
        # And a notification never obeys markup, whoever sends it.
        pilot.app.notify("[link=https://evil.example]click[/link] \x1b]52;c;aGk=\x07")
        await settle(pilot)
        last = notes.shown[-1]
        assert last.markup is False and "\x1b" not in last.message
