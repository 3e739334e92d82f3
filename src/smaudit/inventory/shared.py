"""Facts stated once for many accounts (`agency.shared`), and each account's inherited blocks.

An incident response plan, a privacy impact assessment, the terms of service of a platform or a
risk acceptance usually covers many accounts. The agency states such a block once: for the whole
agency, per platform (`by_platform`) or per office (`by_office`), and every account that does not
state the block itself takes it whole from the most specific level that does: the office, then
the platform, then the agency. Blocks are taken whole, never merged field by field, so that every
fact a finding cites comes from one place, which the finding names.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from smaudit.model import Inherited
from smaudit.reading.document import Document, JsonPath

BLOCKS = (
    "incident_response",
    "privacy",
    "records",
    "terms_of_service",
    "devices",
    "risk_assessment",
    "risk_acceptances",
)
"""The account fields that may be stated for many accounts at once."""


Normalise = Callable[[Document, Any, JsonPath], Any]
_Level = dict[str, tuple[Any, Inherited]]


class SharedFacts:
    """The blocks stated in the inventory's `agency.shared`, by level."""

    def __init__(self, agencies: Sequence[Document], normalise: Normalise) -> None:
        self.agency: _Level = {}
        self.platforms: dict[str, _Level] = {}
        self.offices: dict[str, _Level] = {}
        # several files may each state some: a later file's block replaces an earlier one's
        for doc in agencies:
            shared = doc.data["agency"].get("shared") or {}
            base: JsonPath = ("agency", "shared")
            self._read(doc, shared, base, "the agency", self.agency, normalise)
            for platform, blocks in (shared.get("by_platform") or {}).items():
                at = (*base, "by_platform", platform)
                level = self.platforms.setdefault(platform, {})
                self._read(doc, blocks, at, f"platform {platform}", level, normalise)
            for office, blocks in (shared.get("by_office") or {}).items():
                at = (*base, "by_office", office)
                level = self.offices.setdefault(office, {})
                self._read(doc, blocks, at, f"office {office}", level, normalise)

    @staticmethod
    def _read(
        doc: Document,
        blocks: Mapping[str, Any],
        at: JsonPath,
        label: str,
        level: _Level,
        normalise: Normalise,
    ) -> None:
        for name in BLOCKS:
            if blocks.get(name) is None:
                continue
            path = (*at, name)
            line, _ = doc.where(path)
            value = normalise(doc, blocks[name], path)
            level[name] = (value, Inherited(label, doc.file, line, doc.marks, path))

    def inherit(self, fields: dict[str, Any]) -> dict[str, Inherited]:
        """Give the account (its normalised fields, changed in place) every block it does not
        state itself; return where each came from."""
        levels = [
            self.offices.get(fields.get("office") or "", {}),
            self.platforms.get(fields.get("platform") or "", {}),
            self.agency,
        ]
        inherited: dict[str, Inherited] = {}
        for name in BLOCKS:
            if fields.get(name) is not None:
                continue
            found = next((level[name] for level in levels if name in level), None)
            if found is not None:
                fields[name], inherited[name] = found  # one object shared by the accounts
        return inherited
