"""The shipped catalogue validates against its own schemas and every control is tested."""

from __future__ import annotations

from pathlib import Path

import pytest

from smaudit.assessment import selftest
from smaudit.catalogue.load import load_catalogue
from smaudit.catalogue.profiles import load_profile, profile_names, resolve_parameters
from smaudit.errors import InputError
from smaudit.inventory import load_inventory
from smaudit.model import Agency, Location, Severity
from tests.conftest import CONTROLS, SAMPLES

CATALOGUE = load_catalogue(CONTROLS)
CASES = list(selftest.discover(CONTROLS))


def test_shipped_profiles_load_and_name_only_existing_controls() -> None:
    assert profile_names(CATALOGUE) == ["gsa-2015", "isimc-2009", "modern"]
    for name in profile_names(CATALOGUE):
        profile = load_profile(name, CATALOGUE)
        assert profile.controls and set(profile.controls) <= set(CATALOGUE.controls)


def test_every_control_is_in_some_profile() -> None:
    included = {
        cid for name in profile_names(CATALOGUE) for cid in load_profile(name, CATALOGUE).controls
    }
    assert included == set(CATALOGUE.controls)


@pytest.mark.parametrize("control_id", sorted(CATALOGUE.controls))
def test_every_control_has_pass_fail_and_not_assessed_cases(control_id: str) -> None:
    outcomes = {case.expected.value for case in CASES if case.control_id == control_id}
    wanted = {"pass", "fail"} if control_id in NEVER_UNKNOWN else {"pass", "fail", "error"}
    assert wanted <= outcomes, f"{control_id} needs {', '.join(sorted(wanted - outcomes))} cases"


# Controls that cannot be "not assessed": SM-GOV-01 judges whether fields are present, which is
# always known, on accounts of every status.
NEVER_UNKNOWN = frozenset({"SM-GOV-01"})


@pytest.mark.parametrize("control_id", sorted(CATALOGUE.controls))
def test_control_texts_are_complete(control_id: str) -> None:
    control = CATALOGUE.controls[control_id]
    # the public-trust controls come from OMB and NZ guidance with no SP 800-53 counterpart
    assert control.references and (control.nist_800_53 or control.family == "PUB")
    assert len(control.statement) > 60 and len(control.rationale) > 100
    assert len(control.remediation) > 60
    for reference in control.references:
        assert reference.section, f"{control_id} cites {reference.source} without a section"


def test_sample_inventories_validate() -> None:
    for name in ("agency.yaml", "compliant.yaml"):
        assert load_inventory([SAMPLES / name]).accounts


def test_profile_overlay_extends_a_shipped_profile(tmp_path: Path) -> None:
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text(
        "profile: doe\ntitle: DOE overlay\nextends: modern\n"
        "exclude: [SM-GOV-04]\nparameters: {max_admins: 5}\n"
        "severity: {SM-TP-01: critical}\n"
    )
    profile = load_profile(str(overlay), CATALOGUE)
    assert "SM-GOV-04" not in profile.controls and "SM-IA-01" in profile.controls
    assert profile.parameters["max_admins"] == 5
    assert profile.parameters["review_interval_days"] == 180  # inherited from modern
    assert profile.severity["SM-TP-01"] is Severity.CRITICAL


def test_profile_errors_are_located(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "profile: bad\ntitle: Bad\ncontrols: [SM-IA-01, SM-ZZ-01]\nparameters: {max_admins: many}\n"
    )
    with pytest.raises(InputError) as info:
        load_profile(str(bad), CATALOGUE)
    assert [str(p) for p in info.value.problems] == [
        f"{bad}:3:22: controls[1]: unknown control 'SM-ZZ-01'",
        f'{bad}:4:26: parameter max_admins: expected a whole number, got "many"',
    ]


def test_parameters_layer_catalogue_profile_then_agency() -> None:
    profile = load_profile("modern", CATALOGUE)
    where = Location("inv.yaml", 3, 3)

    def agency(parameters: dict[str, object], domains: tuple[str, ...] = ()) -> Agency:
        lines = {name: Location("inv.yaml", 7 + i, 5) for i, name in enumerate(parameters)}
        return Agency("D", where, None, domains, parameters, {}, lines)

    values = resolve_parameters(CATALOGUE, profile, agency({"max_admins": 4}, ("example.gov",)))
    assert values["review_interval_days"] == 180 and values["max_admins"] == 4
    assert values["allowed_email_domains"] == ["example.gov"]
    assert resolve_parameters(CATALOGUE, None, agency({}))["allowed_email_domains"] == [
        "gov",
        "mil",
    ]
    with pytest.raises(InputError) as info:
        resolve_parameters(CATALOGUE, profile, agency({"max_admins": 4, "max_admin": 4}))
    assert str(info.value).startswith("inv.yaml:8:5: unknown parameter 'max_admin'")
