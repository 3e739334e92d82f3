"""smaudit.redact: people are masked by what they are; a message quotes no secret or person."""

from __future__ import annotations

import string

from hypothesis import given
from hypothesis import strategies as st

from smaudit.safety.redact import CREDENTIAL, mask_text, present, pseudonym, quote

_LOCAL = st.text(alphabet=string.ascii_lowercase + ".", min_size=2, max_size=12).filter(
    lambda s: s.strip(".") == s and ".." not in s
)
_EMAIL = st.builds(lambda a, b: f"{a}@{b}.gov", _LOCAL, st.sampled_from(["agency", "x.example"]))
_AROUND = st.text(alphabet=string.ascii_letters + " ,;", max_size=20)


@given(_EMAIL, _AROUND, _AROUND)
def test_an_address_in_free_text_is_masked(address: str, before: str, after: str) -> None:
    shown = mask_text(f"{before} {address} {after}")
    assert address not in shown and address.split("@")[1] in shown


@given(st.sampled_from(["(202) 555-0100", "202-555-0100", "202.555.0100", "+44 20 7946 0958"]))
def test_a_phone_number_in_free_text_is_masked(number: str) -> None:
    assert number not in mask_text(f"call {number} today")


def test_dates_ids_and_tickets_are_not_phone_numbers() -> None:
    text = "2026-11-20 POAM-2026-0042 acct-5551234567"
    assert mask_text(text) == text


def test_people_are_shown_by_a_stable_pseudonym() -> None:
    person = {"id": "jane.doe@agency.gov", "name": "Jane Doe"}
    assert present(person, "owner", False) == pseudonym("jane.doe@agency.gov")
    assert present(person, "owner", True) == "jane.doe@agency.gov"
    assert pseudonym("tbrooks") == pseudonym("tbrooks") != pseudonym("tbrook")
    assert present("Jane Doe", "approved_by", False) == "J. D."
    assert present("jdoe", "id", False) == pseudonym("jdoe")


def test_a_quoted_value_is_never_a_credential() -> None:
    assert quote("ghp_" + "a1B2c3D4" * 5) == CREDENTIAL
    assert "jane" not in quote("jane.doe@gmail.com")
