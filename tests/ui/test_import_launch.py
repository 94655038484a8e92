"""`rostertui import FILE --ui` with the triage options (--value, --set, --date-format,
--sheet, --invite-incomplete...): the Import tab opens with them applied, keeps them when
another option changes, and does not carry them to another file. At 80x24."""

from __future__ import annotations

from pathlib import Path

from rostertui.config import Config
from rostertui.importing.engine import ImportOptions
from rostertui.ui.app import make_app
from rostertui.ui.widgets.import_detail import RowDetail
from rostertui.ui.widgets.tick_box import TickBox
from tests.ui.import_waits import settled
from tests.ui.test_import_tab import goto, tab

HR = ("Given Name,Surname,E-mail Address,DOB,Gender,Mobile\n"
      "Ann,Lee,ann@example.com,23/04/1980,M,5551230001\n"
      "Bob,Ray,bob@example.com,03/04/1981,U,5551230002\n")


async def test_the_tab_opens_with_the_command_lines_triage(roster, admin, tmp_path: Path,
                                                           seats):
    path = tmp_path / "hr.csv"
    path.write_text(HR, encoding="utf-8")
    other = tmp_path / "other.csv"
    other.write_text(HR, encoding="utf-8")
    options = ImportOptions(values={"sex": {"M": "male", "U": "female"}},
                            fills={"office": "Paris"}, date_format="DD/MM/YYYY",
                            send_email="all")
    app = make_app(roster, Config(data_dir=tmp_path), admin, import_path=str(path.resolve()),
                   import_dir=str(tmp_path), import_options=options)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        t = tab(pilot.app)

        def applied() -> None:
            session = t.session
            assert session.options.values == {"sex": {"m": "male", "u": "female"}}
            bob = session.row(3)
            assert bob.action == "create", bob.errors
            assert bob.values["sex"] == "female" and bob.values["office"] == "Paris"
            assert str(bob.values["birthdate"]) == "1981-04-03"  # day first, as stated
            assert bob.send_email

        applied()
        await goto(pilot, 3)
        detail = str(pilot.app.screen.query_one(RowDetail).content)
        assert "~ Gender: U → female (value mapping)" in detail
        assert "~ office: (blank) → Paris (fill)" in detail
        assert ("Applied to the file: sex m→male, u→female; office blank→Paris; dates "
                "DD/MM/YYYY") in detail
        first = t.session
        # another option changes: the file is checked again, its triage kept
        t.options_bar.query_one("#import-create-tags", TickBox).value = True
        await settled(pilot)
        assert t.session is not first and t.session.options.create_missing_tags
        applied()
        # another file: the command line named this one, not that one
        t.load_file(str(other))
        await settled(pilot)
        assert t.session.name.endswith("other.csv")
        assert t.session.options.values == {} and t.session.options.fills == {}
        assert t.session.row(3).action == "error"
