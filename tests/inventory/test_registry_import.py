"""Digital Registry imports: every shape, the messiness of real exports, and the real data."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections import Counter
from pathlib import Path

import pytest

from smaudit.assessment import engine
from smaudit.assessment.planner import plan
from smaudit.errors import InputError
from smaudit.inventory import load_inventory
from smaudit.inventory.importers.assemble import Naming
from smaudit.inventory.importers.records import ImportResult
from smaudit.inventory.importers.registry import detect_shape, import_registry
from smaudit.inventory.writer import render
from smaudit.model import Inventory, Status
from tests.conftest import needs_shared

DATA = Path(__file__).parent / "data"
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]*$")
SECURITY_FIELDS = ("owner", "backup_owner", "login", "mfa", "recovery", "credentials")
# The controls that judge how an account is secured: on a skeleton they can only be not assessed.
SECURITY_FAMILIES = ("SM-IA-", "SM-PS-", "SM-TP-", "SM-AU-")


def write_and_load(result: ImportResult, tmp_path: Path) -> Inventory:
    path = tmp_path / "imported.yaml"
    path.write_text(render(result, "smaudit import registry"), encoding="utf-8")
    return load_inventory([path])


def by_id(inventory: Inventory) -> dict[str, dict[str, object]]:
    return {a.id: dict(a.fields) for a in inventory.accounts}


def test_the_full_csv_export(tmp_path: Path) -> None:
    result = import_registry(DATA / "registry_export.csv")
    assert result.shape == "U.S. Digital Registry CSV export"
    assert result.agency == "Department of Examples"
    accounts = by_id(write_and_load(result, tmp_path))
    assert list(accounts) == [
        "ooe-x-examplegov",
        "youtube-examplevideos",
        "facebook-examplegovold",
        "ooe-flickr-examplegov",
        "x-examplearchive",
        "instagram-example_gov",
    ]
    first = accounts["ooe-x-examplegov"]
    assert first["url"] == "https://x.com/examplegov"
    assert first["office"] == "Office of Examples (OOE)"
    assert first["purpose"] == "Press releases and notices"
    assert first["registry"] == {"registered": True, "id": "101"}
    # archived: retired and no longer registered; under review: not registered yet
    assert accounts["x-examplearchive"]["status"] == "retired"
    assert accounts["x-examplearchive"]["registry"] == {"registered": False, "id": "105"}
    assert accounts["instagram-example_gov"]["registry"] == {"registered": False, "id": "106"}
    assert [(s.label, s.kind) for s in result.skipped] == [("record 107", "no-address")]
    for fields in accounts.values():
        assert not set(SECURITY_FIELDS) & set(fields)


def test_api_json_with_results_wrapper_nulls_spaces_and_case(tmp_path: Path) -> None:
    result = import_registry(DATA / "registry_api.json")
    assert result.shape == "U.S. Digital Registry API records"
    accounts = by_id(write_and_load(result, tmp_path))
    assert list(accounts) == [
        "ooe-x-examplegov",
        "youtube-ucabcdefghijklmnopqrstuv",
        "facebook-1234567890",
        "pinterest-exampleboards",
    ]
    assert accounts["youtube-ucabcdefghijklmnopqrstuv"]["handle"] == "UCabcdefghijklmnopqrstuv"
    assert accounts["facebook-1234567890"]["url"] == "https://www.facebook.com/1234567890"
    assert accounts["pinterest-exampleboards"]["platform"] == "other"
    skipped = {s.label: (s.kind, s.message) for s in result.skipped}
    assert skipped["record 204"][0] == "duplicate"
    assert "record 201" in skipped["record 204"][1]
    assert skipped["record 205"] == ("no-address", "no URL and no handle")
    assert skipped["record #6"][0] == "shape"


def test_an_account_listed_twice_under_different_spellings_is_one_account() -> None:
    result = import_registry(DATA / "registry_api.json")
    keys = Counter(a.record.key for a in result.accounts)
    assert all(n == 1 for n in keys.values())
    duplicate = next(s for s in result.skipped if s.kind == "duplicate")
    assert "'http://x.com/EXAMPLEGOV' and 'https://twitter.com/ExampleGov?lang=en'" in (
        duplicate.message
    )
    assert "the registry lists it twice: 201 and 204" in duplicate.message


def test_the_bulk_import_csv_says_nothing_about_registration(tmp_path: Path) -> None:
    path = tmp_path / "bulk.csv"
    path.write_text(
        '"account_platform","account_url","account_name","short_description","long_description",'
        '"language","agencies","contacts","notes"\n'
        '"Twitter","http://twitter.com/a_sample","An Account","Short","","English",'
        '"Department of Magic|Office of Owls (OOO)","adam@example.gov",""\n'
        '"Instagram","http://instagram.com/b_sample","B","Short","","English","2","102",""\n',
        encoding="utf-8",
    )
    assert detect_shape(path) == "bulk-csv"
    result = import_registry(path)
    accounts = by_id(write_and_load(result, tmp_path))
    assert list(accounts) == ["ooo-x-a_sample", "instagram-b_sample"]
    assert all("registry" not in fields for fields in accounts.values())
    assert "office" not in accounts["instagram-b_sample"]
    assert [n.kind for n in result.notes] == ["note"]


def test_clashing_ids_take_the_registry_id(tmp_path: Path) -> None:
    path = tmp_path / "clash.json"
    # channel ids are case-sensitive, account ids are written in lower case
    path.write_text(
        '[{"id": 71, "service_key": "youtube",'
        ' "service_url": "https://youtube.com/channel/UCabcdefghijklmnopqrstuv"},'
        ' {"id": 72, "service_key": "youtube",'
        ' "service_url": "https://youtube.com/channel/UCABCDEFGHIJKLMNOPQRSTUV"},'
        ' {"service_key": "youtube",'
        ' "service_url": "https://youtube.com/channel/UCAbcdefghijklmnopqrstuv"}]',
        encoding="utf-8",
    )
    ids = [a.id for a in import_registry(path).accounts]
    base = "youtube-ucabcdefghijklmnopqrstuv"
    assert ids == [base, f"{base}-72", f"{base}-2"]


def test_ids_follow_the_account_not_its_spelling(tmp_path: Path) -> None:
    path = tmp_path / "spellings.json"
    for url in ("https://facebook.com/eda.commerce", "http://m.facebook.com/EdaCommerce/"):
        path.write_text(f'[{{"service_key": "facebook", "service_url": "{url}"}}]', "utf-8")
        assert [a.id for a in import_registry(path).accounts] == ["facebook-edacommerce"]


def test_the_agency_and_abbreviation_can_be_given(tmp_path: Path) -> None:
    naming = Naming(agency="Department of Examples (DOE)", abbreviation="DOE")
    result = import_registry(DATA / "registry_export.csv", naming=naming)
    text = render(result, "smaudit import registry")
    assert "name: Department of Examples (DOE)\n" in text  # no "check it": it was given
    assert "abbreviation: DOE" in text
    assert [a.id for a in result.accounts][1] == "doe-youtube-examplevideos"
    assert load_inventory([_write(tmp_path, text)]).agency.abbreviation == "DOE"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "out.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "content",
    ["a,b,c\n1,2,3\n", "{}", '{"results": 3}', ""],
    ids=["unknown-header", "empty-object", "results-not-a-list", "empty"],
)
def test_files_that_are_no_registry_shape_are_input_errors(tmp_path: Path, content: str) -> None:
    path = tmp_path / ("f.json" if content.startswith("{") else "f.csv")
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        import_registry(path)
    assert info.value.problems[0].file == str(path)


def test_a_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        import_registry(tmp_path / "absent.json")


# --- the real data -----------------------------------------------------------------------------


def _check_real(result: ImportResult, tmp_path: Path) -> Inventory:
    inventory = write_and_load(result, tmp_path)
    ids = [a.id for a in inventory.accounts]
    assert len(ids) == len(set(ids)) == len(result.accounts)
    assert all(ID_PATTERN.match(i) for i in ids)
    assert all(str(a.fields["url"]).startswith("https://") for a in inventory.accounts)
    return inventory


def test_the_real_digital_registry_slice_imports_and_validates(tmp_path: Path) -> None:
    path = needs_shared("realdata/us-digital-registry-2017/DOC_accts.json")
    started = time.perf_counter()
    result = import_registry(path)
    assert time.perf_counter() - started < 5
    assert len(result.accounts) + len(result.skipped) == 410
    # all 410 name an account (the 51 blank `account` fields have URLs); 19 are the same
    # account listed again, under the same or another spelling of its URL
    assert Counter(s.kind for s in result.skipped) == {"duplicate": 19}
    assert len(result.accounts) == 391
    assert result.agency == "Department of Commerce"
    inventory = _check_real(result, tmp_path)
    omao = [a for a in inventory.accounts if str(a.fields.get("handle")).lower() == "noaa_omao"]
    assert len(omao) == 1  # twitter.com/noaa_omao?lang=en and twitter.com/NOAA_OMAO


def test_the_real_2012_registry_csv_imports_and_validates(tmp_path: Path) -> None:
    path = needs_shared("realdata/social-media-registry-2012/accounts.csv")
    result = import_registry(path)
    assert result.shape == "2012 Federal Social Media Registry CSV"
    assert len(result.accounts) + len(result.skipped) == 1262
    assert {s.kind for s in result.skipped} == {"duplicate"}
    _check_real(result, tmp_path)


def test_check_on_a_real_import_assesses_no_security_control(tmp_path: Path) -> None:
    path = needs_shared("realdata/us-digital-registry-2017/DOC_accts.json")
    out = _write(tmp_path, render(import_registry(path), "smaudit import registry"))
    run = plan([out])
    options = engine.Options(include_passed=True)
    report = engine.evaluate(
        run.inventory, run.controls, dt.date(2026, 11, 20), run.parameters, options
    )
    security = [f for f in report.findings if f.control_id.startswith(SECURITY_FAMILIES)]
    assert security
    # a skeleton states no security fact: nothing passes; a missing record of a required action
    # (a session review, say) fails, an unstated fact is not assessed, most of the time
    assert Status.PASS not in {f.status for f in security}
    assert Counter(f.status for f in security)[Status.ERROR] > 0.8 * len(security)
    # registration is what the registry itself proves
    registered = {f.status for f in report.findings if f.control_id == "SM-GOV-06"}
    assert registered == {Status.PASS}
