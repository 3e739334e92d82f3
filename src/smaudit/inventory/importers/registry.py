"""U.S. Digital Registry records (API JSON, full CSV export, bulk-import CSV, 2012 CSV) as accounts.

Shapes, told apart automatically (or named with `--shape`):

- `api-json`: the public API's `/social_media` records, a JSON list (or `{"results": [...]}`)
  of `{id, account, service_key, service_url, agencies: [{name}], short_description, ...}`.
  The public API lists published records only, so each is `registered: true` and `status:
  active` (the registry lists accounts in use; mark dormant ones by hand).
- `export-csv`: the registry's CSV export, columns `id, created_at, updated_at, service_url,
  organization, account, language, service, status, short_description, long_description,
  agencies, contacts, tags`, several values joined by `|`. Published (and archive-requested)
  records are registered and active; `archived` ones are imported as `status: retired`, not
  registered.
- `bulk-csv`: the bulk-import file agencies upload, columns `account_platform, account_url,
  account_name, short_description, long_description, language, agencies, contacts, notes`. It is
  a registration request, so it says nothing about registration; the accounts are in use (that
  is why they are being registered), so they are `status: active`.
- `registry-2012-csv`: the 2012 Federal Social Media Registry, no header row, columns
  `info_url, organization, agency_shortnames, service_url, language, tags`; published, so
  `status: active`.

`--agency` selects records by their agencies (see agencies.py).

Only what says which account it is and who sponsors it is imported; nothing security-related.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from smaudit.errors import InputError
from smaudit.inventory.importers.agencies import select
from smaudit.inventory.importers.assemble import DEFAULT_NAMING, Naming, assemble, normalise
from smaudit.inventory.importers.jsonrecords import read_records
from smaudit.inventory.importers.records import ImportResult, Normalised, Remark, SourceRecord
from smaudit.inventory.importers.tabular import Row, Table, column_name, read_table
from smaudit.model import Location

Item = SourceRecord | Remark
Reader = Callable[[Path], list[Item]]

WRAPPERS = ("results", "data", "social_media", "items")
BULK_COLUMNS = ("account_platform", "account_url")
_STATUS_NUMBERS = {
    "0": "under_review",
    "1": "published",
    "2": "archived",
    "3": "publish_requested",
    "4": "archive_requested",
}
_REGISTERED = frozenset({"published", "archive_requested"})
# The registry lists official accounts only (personal ones are not registered)
_OFFICIAL = {"account_type": "official"}
_NUMERIC_AGENCIES = "agencies given as numeric registry ids cannot be named; office left blank"


def import_registry(
    path: Path,
    shape: str = "auto",
    naming: Naming = DEFAULT_NAMING,
    agencies: Sequence[str] = (),
) -> ImportResult:
    """An inventory skeleton from a registry file: one account per distinct account, of the
    records naming one of `agencies` (all records when none is given). When they select exactly
    one agency, it is the inventory's agency unless `naming` says otherwise."""
    chosen, items = read_registry(path, shape)
    title = SHAPE_TITLES[chosen]
    if agencies:
        picked = select(items, agencies, str(path), _source)
        items = list(picked.kept)
        if naming.agency is None and len(picked.matched) == 1:
            naming = replace(naming, agency=picked.matched[0])
        title += f", the records of {'; '.join(picked.matched)}"
    return assemble(normalise(items), str(path), title, naming, system="digital-registry")


def _source(item: Item) -> SourceRecord | None:
    return item if isinstance(item, SourceRecord) else None


def registry_records(path: Path, shape: str = "auto") -> tuple[str, Normalised]:
    """Every usable record, duplicates included: what reconciliation compares against."""
    chosen, items = read_registry(path, shape)
    return SHAPE_TITLES[chosen], normalise(items)


def read_registry(path: Path, shape: str = "auto") -> tuple[str, list[Item]]:
    if not path.is_file():
        raise InputError.at(str(path), 0, 0, "no such file")
    chosen = detect_shape(path) if shape == "auto" else shape
    return chosen, SHAPES[chosen](path)


