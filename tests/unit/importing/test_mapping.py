"""Header mappings: the admin's "this column holds that field", for one file or remembered."""

from __future__ import annotations

import pytest

from rostertui.domain.enums import Kind
from rostertui.importing import engine
from rostertui.importing import mapping as header_map
from rostertui.importing.columns import map_columns

CRM = (b"Kontakt;Vorname;Last Name;Colour;Notes\n"
       b"ann@example.com;Ann;Lee;red;x\n"
       b"bob@example.com;Bob;Ray;blue;\n")


def test_targets_are_checked_and_canonical():
    assert header_map.check_target("Email Address") == "email"
    assert header_map.check_target("firstName") == "first_name"
    assert header_map.check_target("ignore") == header_map.IGNORE
    assert header_map.check_target("attribute: Colour ") == "attribute:Colour"
    assert header_map.check_target("Attributes:Colour") == "attribute:Colour"  # as headers
    with pytest.raises(ValueError, match="not a field; use one of"):
        header_map.check_target("shoe_size")
    with pytest.raises(ValueError, match="blank"):
        header_map.check_target("attribute:")


@pytest.mark.parametrize("text", ["Mail", "=email", "Mail=", "Mail=nonsense"])
def test_bad_command_line_mappings(text):
    with pytest.raises(ValueError):
        header_map.parse_option(text)


def test_parse_option():
    assert header_map.parse_option(" E-Post = e-mail") == ("E-Post", "email")
    assert header_map.parse_option("Notes=ignore") == ("Notes", "")


def test_mapping_overrides_the_alias_table():
    header = ["Kontakt", "Vorname", "Last Name", "Email", "attribute:Shoe"]
    cols = map_columns(header, Kind.CLIENT, {"kontakt": "email", "vorname": "first_name",
                                             "email": "", "attribute:shoe": "office"})
    assert not cols.errors
    assert [(c.header, c.key) for c in cols.columns] == [
        ("Kontakt", "email"), ("Vorname", "first_name"), ("Last Name", "last_name"),
        ("attribute:Shoe", "office")]
    assert "column 'Email' is ignored, as mapped" in cols.warnings


def test_two_columns_mapped_to_one_field_is_an_error():
    cols = map_columns(["Kontakt", "Email", "First"], Kind.CLIENT,
                       {"kontakt": "email", "first": "first_name"})
    assert cols.errors == ["the columns 'Kontakt' and 'Email' both hold email; keep only one of "
                           "them"]


def test_a_refused_file_is_remapped_from_its_records():
    session = engine.load_bytes(CRM, "crm.csv")
    assert session.file_errors and not session.rows
    assert "map a column to each" in session.file_errors[0]
    fixed = session.remap(header_map.clean_mapping({"Kontakt": "email", "Vorname": "first_name",
                                                    "Colour": "attribute:Colour"}))
    assert not fixed.file_errors
    assert [r.values for r in fixed.rows] == [
        {"email": "ann@example.com", "first_name": "Ann", "last_name": "Lee",
         "attribute:Colour": "red"},
        {"email": "bob@example.com", "first_name": "Bob", "last_name": "Ray",
         "attribute:Colour": "blue"}]


def test_remap_keeps_fixed_cells_and_the_row_choices():
    options = engine.ImportOptions(mapping={"Kontakt": "email", "Vorname": "first_name"})
    session = engine.load_bytes(CRM, "crm.csv", options)
    first, second = session.rows
    session.set_cell(first, 1, "Anna")
    first.include, second.send_email = False, True
    again = session.remap({**session.options.mapping, "notes": "attribute:Notes"})
    a, b = again.rows
    assert a.values["first_name"] == "Anna" and a.values["attribute:Notes"] == "x"
    assert (a.include, b.send_email) == (False, True)
    assert session.rows[0].values.get("attribute:Notes") is None  # the old one is untouched


def test_bad_mapping_in_options_is_a_value_error():
    with pytest.raises(ValueError, match="not a field"):
        engine.ImportOptions(mapping={"Kontakt": "e_mail_addr"})


@pytest.mark.parametrize("stored", [None, [], "mail=email", {"mail": 3}, {4: "email"},
                                    {"mail": "not-a-field"}])
def test_a_garbage_preference_is_skipped(stored):
    assert header_map.remembered(stored, ["Mail", "First Name"]) == {}


def test_remembered_applies_to_this_header_only():
    stored = {"mail": "email", "vorname": "first_name", "colour": "attribute:Colour"}
    assert header_map.remembered(stored, ["Mail", "First Name"]) == {"mail": "email"}


def test_merged_forgets_what_the_alias_table_does_anyway():
    stored = {"mail": "email", "colour": "attribute:Colour"}
    out = header_map.merged(stored, {"Colour": "", "Notes": "attribute:Notes",
                                     "E-mail": "email"})
    assert out == {"mail": "email", "notes": "attribute:Notes"}


def test_merged_is_capped():
    stored = {f"h{i}": "email" for i in range(header_map.MAX_REMEMBERED)}
    out = header_map.merged(stored, {"Newest": "office"})
    assert len(out) == header_map.MAX_REMEMBERED
    assert "h0" not in out and out["newest"] == "office"
