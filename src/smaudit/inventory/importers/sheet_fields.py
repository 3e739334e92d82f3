"""Which inventory field each spreadsheet column can fill: one table of fields and the header
names trackers give them; what kind of value each field takes comes from the inventory schema.

Header cells are compared without case, spaces or punctuation (`MFA Type/Method` is
`mfa_type_method`). `--map COLUMN=FIELD` names any field of the table by its path in the
inventory (`mfa.enabled`, `credentials.stored_in`); `credentials.holders.*` fields describe one
holder per row (rows for the same account are merged into one account with several holders).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from smaudit.inventory.fields import account_fields
from smaudit.inventory.importers.tabular import column_name
from smaudit.schemas import load_schema

IGNORE = "ignore"
HOLDER = "credentials.holders"
"""A column of several people with access: `jdoe; Jane Doe <jane@x.gov> (admin)`."""
HOLDER_ROW = "credentials.holders."
"""Fields of one holder per row: `credentials.holders.person`, `.role`, `.granted_on`, ..."""

# (field, the header names that mean it): first matching column wins, fields in this order.
_TABLE: tuple[tuple[str, str], ...] = (
    ("id", "id account_id"),
    ("platform", "platform service account_platform network site channel_type"),
    ("handle", "handle account username user_name screen_name account_handle account_name"),
    ("url", "url link account_url service_url profile_url address page_url"),
    (
        "office",
        "office organization organisation department division bureau component program_office",
    ),
    ("agencies", "agencies agency"),
    (
        "owner",
        "owner account_owner primary_contact primary_owner primary_administrator primary_admin",
    ),
    ("owner.name", "owner_name primary_owner_name account_owner_name"),
    ("owner.email", "owner_email primary_owner_email account_owner_email owner_e_mail"),
    (
        "backup_owner",
        "backup_owner secondary_owner secondary_contact backup backup_contact backup_admin "
        "backup_administrator alternate_owner",
    ),
    ("backup_owner.name", "backup_owner_name backup_name secondary_owner_name"),
    ("backup_owner.email", "backup_owner_email backup_email secondary_owner_email"),
    ("status", "status account_status"),
    ("account_type", "account_type official_or_personal"),
    ("tier", "tier impact impact_level account_tier"),
    ("purpose", "purpose description short_description"),
    ("registry.id", "registry_id digital_registry_id usdr_id"),
    ("contacts", "contacts"),
    (
        "login.email",
        "login_email login sign_in_email login_address account_email email_used_to_log_in "
        "registered_email login_e_mail",
    ),
    ("login.email_type", "login_email_type login_mailbox_type"),
    (
        "mfa.enabled",
        "mfa 2fa two_factor two_factor_authentication mfa_enabled 2fa_enabled multi_factor "
        "multi_factor_authentication two_step_verification 2sv 2_step_verification mfa_status "
        "2fa_status mfa_on two_factor_enabled",
    ),
    (
        "mfa.methods",
        "mfa_type mfa_method mfa_methods mfa_type_method mfa_types 2fa_type 2fa_method "
        "2fa_methods two_factor_type two_factor_method second_factor 2fa_type_method "
        "mfa_enabled_type authentication_method",
    ),
    ("mfa.device_owner", "mfa_device mfa_device_owner 2fa_device authenticator_device"),
    (
        "mfa.backup_codes_stored_in",
        "backup_codes_location backup_codes_stored backup_codes_stored_in",
    ),
    (
        "recovery.email",
        "recovery_email recovery_email_address recovery_email_phone recovery recovery_contact "
        "recovery_e_mail",
    ),
    ("recovery.email_type", "recovery_email_type recovery_mailbox_type"),
    ("recovery.phone_owner", "recovery_phone recovery_phone_owner"),
    ("recovery.security_questions", "security_questions security_questions_set"),
    ("recovery.mailbox_mfa", "recovery_mailbox_mfa recovery_email_mfa"),
    ("credentials.type", "credential_type credentials_type access_type login_type"),
    (
        "credentials.stored_in",
        "password_location password_stored password_stored_in password_storage password_kept "
        "where_is_the_password_stored password_vault stored_in password_manager "
        "credential_location credentials_stored_in password_kept_in",
    ),
    (
        "credentials.last_rotated",
        "last_password_change password_last_changed password_changed last_rotated "
        "password_last_rotated last_password_rotation password_change_date "
        "last_password_reset password_last_reset date_password_changed",
    ),
    ("credentials.password_length", "password_length"),
    ("credentials.unique", "unique_password password_unique"),
    (
        HOLDER,
        "holders credential_holders who_has_access people_with_access has_access "
        "access_holders users_with_access",
    ),
    (
        "credentials.holders.person",
        "holder credential_holder user team_member person access_holder",
    ),
    ("credentials.holders.role", "role holder_role access_level permission access_role"),
    (
        "credentials.holders.granted_on",
        "granted_on access_granted date_granted access_granted_on date_added",
    ),
    ("credentials.holders.removed_on", "removed_on access_removed date_removed"),
    ("last_reviewed", "last_reviewed last_review reviewed_on date_reviewed"),
    ("created_on", "created_on date_created creation_date"),
    ("last_activity", "last_activity last_post last_posted"),
    ("verification", "verification verification_status"),
    ("login_alerts.enabled", "login_alerts login_notifications"),
)
_IMPORT_ONLY = {"agencies": "names", "contacts": "contacts", "platform": "text"}
"""Fields a sheet gives that are no inventory field (the registry's agencies and contacts),
and the platform, which is read by its many names (`Twitter`, `FB`) as the registry's is."""
_PRIVATE_KINDS = frozenset({"person", "email", "people", "contacts"})
_PERSON_FIELDS = frozenset({"owner", "backup_owner"})
_WHAT = {
    "mfa.methods": "an MFA method",
    "credentials.stored_in": "a place to keep a password",
    "mfa.backup_codes_stored_in": "a place to keep backup codes",
}


@dataclass(frozen=True)
class SheetField:
    """A field a column can fill, and how its cells are read."""

    path: str
    """The inventory field, as --map names it: `mfa.enabled`."""
    aliases: tuple[str, ...]
    kind: str
    """boolean, choice, choices, date, email, integer, person, people, text, names, contacts."""
    allowed: tuple[str, ...] = ()
    """The schema's values, for a choice."""
    what: str = ""
    """How a note names what a value failed to be: `an MFA method`."""

    @property
    def private(self) -> bool:
        """Whether a cell may name a person: its value is never repeated in a message."""
        return (
            self.kind in _PRIVATE_KINDS
            or self.path.split(".")[0] in _PERSON_FIELDS
            or self.path == "recovery.phone_owner"
        )


def _kind(spec: Mapping[str, Any]) -> tuple[str, tuple[str, ...]]:
    """What a schema property takes: the kind of reader, and its values for a choice."""
    defs = load_schema("inventory")["$defs"]
    ref = spec.get("$ref", "").rsplit("/", 1)[-1]
    if ref in ("date", "email", "person_ref"):
        return {"person_ref": "person"}.get(ref, ref), ()
    node = defs[ref] if ref else spec
    if node.get("type") == "array":
        items = node["items"]
        if "enum" in items:
            return "choices", tuple(items["enum"])
        return "people", ()
    if "enum" in node:
        return "choice", tuple(node["enum"])
    if "anyOf" in node:  # a date, or null while access continues
        return "date", ()
    return {"boolean": "boolean", "integer": "integer"}.get(node.get("type", ""), "text"), ()


@cache
def sheet_fields() -> Mapping[str, SheetField]:
    """Every field a column can fill, by its --map name, with its kind from the schema."""
    known = account_fields()
    table: dict[str, SheetField] = {}
    for path, aliases in _TABLE:
        allowed: tuple[str, ...] = ()
        if path in _IMPORT_ONLY:
            kind = _IMPORT_ONLY[path]
        else:
            kind, allowed = _kind(known[tuple(path.split("."))])
        what = _WHAT.get(path, f"a value of {path}")
        table[path] = SheetField(path, tuple(aliases.split()), kind, allowed, what)
    return table


FIELD_NAMES: tuple[str, ...] = (*(path for path, _ in _TABLE), IGNORE)
_LEGACY = {"registry_id": "registry.id"}


def parse_mapping(pairs: Sequence[str]) -> dict[str, str]:
    """`["Account Name=handle"]` -> `{"account_name": "handle"}`; ValueError names a bad pair."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        column, equals, target = pair.rpartition("=")
        target = target.strip().lower()
        target = _LEGACY.get(target, target)
        if not equals or not column.strip():
            raise ValueError(f"{pair!r}: expected COLUMN=FIELD")
        if target not in FIELD_NAMES:
            raise ValueError(
                f"{pair!r}: unknown field {target!r} (known: {', '.join(FIELD_NAMES)})"
            )
        mapping[column_name(column)] = target
    return mapping


def is_holder_field(path: str) -> bool:
    return path.startswith(HOLDER_ROW)