def detect_shape(path: Path) -> str:
    """JSON is the API; CSV is told by its header (or, for 2012, by having none)."""
    with path.open("rb") as handle:
        start = handle.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    if start[:1] in (b"[", b"{"):
        return "api-json"
    table = read_table(path)
    header = {column_name(c) for c in table.rows[0].cells} if table.rows else set()
    if {"service_url", "account"} <= header:
        return "export-csv"
    if set(BULK_COLUMNS) <= header:
        return "bulk-csv"
    if table.rows and len(table.rows[0].cells) >= 4 and "." in table.rows[0].cells[3]:
        return "registry-2012-csv"
    raise InputError.at(
        str(path),
        1,
        1,
        "cannot tell which Digital Registry file this is (no service_url/account or "
        "account_platform/account_url columns); name it with --shape",
    )


# --- API JSON ----------------------------------------------------------------------------------


def read_api_json(path: Path) -> list[Item]:
    items: list[Item] = []
    for index, (raw, line, column) in enumerate(read_records(path, WRAPPERS)):
        where = Location(str(path), line, column)
        if not isinstance(raw, Mapping):
            items.append(Remark(f"record #{index + 1}", where, "not a record (a mapping)", "shape"))
            continue
        items.append(_api_record(raw, where, index))
    return items


def _api_record(raw: Mapping[str, Any], where: Location, index: int) -> SourceRecord:
    registry_id = text(raw.get("id"))
    status = _registry_status(raw.get("status"))
    return SourceRecord(
        label=f"record {registry_id}" if registry_id else f"record #{index + 1}",
        location=where,
        service=text(raw.get("service_key"))
        or text(raw.get("service"))
        or text(raw.get("service_display_name")),
        handle=text(raw.get("account")),
        url=text(raw.get("service_url")),
        registry_id=registry_id,
        registry_status=status,
        registered=status is None or status in _REGISTERED,
        agencies=_agency_names(raw.get("agencies")),
        agency_ids=_agency_ids(raw.get("agencies")),
        contacts=_contact_list(raw.get("contacts")),
        purpose=text(raw.get("short_description")),
        status=_account_status(status),
        fields=_OFFICIAL,
    )


