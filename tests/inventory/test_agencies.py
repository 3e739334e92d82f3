"""Choosing records by agency: by full name, acronym or registry id, in any case."""

from __future__ import annotations

import pytest

from smaudit.errors import InputError
from smaudit.inventory.importers.agencies import matches, select
from smaudit.inventory.importers.records import SourceRecord
from smaudit.model import Location

HERE = Location("registry.json", 1, 1)
NOAA = SourceRecord(
    "record 1",
    HERE,
    agencies=("Department of Commerce", "National Oceanic and Atmospheric Administration (NOAA)"),
    agency_ids=(
        ("81", "Department of Commerce"),
        ("2011", "National Oceanic and Atmospheric Administration (NOAA)"),
    ),
)
NUMBERED = SourceRecord("row 2", HERE, agency_ids=(("17", None),))
NONE = SourceRecord("row 3", HERE)


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("NOAA", "National Oceanic and Atmospheric Administration (NOAA)"),
        ("noaa", "National Oceanic and Atmospheric Administration (NOAA)"),
        ("(NOAA)", "National Oceanic and Atmospheric Administration (NOAA)"),
        (
            "national oceanic and  atmospheric administration",
            "National Oceanic and Atmospheric Administration (NOAA)",
        ),
        (
            "National Oceanic and Atmospheric Administration (NOAA)",
            "National Oceanic and Atmospheric Administration (NOAA)",
        ),
        ("DEPARTMENT OF COMMERCE ", "Department of Commerce"),
        ("81", "Department of Commerce"),
        ("2011", "National Oceanic and Atmospheric Administration (NOAA)"),
        ("NOA", None),
        ("Commerce", None),
        ("", None),
        ("8", None),
    ],
)
def test_a_query_names_an_agency_by_name_acronym_or_id(query: str, found: str | None) -> None:
    assert matches(query, NOAA) == found


def test_a_record_naming_several_agencies_is_selected_if_any_matches() -> None:
    picked = select([NOAA, NUMBERED, NONE], ["nist", "Department of Commerce", "17"], "f", _same)
    assert picked.kept == (NOAA, NUMBERED)
    assert picked.matched == ("Department of Commerce", "agency id 17")
    assert picked.considered == 3


def test_no_match_is_an_input_error_listing_the_agencies_with_counts() -> None:
    with pytest.raises(InputError) as raised:
        select([NOAA, NOAA, NUMBERED], ["XYZ"], "registry.json", _same, "; try --all")
    message = str(raised.value)
    assert "no record names an agency 'XYZ'" in message
    assert "the file names 3: Department of Commerce (id 81): 2 records; " in message
    assert "National Oceanic and Atmospheric Administration (NOAA) (id 2011): 2 records" in message
    assert "agency id 17: 1 record" in message and message.endswith("; try --all")


def test_a_file_naming_no_agency_says_so() -> None:
    with pytest.raises(InputError, match="this file names no agency at all"):
        select([NONE], ["NOAA"], "bulk.csv", _same)


def _same(record: SourceRecord) -> SourceRecord:
    return record
