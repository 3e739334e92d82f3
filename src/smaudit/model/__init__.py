"""The domain model: the frozen dataclasses and enums every stage passes to the next."""

from smaudit.model.controls import (
    SEVERITY_BY_VALUE,
    AppliesTo,
    Control,
    Reference,
    Severity,
    Strength,
)
from smaudit.model.inventory import (
    Account,
    Agency,
    Inherited,
    Inventory,
    Person,
    SkippedFile,
    SourceFile,
)
from smaudit.model.places import Location
from smaudit.model.results import (
    STATUS_BY_VALUE,
    Evidence,
    Finding,
    Report,
    RunInfo,
    Status,
    Waiver,
    fingerprint,
)

__all__ = [
    "SEVERITY_BY_VALUE",
    "STATUS_BY_VALUE",
    "Account",
    "Agency",
    "AppliesTo",
    "Control",
    "Evidence",
    "Finding",
    "Inherited",
    "Inventory",
    "Location",
    "Person",
    "Reference",
    "Report",
    "RunInfo",
    "Severity",
    "SkippedFile",
    "SourceFile",
    "Status",
    "Strength",
    "Waiver",
    "fingerprint",
]
