"""The control case corpus: every file under controls/cases/<ID>/<outcome>/ is a test."""

from __future__ import annotations

import pytest

from smaudit.assessment import selftest
from smaudit.catalogue.load import load_catalogue
from tests.conftest import CONTROLS

CATALOGUE = load_catalogue(CONTROLS)
CASES = list(selftest.discover(CONTROLS))


@pytest.mark.parametrize(
    "case", CASES, ids=[f"{c.control_id}/{c.expected.value}/{c.path.stem}" for c in CASES]
)
def test_case(case: selftest.Case) -> None:
    results = selftest.run_case(case, CATALOGUE)
    assert results, f"{case.path} has no accounts"
    wrong = [(r.account_id, r.actual.value, r.message) for r in results if not r.ok]
    assert not wrong, f"{case.path}: expected {case.expected.value}"