def _agency_names(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return split_values(value)
    if not isinstance(value, list):
        return ()
    names = (text(a.get("name")) if isinstance(a, Mapping) else text(a) for a in value)
    return tuple(dict.fromkeys(n for n in names if n))


def _agency_ids(value: Any) -> tuple[tuple[str, str | None], ...]:
    found = (a for a in value if isinstance(a, Mapping)) if isinstance(value, list) else ()
    pairs = ((text(a.get("id")), text(a.get("name"))) for a in found)
    return tuple(dict.fromkeys((i, name) for i, name in pairs if i))


def _contact_list(value: Any) -> tuple[str, ...]:
    if isinstance(value, list):
        found = (text(c.get("email")) if isinstance(c, Mapping) else text(c) for c in value)
        return tuple(c.lower() for c in found if c)
    return tuple(c.lower() for c in split_contacts(text(value)))


# --- CSV exports -------------------------------------------------------------------------------


def read_export_csv(path: Path) -> list[Item]:
    table = read_table(path)
    columns = _header(table, ("service_url",))
    return [_export_row(table.file, row, columns) for row in table.rows[1:]]


def _export_row(file: str, row: Row, columns: Mapping[str, int]) -> SourceRecord:
    cell = _cells(row, columns)
    registry_id = cell("id")
    status = _registry_status(cell("status"))
    return SourceRecord(
        label=f"record {registry_id}" if registry_id else f"row {row.line}",
        location=Location(file, row.line, 1),
        service=cell("service"),
        handle=cell("account"),
        url=cell("service_url"),
        registry_id=registry_id,
        registry_status=status,
        registered=status is None or status in _REGISTERED,
        agencies=split_values(cell("agencies")),
        contacts=split_contacts(cell("contacts")),
        purpose=cell("short_description"),
        status=_account_status(status),
        fields=_OFFICIAL,
    )


def read_bulk_csv(path: Path) -> list[Item]:
    table = read_table(path)
    columns = _header(table, BULK_COLUMNS)
    items: list[Item] = []
    for row in table.rows[1:]:
        cell = _cells(row, columns)
        agencies = split_values(cell("agencies"))
        named = tuple(a for a in agencies if not a.isdigit())
        notes = () if len(named) == len(agencies) else (_NUMERIC_AGENCIES,)
        items.append(
            SourceRecord(
                label=f"row {row.line}",
                location=Location(table.file, row.line, 1),
                service=cell("account_platform"),
                url=cell("account_url"),
                agencies=named,
                agency_ids=tuple((a, None) for a in agencies if a.isdigit()),
                contacts=split_contacts(cell("contacts")),
                purpose=cell("short_description"),
                status="active",
                notes=notes,
            )
        )
    return items


def read_2012_csv(path: Path) -> list[Item]:
    table = read_table(path)
    items: list[Item] = []
    for row in table.rows:
        cells = [c.strip() for c in row.cells] + [""] * 4
        shortnames = tuple(s.strip().upper() for s in cells[2].split(",") if s.strip())
        items.append(
            SourceRecord(
                label=f"row {row.line}",
                location=Location(table.file, row.line, 1),
                url=cells[3] or None,
                agencies=shortnames,
                office=cells[1] or None,
                prefix=shortnames[0] if shortnames else None,
                status="active",
            )
        )
    return items


def _header(table: Table, required: Sequence[str]) -> dict[str, int]:
    if not table.rows:
        raise InputError.at(table.file, 1, 1, "the file is empty")
    columns: dict[str, int] = {}
    for index, cell in enumerate(table.rows[0].cells):
        columns.setdefault(column_name(cell), index)
    missing = [c for c in required if c not in columns]
    if missing:
        raise InputError.at(
            table.file, table.rows[0].line, 1, f"missing column(s): {', '.join(missing)}"
        )
    return columns


def _cells(row: Row, columns: Mapping[str, int]) -> Callable[[str], str | None]:
    def cell(name: str) -> str | None:
        index = columns.get(name)
        return text(row.cells[index]) if index is not None and index < len(row.cells) else None

    return cell


# --- small helpers, shared with the other importers --------------------------------------------


def text(value: Any) -> str | None:
    """A trimmed string, or None for null, blanks, and anything that is not text or a number."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return value.strip() or None
    return None


def split_values(value: str | None) -> tuple[str, ...]:
    """`Department of Commerce|NOAA` -> both; the registry joins several values with `|`."""
    return tuple(dict.fromkeys(v.strip() for v in (value or "").split("|") if v.strip()))


def split_contacts(value: str | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c.lower() for c in re.split(r"[|,;\s]+", value or "") if c))


def _account_status(registry_status: str | None) -> str | None:
    """The registry lists the accounts agencies run: a published record is an active account
    (its owner marks it dormant where it is), an archived one a retired account."""
    if registry_status == "archived":
        return "retired"
    return "active" if registry_status is None or registry_status in _REGISTERED else None


def _registry_status(value: Any) -> str | None:
    status = text(value)
    if status is None:
        return None
    status = column_name(status)
    return _STATUS_NUMBERS.get(status, status)


SHAPES: dict[str, Reader] = {
    "api-json": read_api_json,
    "export-csv": read_export_csv,
    "bulk-csv": read_bulk_csv,
    "registry-2012-csv": read_2012_csv,
}
SHAPE_TITLES = {
    "api-json": "U.S. Digital Registry API records",
    "export-csv": "U.S. Digital Registry CSV export",
    "bulk-csv": "U.S. Digital Registry bulk-import CSV",
    "registry-2012-csv": "2012 Federal Social Media Registry CSV",
}
