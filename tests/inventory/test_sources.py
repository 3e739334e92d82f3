"""An inventory's sources, and the evidence that names them: read as the source's fields, so
a control reaches `evidence.source.recorded_on`; a wrong reference is an error at its place."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from smaudit.errors import InputError
from smaudit.inventory.loader import load_inventory
from smaudit.model.provenance import fact_sources

HEAD = "smaudit: 1\nagency:\n  name: Department of Examples\n"
SOURCES = (
    "sources:\n"
    "  - id: vault\n    system: bitwarden\n    recorded_on: 2026-11-30\n"
    "  - id: review\n    system: attestation\n    recorded_on: 2026-10-01\n    attested_by: jdoe\n"
)
PEOPLE = "people:\n  - id: jdoe\n    name: Jane Doe\n"
ACCOUNT = "accounts:\n  - id: a\n    platform: x\n    evidence:\n      - source: {}\n"


def load(tmp_path: Path, text: str) -> object:
    path = tmp_path / "inv.yaml"
    path.write_text(text, encoding="utf-8")
    return load_inventory([path], as_of=dt.date(2026, 12, 1))


def test_evidence_reads_as_its_source(tmp_path: Path) -> None:
    inventory = load(tmp_path, HEAD + PEOPLE + SOURCES + ACCOUNT.format("review"))
    (entry,) = inventory.accounts[0].fields["evidence"]  # type: ignore[attr-defined]
    assert entry["source"]["recorded_on"] == dt.date(2026, 10, 1)
    assert entry["source"]["attested_by"]["name"] == "Jane Doe"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            HEAD + PEOPLE + SOURCES + ACCOUNT.format("vualt"),
            "inv.yaml:19:17: account a, evidence item 1, source: unknown source 'vualt' "
            "(sources: 'review', 'vault')",
        ),
        (
            HEAD + ACCOUNT.format("vault"),
            "unknown source 'vault' (sources: none: the inventory has no `sources`)",
        ),
        (
            HEAD + PEOPLE + SOURCES + "  - id: vault\n    system: hr\n" + ACCOUNT.format("vault"),
            "duplicate source id 'vault' (first defined at",
        ),
        (
            HEAD
            + "sources:\n  - {id: s, system: hr, recorded_on: 2027-01-01}\n"
            + ACCOUNT.format("s"),
            "2027-01-01 is after the run date 2026-12-01",
        ),
    ],
)
def test_a_wrong_source_is_an_error_at_its_place(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        load(tmp_path, text)
    assert message in str(caught.value)


def test_an_evidence_field_the_account_cannot_hold_is_an_error(tmp_path: Path) -> None:
    """It would vouch for nothing, and SM-AU-02 would pass facts it does not cover."""
    text = HEAD + SOURCES + "accounts:\n  - id: a\n    platform: x\n    evidence:\n"
    text += (
        "      - source: vault\n        fields: [credentials.stored_in, credentails.last_rotated]\n"
    )
    with pytest.raises(InputError) as caught:
        load(tmp_path, text)
    assert "unknown field 'credentails.last_rotated' (a field of the account); did you mean " in (
        str(caught.value)
    )


@pytest.mark.parametrize("evidence", ["[]", "[{source: vault, fields: []}]"])
def test_evidence_that_names_nothing_is_invalid(tmp_path: Path, evidence: str) -> None:
    text = HEAD + SOURCES + f"accounts:\n  - id: a\n    platform: x\n    evidence: {evidence}\n"
    with pytest.raises(InputError):
        load(tmp_path, text)


ROSTER_EVIDENCE = (
    "people:\n  - id: jdoe\n    name: Jane Doe\n"
    "    google_account: {{mfa: {{enabled: true}}}}\n"
    "    evidence:\n      - source: {}\n        fields: [{}]\n"
)
HOLDER = (
    "accounts:\n  - id: a\n    platform: youtube\n    credentials:\n"
    "      type: delegated_roles\n      holders: [{person: jdoe, role: admin}]\n"
)


def test_a_persons_evidence_reads_as_its_source(tmp_path: Path) -> None:
    """The roster's facts are dated by the roster entry's own evidence, which --explain reads
    through any account the person holds a role on."""
    text = HEAD + SOURCES + ROSTER_EVIDENCE.format("vault", "google_account") + HOLDER
    inventory = load(tmp_path, text)
    fields = inventory.accounts[0].fields  # type: ignore[attr-defined]
    person = fields["credentials"]["holders"][0]["person"]
    (entry,) = person["evidence"]
    assert entry["source"]["recorded_on"] == dt.date(2026, 11, 30)
    assert entry["superseded"] is False
    path = "credentials.holders[0].person.google_account.mfa.enabled"
    assert [s["id"] for s in fact_sources(fields, path)] == ["vault"]
    assert fact_sources(fields, "credentials.holders[0].person.name") == []  # not vouched for
    assert fact_sources(fields, "credentials.holders[0].role") == []  # the account's: none


@pytest.mark.parametrize(
    ("source", "field", "message"),
    [
        ("vualt", "google_account", "person 1, evidence item 1, source: unknown source 'vualt'"),
        (
            "vault",
            "google_acount",
            "unknown field 'google_acount' (a field of the person); did you mean 'google_account'?",
        ),
    ],
)
def test_a_wrong_person_evidence_is_an_error_at_its_place(
    tmp_path: Path, source: str, field: str, message: str
) -> None:
    with pytest.raises(InputError) as caught:
        load(tmp_path, HEAD + SOURCES + ROSTER_EVIDENCE.format(source, field) + HOLDER)
    assert message in str(caught.value)


def test_unsourced_facts_are_the_facts_no_entry_names(tmp_path: Path) -> None:
    """A list and a person are one fact each; a name inside a list does not vouch for the list
    (which of its items it means is not recorded); the account's identity is not counted; an
    entry naming no fields vouches for everything."""
    account = (
        "accounts:\n  - id: a\n    platform: x\n    handle: ExampleGov\n    status: active\n"
        "    owner: jdoe\n    mfa: {enabled: true, methods: [totp]}\n"
        "    credentials:\n      stored_in: password_manager\n"
        "      holders: [{person: jdoe, role: admin}]\n"
        "    evidence:\n      - {source: vault, fields: [credentials.holders.role, mfa.enabled]}\n"
    )
    fields = load(tmp_path, HEAD + PEOPLE + SOURCES + account).accounts[0].fields  # type: ignore[attr-defined]
    assert fields["unsourced_facts"] == [
        "status",
        "owner",
        "mfa.methods",
        "credentials.stored_in",
        "credentials.holders",
    ]
    everything = account + "      - {source: review}\n"
    fields = load(tmp_path, HEAD + PEOPLE + SOURCES + everything).accounts[0].fields  # type: ignore[attr-defined]
    assert fields["unsourced_facts"] == []
    no_evidence = account.split("    evidence:")[0]
    fields = load(tmp_path, HEAD + PEOPLE + SOURCES + no_evidence).accounts[0].fields  # type: ignore[attr-defined]
    assert "unsourced_facts" not in fields


def test_files_of_a_split_inventory_may_each_define_the_same_source(tmp_path: Path) -> None:
    """Each file was merged from the same export, so each carries its entry: word for word, it
    is one source; worded differently, the id means two things."""
    one, two = tmp_path / "one.yaml", tmp_path / "two.yaml"
    source = "sources:\n  - {id: vault, system: bitwarden, recorded_on: 2026-11-30}\n"
    account = "accounts:\n  - id: {}\n    platform: x\n    evidence:\n      - source: vault\n"
    one.write_text(HEAD + source + account.format("a"), encoding="utf-8")
    two.write_text("smaudit: 1\n" + source + account.format("b"), encoding="utf-8")
    inventory = load_inventory([one, two], as_of=dt.date(2026, 12, 1))
    assert [a.fields["evidence"][0]["source"]["system"] for a in inventory.accounts] == [
        "bitwarden",
        "bitwarden",
    ]
    two.write_text(
        "smaudit: 1\n" + source.replace("2026-11-30", "2026-11-29") + account.format("b"),
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_inventory([one, two], as_of=dt.date(2026, 12, 1))
    assert "two.yaml:3:5: duplicate source id 'vault' (defined differently at " in str(caught.value)
