"""Birthdates written another way: stated, proved by the column, or refused as ambiguous."""

from __future__ import annotations

import datetime as dt

import pytest

from rostertui.importing import dates

from .conftest import client_line, clients_file


@pytest.mark.parametrize("text,order", [("DD/MM/YYYY", "DMY"), ("mm/dd/yyyy", "MDY"),
                                        ("DD.MM.YYYY", "DMY"), ("D MMM YYYY", "DMY"),
                                        ("MMM D, YYYY", "MDY"), ("YYYY/MM/DD", "YMD")])
def test_formats(text, order):
    assert dates.parse_format(text).order == order


@pytest.mark.parametrize("text", ["DD/MM/YY", "DD/MM", "whenever", "DD/DD/YYYY"])
def test_bad_formats(text):
    with pytest.raises(ValueError):
        dates.parse_format(text)


@pytest.mark.parametrize("text", ["14 Mar 1975", "14-MAR-1975", "March 14, 1975",
                                  "14th March 1975", "1975/03/14", "14.03.1975"])
def test_month_names_and_year_first_need_no_format(text):
    fmt = dates.DateFormat("DMY", "DD.MM.YYYY") if text == "14.03.1975" else None
    assert dates.parse(text, fmt) == dt.date(1975, 3, 14)


def test_a_stated_order_reads_ambiguous_dates_and_refuses_impossible_ones():
    us = dates.parse_format("MM/DD/YYYY")
    assert dates.parse("03/04/1980", us) == dt.date(1980, 3, 4)
    with pytest.raises(ValueError, match="not a real date in MM/DD/YYYY"):
        dates.parse("23/04/1980", us)


def test_detection_needs_proof_and_no_contradiction(make_session):
    def session_of(*births: str, **options):
        return make_session(clients_file(*(client_line(i, birthdate=b)
                                           for i, b in enumerate(births))), plan=False,
                            **options)

    proved = session_of("03/04/1980", "23.04.1981")
    assert proved.date_format.label == "DD/MM/YYYY"  # separators differ: named with "/"
    assert [r.values["birthdate"] for r in proved.rows] == [dt.date(1980, 4, 3),
                                                            dt.date(1981, 4, 23)]
    assert proved.file_warnings == [
        "column 'birthdate' is read as DD/MM/YYYY: row 3 has '23.04.1981', whose first part "
        "is above 12 (state another format with --date-format if that is wrong)"]
    ambiguous = session_of("03/04/1980", "1980-01-02")
    assert ambiguous.date_format is None and not ambiguous.file_warnings
    assert "could be day/month or month/day" in str(ambiguous.rows[0].errors[0])
    assert not ambiguous.rows[1].errors  # ISO dates are always read
    mixed = session_of("13/04/1980", "04/13/1980", "05/06/1990")
    assert all(r.errors for r in mixed.rows)
    stated = session_of("03/04/1980", date_format="MM/DD/YYYY")
    assert stated.rows[0].values["birthdate"] == dt.date(1980, 3, 4)
