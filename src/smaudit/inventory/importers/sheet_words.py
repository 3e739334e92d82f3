"""The words trackers write for inventory values, and the words that stop a cell being read
as one: a negation, a plan, a past ("not in 1Password", "SMS (no app yet)", "was Excel")."""

from __future__ import annotations

# Words trackers use, for each schema value (matched as whole words, in this order); a value
# counts only where the field's schema enum has it.
SYNONYMS: tuple[tuple[str, str], ...] = (
    # mfa.methods
    ("totp", "totp"),
    ("authenticator", "totp"),
    ("authenticator_app", "totp"),
    ("authentication_app", "totp"),
    ("code_generator", "totp"),
    ("authy", "totp"),
    ("app", "totp"),
    ("security_key", "security_key"),
    ("hardware_key", "security_key"),
    ("physical_key", "security_key"),
    ("yubikey", "security_key"),
    ("yubi_key", "security_key"),
    ("fido", "security_key"),
    ("fido2", "security_key"),
    ("u2f", "security_key"),
    ("webauthn", "security_key"),
    ("passkey", "passkey"),
    ("passkeys", "passkey"),
    ("push", "app_prompt"),
    ("prompt", "app_prompt"),
    ("login_approval", "app_prompt"),
    ("duo", "app_prompt"),
    ("sms", "sms"),
    ("text", "sms"),
    ("text_message", "sms"),
    ("voice", "voice"),
    ("phone_call", "voice"),
    ("call", "voice"),
    # places a secret is kept (credentials.stored_in, mfa.backup_codes_stored_in)
    ("password_manager", "password_manager"),
    ("1password", "password_manager"),
    ("bitwarden", "password_manager"),
    ("lastpass", "password_manager"),
    ("keeper", "password_manager"),
    ("dashlane", "password_manager"),
    ("keepass", "password_manager"),
    ("cyberark", "password_manager"),
    ("vault", "password_manager"),
    ("secret_server", "password_manager"),
    ("excel", "spreadsheet"),
    ("spreadsheet", "spreadsheet"),
    ("sheet", "spreadsheet"),
    ("smartsheet", "spreadsheet"),
    ("email", "email"),
    ("e_mail", "email"),
    ("outlook", "email"),
    ("document", "document"),
    ("doc", "document"),
    ("word", "document"),
    ("onenote", "document"),
    ("notebook", "document"),
    ("paper", "document"),
    ("not_stored", "none"),
    ("none", "none"),
    # status, tier, account_type
    ("inactive", "dormant"),
    ("archived", "retired"),
    ("closed", "retired"),
    ("deleted", "retired"),
    ("decommissioned", "retired"),
    ("high_impact", "high-impact"),
    ("high", "high-impact"),
    ("flagship", "high-impact"),
    ("normal", "standard"),
    # who owns a device or phone; what kind of mailbox
    ("government", "agency"),
    ("gfe", "agency"),
    ("work", "agency"),
    ("byod", "personal"),
    ("own", "personal"),
    ("private", "personal"),
    ("shared", "group"),
    ("team", "group"),
    ("distribution_list", "group"),
    ("mailbox", "group"),
    ("person", "individual"),
    # credentials.type
    ("shared_password", "shared_password"),
    ("shared_login", "shared_password"),
    ("password", "shared_password"),
    ("delegated", "delegated_roles"),
    ("roles", "delegated_roles"),
    ("business_manager", "delegated_roles"),
    ("single_sign_on", "sso"),
    # a holder's role
    ("administrator", "admin"),
    ("manager", "admin"),
    ("full_control", "admin"),
    ("publisher", "editor"),
    ("content_creator", "editor"),
    ("poster", "editor"),
    ("viewer", "analyst"),
    ("read_only", "analyst"),
    ("analytics", "analyst"),
)
# Words that turn a cell round or move it out of the present: "not in 1Password", "SMS (no app
# yet)", "moving to a vault", "was Excel". A cell holding one is never read as the value it
# names: guessing would make "Excel - not in 1Password" a password manager and pass the check.
HEDGES = frozenset(
    {"not", "no", "non", "never", "without", "isn", "doesn", "don", "wasn", "cannot", "nor"}
    | {"planned", "plan", "plans", "planning", "pending", "moving", "move", "migrating"}
    | {"migrate", "migration", "will", "future", "soon", "yet", "next", "later", "until"}
    | {"was", "were", "previously", "formerly", "former", "old", "used", "instead", "except"}
    | {"but", "removed", "expired", "lost", "broken", "requested", "todo", "needed", "needs"}
)
# "Yes - planned for 2027" is not yet a yes
FUTURE = frozenset(
    {"planned", "plan", "pending", "soon", "will", "future", "next", "later", "until", "todo"}
    | {"requested", "needed", "needs", "yet"}
)
# Words too general to decide alone: "app" is an authenticator app only where no more specific
# word says otherwise ("Duo app" is a push prompt); two general words naming different values
# ("sent to the app by text") are not read at all.
GENERAL = frozenset(
    {"app", "text", "call", "doc", "word", "paper", "sheet", "vault", "password", "prompt"}
    | {"work", "own", "team", "shared", "manager", "high", "roles", "person", "mailbox"}
)
