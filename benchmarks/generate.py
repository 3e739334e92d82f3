"""Generate a realistic synthetic inventory of N accounts, seeded, with about 20% violations per
control, for the benchmarks and the scale tests.

    python benchmarks/generate.py 100000 --seed 7 > /tmp/inventory-100k.yaml
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from collections.abc import Iterator
from typing import Any

from smaudit.inventory.addresses import PLATFORMS as KNOWN_PLATFORMS

# every platform the inventory format knows by name (its own list), not "other"
PLATFORMS = [p for p in KNOWN_PLATFORMS if p != "other"]
OFFICES = [
    "Office of Public Affairs",
    "Regional Office 1",
    "Regional Office 2",
    "Grants",
    "Careers",
    "Office of the Secretary",
    "Emergency Management",
    "Research",
]
AS_OF = dt.date(2026, 11, 20)
VIOLATION = 0.2


def days_ago(rng: random.Random, low: int, high: int) -> str:
    return (AS_OF - dt.timedelta(days=rng.randint(low, high))).isoformat()


def person(rng: random.Random, index: int) -> dict[str, Any]:
    separated = rng.random() < 0.05
    record: dict[str, Any] = {
        "id": f"p{index:06d}",
        "name": f"Person {index}",
        "email": f"person.{index}@example.gov",
        "employment": rng.choices(["federal", "contractor", "intern"], [0.8, 0.15, 0.05])[0],
        "status": "separated" if separated else "active",
        "training_completed_on": days_ago(rng, 30, 420),
        "rules_of_behavior_signed_on": days_ago(rng, 300, 700),
    }
    if separated:
        record["separated_on"] = days_ago(rng, 1, 200)
    return record


def bad(rng: random.Random) -> bool:
    return rng.random() < VIOLATION


def account(rng: random.Random, index: int, people: int) -> dict[str, Any]:
    platform = PLATFORMS[index % len(PLATFORMS)]
    handle = f"ExampleAgency{index}"
    holders = [
        {
            "person": f"p{rng.randrange(people):06d}",
            "role": rng.choice(["admin", "editor"]),
            "granted_on": days_ago(rng, 200, 700),
            **({"removed_on": days_ago(rng, 10, 190)} if rng.random() < 0.3 else {}),
        }
        for _ in range(rng.randint(1, 4))
    ]
    apps = [
        {
            "name": rng.choice(["Hootsuite", "Sprout Social", "Sprinklr", "Later"]),
            "vendor": "Vendor Inc.",
            "scopes": ["read", "publish"],
            "approved": not bad(rng),
            "approved_scopes": ["read", "publish"],
            "approval_ref": f"ATO-{index}",
            "granted_on": days_ago(rng, 100, 900),
            "last_used": days_ago(rng, 1, 250),
            "last_reviewed": days_ago(rng, 1, 420),
            "mfa_enforced": not bad(rng),
            "audit_logging": True,
        }
        for _ in range(rng.randint(0, 2))
    ]
    record: dict[str, Any] = {
        "id": f"acct-{index:06d}",
        "platform": platform,
        "handle": handle,
        "url": f"https://example.com/{platform}/{handle}",
        "status": rng.choices(["active", "dormant", "retired"], [0.9, 0.07, 0.03])[0],
        "account_type": "official",
        "purpose": "Agency news and public information",
        "tier": "high-impact" if rng.random() < 0.1 else "standard",
        "office": rng.choice(OFFICES),
        "approval": {
            "approved": True,
            "approved_by": "CIO",
            "approved_on": "2020-01-01",
            "ref": f"MEMO-{index}",
        },
        "owner": f"p{rng.randrange(people):06d}",
        "backup_owner": f"p{rng.randrange(people):06d}",
        "login": {
            "email": "social@gmail.com" if bad(rng) else "social@example.gov",
            "email_type": "group",
        },
        "mfa": {
            "enabled": not bad(rng),
            "methods": ["sms"] if bad(rng) else ["security_key", "totp"],
            "device_owner": "personal" if bad(rng) else "agency",
            "backup_codes_stored_in": "password_manager",
        },
        "recovery": {
            "email": "social@example.gov",
            "phone_owner": "agency",
            "security_questions": bad(rng),
        },
        "credentials": {
            "type": rng.choice(["shared_password", "delegated_roles"]),
            "stored_in": "spreadsheet" if bad(rng) else "password_manager",
            "last_rotated": days_ago(rng, 1, 300),
            "password_length": rng.randint(10, 30),
            "unique": True,
            "holders": holders,
        },
        "third_party_apps": apps,
        "registry": {
            "registered": not bad(rng),
            "id": str(200000 + index),
            "last_validated": days_ago(rng, 1, 450),
        },
        "verification": "verified",
        "last_activity": days_ago(rng, 0, 230),
        "last_reviewed": days_ago(rng, 1, 230),
        "reviewed_by": f"p{rng.randrange(people):06d}",
        "records": {"capture_method": "archiver", "last_capture": days_ago(rng, 0, 38)},
        "incident_response": {"plan_ref": "IR-SM-01", "last_exercised": days_ago(rng, 1, 450)},
        "moderation_policy_url": "https://example.gov/comment-policy",
        "comments_enabled": True,
        "terms_of_service": {"agreement": "federal-compatible"},
        "risk_assessment": {"ref": f"RA-{index}", "assessed_on": days_ago(rng, 1, 230)},
        "login_alerts": {"enabled": not bad(rng), "sessions_reviewed_on": days_ago(rng, 1, 230)},
        "monitoring": {"enabled": True, "last_reviewed": days_ago(rng, 1, 230)},
        "devices": {"managed_only": not bad(rng)},
        "privacy": {"pia_ref": "PIA-SM-01"},
        "incidents": [],
        "identity": {"official_link": "https://www.example.gov/", "profile_states_official": True},
    }
    if bad(rng):
        del record["owner"]
    return record


def inventory(n: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    people = max(10, n // 5)
    return {
        "smaudit": 1,
        "agency": {
            "name": "Department of Examples",
            "abbreviation": "DOE",
            "email_domains": ["example.gov"],
        },
        "people": [person(rng, i) for i in range(people)],
        "accounts": [account(rng, i, people) for i in range(n)],
    }


def to_yaml(data: dict[str, Any]) -> Iterator[str]:
    """Block YAML written directly (PyYAML's emitter would dominate the generation time);
    scalars are JSON-quoted strings or plain numbers and booleans, which YAML reads back
    identically."""
    yield "smaudit: 1\n"
    yield f"agency: {json.dumps(data['agency'])}\n"
    yield "people:\n"
    for p in data["people"]:
        yield f"  - {json.dumps(p)}\n"
    yield "accounts:\n"
    for a in data["accounts"]:
        first = True
        for key, value in a.items():
            lead = "  - " if first else "    "
            first = False
            if isinstance(value, list) and value and isinstance(value[0], dict):
                yield f"{lead}{key}:\n"
                for item in value:
                    yield f"      - {json.dumps(item)}\n"
            else:
                yield f"{lead}{key}: {json.dumps(value)}\n"


def shared(data: Any, seen: dict[str, Any] | None = None) -> Any:
    """`data` with equal sequences made one object, as a script's constants are
    (`METHODS = ["totp"]` given to every account): PyYAML's safe_dump then writes each such
    sequence once, with an anchor, and an alias wherever it recurs."""
    seen = {} if seen is None else seen
    if isinstance(data, dict):
        return {key: shared(value, seen) for key, value in data.items()}
    if isinstance(data, list):
        items = [shared(item, seen) for item in data]
        if items and all(isinstance(item, str) for item in items):
            return seen.setdefault(json.dumps(items), items)
        return items
    return data


def to_pyyaml(data: dict[str, Any]) -> str:
    """YAML as a script writes it with PyYAML (anchored: see `shared`), in PyYAML's C emitter."""
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return str(yaml.dump(shared(data), Dumper=dumper, sort_keys=False, allow_unicode=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--format",
        choices=["yaml", "json", "pyyaml"],
        default="yaml",
        help="pyyaml: written by PyYAML's safe_dump, with anchors where lists repeat",
    )
    args = parser.parse_args()
    data = inventory(args.n, args.seed)
    if args.format == "json":
        json.dump(data, sys.stdout)
    elif args.format == "pyyaml":
        sys.stdout.write(to_pyyaml(data))
    else:
        sys.stdout.writelines(to_yaml(data))


if __name__ == "__main__":
    main()
