"""HR words and dates read as roster values: `Terminated` is separated, `CTR` a contractor.

HR systems and directories write the same facts many ways. What each value becomes:

| roster field | values read (any case, spaces and punctuation ignored)                      |
|--------------|------------------------------------------------------------------------------|
| status       | active: active, a, current, employed, enabled, on leave, LOA               |
|              | separated: separated, terminated, term, t, inactive, i, retired, resigned, |
|              | departed, former, left, disabled, offboarded, transferred                  |
| employment   | federal: federal, fed, employee, FTE, civilian, civil servant, GS, SES,     |
|              | permanent, full time, part time, regular, staff                             |
|              | contractor: contractor, CTR, KTR, contract, vendor, consultant              |
|              | intern: intern, internship, student, pathways                               |
|              | other: other, volunteer, guest                                              |
| dates        | 2026-03-01, 2026-03-01T17:00:00Z, 3/1/2026, 3/1/26, 3-1-2026, 2026/03/01,   |
|              | 1 Mar 2026, 01-Mar-2026, Mar 1, 2026, March 1 2026; a time after the date   |
|              | (`3/1/2026 0:00`, as Excel writes) is dropped                               |

Dates with slashes are read month first (3/1/2026 is March 1): US federal HR systems write
M/D/Y, and a day-first reading would silently move every date of the year's first twelve days
of each month. `N/A`, `-`, `none`, `unknown`, `TBD` and an empty cell mean *not recorded*: the
field is left out (so a check says "not assessed"), with no note.
"""

from __future__ import annotations

import datetime as dt
import re

from smaudit.inventory.importers.tabular import column_name
from smaudit.inventory.values import parse_date

STATUSES: dict[str, str] = {
    **dict.fromkeys(
        ("active", "a", "current", "employed", "enabled", "on_leave", "leave", "loa"), "active"
    ),
    **dict.fromkeys(
        (
            "separated",
            "terminated",
            "term",
            "t",
            "inactive",
            "i",
            "retired",
            "resigned",
            "departed",
            "former",
            "left",
            "disabled",
            "offboarded",
            "transferred",
        ),
        "separated",
    ),
}
EMPLOYMENTS: dict[str, str] = {
    **dict.fromkeys(
        (
            "federal",
            "fed",
            "employee",
            "federal_employee",
            "fte",
            "civilian",
            "civil_servant",
            "civil_service",
            "gs",
            "ses",
            "permanent",
            "full_time",
            "part_time",
            "regular",
            "staff",
        ),
        "federal",
    ),
    **dict.fromkeys(
        ("contractor", "ctr", "ktr", "contract", "contract_employee", "vendor", "consultant"),
        "contractor",
    ),
    **dict.fromkeys(("intern", "internship", "student", "pathways", "pathways_intern"), "intern"),
    **dict.fromkeys(("other", "volunteer", "guest"), "other"),
}
NOT_RECORDED = frozenset({"", "n_a", "na", "none", "null", "unknown", "tbd", "not_recorded"})

_FORMATS = (
    "%m/%d/%Y",
    "%m/%d/%y",
    "%m-%d-%Y",
    "%Y/%m/%d",
    "%d %b %Y",
    "%d %B %Y",
    "%d-%b-%Y",
    "%d-%b-%y",
    "%b %d, %Y",
    "%B %d, %Y",
    "%b %d %Y",
    "%B %d %Y",
)
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}(?:[Tt ].*)?")
_TRAILING_TIME = re.compile(r"\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?$")


def not_recorded(value: str) -> bool:
    """`N/A`, `-`, `TBD`: the source does not know, which is not a value to report."""
    return column_name(value) in NOT_RECORDED


def status(value: str) -> str | None:
    """`Terminated` -> `separated`; None when the word is not one of STATUSES."""
    return STATUSES.get(column_name(value))


def employment(value: str) -> str | None:
    """`CTR` -> `contractor`; None when the word is not one of EMPLOYMENTS."""
    return EMPLOYMENTS.get(column_name(value))


def lenient_date(value: str) -> dt.date | None:
    """`3/1/2026`, `1 Mar 2026`, `2026-03-01T17:00:00Z` -> 2026-03-01; None when not a date."""
    text = " ".join(value.split())
    if _ISO.fullmatch(text):
        try:
            return parse_date(text)
        except ValueError:
            return None
    text = _TRAILING_TIME.sub("", text)
    for form in _FORMATS:
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    return None
