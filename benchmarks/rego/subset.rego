# Six smaudit controls written in Rego, for the benchmark's comparison with regorus
# (benchmarks/run.py): SM-IA-01, SM-IA-02, SM-IA-08, SM-GOV-05, SM-TP-01, SM-GOV-06.
#
# Input: an inventory v1 document as JSON ({"accounts": [...], ...}), schema-valid as smaudit
# requires before it evaluates anything.
#
# Output: data.smaudit.results[control_id][status] = set of account ids, status one of pass,
# fail, error, not_applicable.
#
# The semantics are smaudit's, so that both engines must agree account by account:
# - a field that is absent or null is missing; a check that needs a missing field cannot be
#   assessed (error);
# - verdicts combine with Kleene's three-valued logic (true, false, null = cannot be assessed),
#   so a definite failure still wins over missing evidence;
# - equality is strict (1 is not true);
# - an account whose status (or account type) lies outside the control's scope is
#   not_applicable; a blank one stays in scope.
package smaudit

import rego.v1

statuses := ["pass", "fail", "error", "not_applicable"]

# --- three-valued logic over verdicts true, false and null ---

and3(xs) := false if {
	false in xs
} else := null if {
	null in xs
} else := true

or3(xs) := true if {
	true in xs
} else := null if {
	null in xs
} else := false

eq3(v, want) := null if {
	v == null
} else := true if {
	v == want
} else := false

in3(v, options) := null if {
	v == null
} else := true if {
	v in options
} else := false

status_of(verdict) := "pass" if {
	verdict == true
} else := "fail" if {
	verdict == false
} else := "error"

# --- scope (applies_to) ---

outside(a, key, allowed) if {
	value := object.get(a, key, null)
	value != null
	not value in allowed
}

active_dormant := {"active", "dormant"}

# --- SM-IA-01: mfa.enabled eq true ---

ia_01(a) := "not_applicable" if {
	outside(a, "status", active_dormant)
} else := status_of(eq3(object.get(a, ["mfa", "enabled"], null), true))

# --- SM-IA-02: applies when mfa.enabled is true; any of mfa.methods is not sms, voice, email ---

ia_02(a) := "not_applicable" if {
	outside(a, "status", active_dormant)
} else := when_mfa(eq3(object.get(a, ["mfa", "enabled"], null), true), a)

when_mfa(false, _) := "not_applicable"

when_mfa(null, _) := "error" # cannot tell whether the control applies

when_mfa(true, a) := status_of(any_strong(object.get(a, ["mfa", "methods"], null)))

weak_methods := {"sms", "voice", "email"}

# true if some method is definitely not weak; else null if some method is missing; else false
any_strong(methods) := null if {
	not is_array(methods)
} else := true if {
	some m in methods
	m != null
	not m in weak_methods
} else := null if {
	null in methods
} else := false

# --- SM-IA-08: in the password manager, or individual roles / SSO with nothing stored ---

ia_08(a) := "not_applicable" if {
	outside(a, "status", active_dormant)
} else := status_of(or3([
	eq3(object.get(a, ["credentials", "stored_in"], null), "password_manager"),
	and3([
		in3(object.get(a, ["credentials", "type"], null), {"delegated_roles", "sso"}),
		eq3(object.get(a, ["credentials", "stored_in"], null), "none"),
	]),
]))

# --- SM-GOV-05: official, and login.email not on a personal mail provider ---

# the control's own list (controls/GOV/SM-GOV-05.yaml)
personal_providers := {
	"gmail.com", "googlemail.com", "yahoo.com", "outlook.com", "hotmail.com", "live.com",
	"msn.com", "aol.com", "icloud.com", "me.com", "proton.me", "protonmail.com", "gmx.com",
	"mail.com", "yandex.com", "zoho.com",
}

gov_05(a) := "not_applicable" if {
	outside(a, "status", active_dormant)
} else := status_of(and3([
	eq3(object.get(a, "account_type", null), "official"),
	not_personal(email_domain(object.get(a, ["login", "email"], null))),
]))

# smaudit's email_domain: the part after the last "@" (with something before it), lower-cased,
# without trailing dots; null when the value is not such an address
email_domain(address) := domain if {
	is_string(address)
	parts := split(address, "@")
	n := count(parts)
	n >= 2
	parts[n - 1] != ""
	concat("@", array.slice(parts, 0, n - 1)) != ""
	domain := trim_right(lower(parts[n - 1]), ".")
} else := null

# the domain, or any domain it is a subdomain of, is on the list => personal
not_personal(null) := null

not_personal(domain) := false if {
	domain != null
	labels := split(domain, ".")
	n := count(labels)
	some i in numbers.range(0, n - 1)
	concat(".", array.slice(labels, i, n)) in personal_providers
} else := true if {
	domain != null
}

# --- SM-TP-01: every connected app is approved, with an approval reference ---

tp_01(a) := "not_applicable" if {
	outside(a, "status", active_dormant)
} else := status_of(all_apps_approved(object.get(a, "third_party_apps", null)))

# false if some app is definitely unapproved or has no reference; else null if some app's
# approval is missing; else true (also for no apps)
all_apps_approved(apps) := null if {
	not is_array(apps)
} else := false if {
	some app in apps
	app_approved(app) == false
} else := null if {
	some app in apps
	app_approved(app) == null
} else := true

app_approved(app) := and3([
	eq3(object.get(app, "approved", null), true),
	object.get(app, "approval_ref", null) != null,
])

# --- SM-GOV-06: active official accounts are in the U.S. Digital Registry ---

gov_06(a) := "not_applicable" if {
	outside(a, "status", {"active"})
} else := "not_applicable" if {
	outside(a, "account_type", {"official"})
} else := status_of(eq3(object.get(a, ["registry", "registered"], null), true))

# --- each control over every account, then the account ids grouped by status ---

by_account["SM-IA-01"] := {a.id: ia_01(a) | some a in input.accounts}

by_account["SM-IA-02"] := {a.id: ia_02(a) | some a in input.accounts}

by_account["SM-IA-08"] := {a.id: ia_08(a) | some a in input.accounts}

by_account["SM-GOV-05"] := {a.id: gov_05(a) | some a in input.accounts}

by_account["SM-TP-01"] := {a.id: tp_01(a) | some a in input.accounts}

by_account["SM-GOV-06"] := {a.id: gov_06(a) | some a in input.accounts}

results[control] := grouped if {
	some control, verdicts in by_account
	grouped := {status: ids | some status in statuses; ids := having(verdicts, status)}
}

having(verdicts, status) := {id | some id, s in verdicts; s == status}
