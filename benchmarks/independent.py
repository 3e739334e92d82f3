"""An independent generator of smaudit inventories, for the benchmark.

It writes the inventory an agency might keep of N official social media accounts: a staff roster
(federal staff, contractors, interns; separations past and scheduled, transfers, training and
rules-of-behavior dates), owners, backups and credential holders referenced by person id, every
platform the format names, a mix of MFA states and methods, shared passwords and delegated roles,
connected management tools with their scopes, recovery settings, tiers, offices, documents stated
once in ``agency.shared``, risk acceptances for the safeguards a platform lacks, incidents, and
the gaps real inventories have (about 15% of the accounts miss one or more facts).

It was written from the documentation alone (these files): ``shared/guidance/inventory.md`` (the
shared guidance beside the checkout), and in the repository ``README.md``, ``docs/*.md``,
``sample_accounts/`` and ``src/smaudit/schemas/inventory.schema.json``; not from smaudit's own
generator, benchmark, tests or code. So the inventories it makes are shaped by what the format
says, not by what smaudit's authors expect. Where the documentation is silent (which platform
lacks which safeguard), ``smaudit validate`` and ``smaudit check`` were asked, never the code.

Run::

    python independent.py N [--seed S] [--as-of 2026-11-20] [--style block|flow|pyyaml] > inv.yaml

``--jobs J`` writes the block and flow styles in J forked processes, with the same output: each
chunk of 500 accounts draws from its own seeded random streams. 100,000 accounts in block style
take about 20 s in one process on a 2-core machine (280 MB); the pyyaml style, about 2 minutes
and 6 GB, since PyYAML's representer holds the whole document.

Styles (the same seed gives the same accounts in every style, only written differently):

- ``block``: hand-written-looking block YAML with comments, quoted and unquoted dates, date-times,
  varied key order (written here, without PyYAML: fast enough for 100,000 accounts);
- ``flow``: the same, with small records as flow mappings (``{person: jdoe, role: admin}``),
  wrapped over several lines where they are long;
- ``pyyaml``: Python data dumped by ``yaml.dump(..., Dumper=yaml.CSafeDumper, sort_keys=False)``,
  as an agency's export script would; lists the script keeps as constants are the same object
  wherever they recur, so PyYAML writes them once with an anchor (``&id001``) and then as
  aliases (``*id001``).

Output is seeded and deterministic. Every event date is on or before ``--as-of``; scheduled dates
(departures, removals, access expiries, risk acceptances' expiry) may lie after it.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import gc
import io
import itertools
import multiprocessing
import random
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

# --------------------------------------------------------------------------------------------
# Presentation markers (block and flow styles only)


class Comment(str):
    """A mapping key that the block writer emits as a ``# comment`` line."""

    __slots__ = ()


class Raw(str):
    """A scalar already written as YAML (a quoted date, a value with a trailing comment)."""

    __slots__ = ()


CHUNK = 500  # accounts generated from one seed, the unit of work of a process

# --------------------------------------------------------------------------------------------
# The agency, its offices and its people

AGENCY_NAME = "Department of Research & Development"
AGENCY_ABBR = "DRD"
DOMAIN = "drd.gov"
FIELD_DOMAIN = "field.drd.gov"  # a subdomain: accepted as the agency's
LAB_DOMAIN = "drdlabs.gov"
PERSONAL_DOMAINS = ("gmail.com", "yahoo.com", "outlook.com", "icloud.com")

# (name, code): the code goes into account ids, handles and mailboxes.
BASE_OFFICES: tuple[tuple[str, str], ...] = (
    ("Office of Public Affairs", "main"),
    ("Office of the Secretary", "secretary"),
    ("Office of the Chief Information Officer", "cio"),
    ("Office of Research & Development Communications", "rnd"),
    ("Grants & Cooperative Agreements", "grants"),
    ("Office of Human Capital", "careers"),
    ("Science & Technology Directorate", "scitech"),
    ("Emergency Communications & Preparedness", "alerts"),
    ("Office of Policy, Planning & Evaluation", "policy"),
    ("Office of Small & Disadvantaged Business Utilization", "osdbu"),
    ("Office of Congressional & Intergovernmental Affairs", "ocia"),
    ("National Laboratories Outreach", "labs"),
    ("Youth, Education & STEM Programs", "stem"),
    ("Office of Inspector General", "oig"),
)


def _words(text: str) -> tuple[str, ...]:
    """The words of a text, as a tuple."""
    return tuple(text.split())


REGIONS = (
    "New England",
    "Northeast",
    "Mid-Atlantic",
    "Southeast",
    "Great Lakes",
    "South Central",
    "Plains",
    "Mountain",
    "Pacific",
    "Northwest & Alaska",
)
PROGRAMS = (
    "Climate & Weather Research",
    "Energy R&D",
    "Coastal Science",
    "Materials & Manufacturing",
    "Biomedical Research",
    "Space & Aeronautics Outreach",
    "Water Resources",
    "Agricultural R&D",
    "Cybersecurity Research",
    "Transportation Technology",
)
FIRST_NAMES = _words(
    "Maria James Adaeze Thomas Nia Linh Kiran Sofia Derek Emily Colleen Rafael Beth Paul "
    "Victor Grace Aisha Carlos Mei Olivia Noah Liam Ava Ethan Zoe Omar Priya Hannah Mateo "
    "Chloe Daniel Fatima Samuel Leah Andrew Yuki Isabel Marcus Elena Jamal Rosa Kevin Amara "
    "Lucas Ingrid Tomás José Zoë Renée André Siobhán Dmitri Keisha Tyrone Wen Hiroshi Ngozi "
    "Bianca Connor"
)
LAST_NAMES = _words(
    "Rivera Chen Okafor Brooks Washington Nguyen Patel Garcia Williams Hall O'Brien Morales "
    "Johnson Kim Ortiz Tanaka Smith Jones Brown Davis Miller Wilson Moore Taylor Anderson "
    "Thomas Jackson White Harris Martin Thompson Martínez Robinson Clark Rodríguez Lewis Lee "
    "Walker Young Allen King Wright Scott Torres Hill Flores Green Adams Nelson Baker "
    "Campbell Mitchell Roberts Carter Phillips Evans Turner Parker Collins Edwards Stewart "
    "Sánchez Murphy Cook Rogers Reyes Morgan Bell Cooper Richardson Cox Howard Ward Peterson "
    "Gray Ramírez Nakamura Kowalski Müller Dubois Haddad Ivanova Okonkwo Van-Dyke St.-Pierre "
    "MacLeod D'Angelo Smith-Jones Núñez"
)
TITLES = (
    "Public Affairs Specialist",
    "Digital Engagement Lead",
    "Social Media Manager",
    "Outreach Coordinator",
    "Communications Director",
    "Multimedia Producer",
    "Program Analyst",
    "Information System Security Officer",
    "Web & Social Media Editor",
    "R&D Communications Specialist",
)


@dataclass
class Person:
    """One entry of the roster, with the dates (as ordinals) the accounts depend on."""

    pid: str
    name: str
    email: str | None
    employment: str | None
    office: int
    status: str | None = "active"
    left_on: int | None = None  # separation, past or scheduled
    moved_on: int | None = None  # position change
    trained_on: int | None = None
    rules_on: int | None = None
    title: str | None = None

    def federal_active(self, today: int) -> bool:
        """Whether the person can own an account: a federal employee who has not left."""
        gone = self.left_on is not None and self.left_on <= today
        return self.employment == "federal" and self.status == "active" and not gone

    def gone_by(self, day: int) -> bool:
        """Whether the person has left the agency by ``day``."""
        if self.left_on is None:
            return self.status == "separated"
        return self.left_on <= day


@dataclass
class Office:
    """An office: its name, its id code and the people on its staff."""

    name: str
    code: str
    mailbox: str
    people: list[Person] = field(default_factory=list)
    leads: list[Person] = field(default_factory=list)  # federal, active: owners and backups


# --------------------------------------------------------------------------------------------
# Platforms and the tools that connect to them

# Lists a script keeps as constants. In the pyyaml style they are the same objects wherever they
# are used, so PyYAML writes anchors and aliases for them.
KEYS = ["security_key"]
KEYS_PASSKEY = ["security_key", "passkey"]
PASSKEY = ["passkey"]
KEY_TOTP = ["security_key", "totp"]
KEY_SMS = ["security_key", "sms"]
TOTP = ["totp"]
TOTP_SMS = ["totp", "sms"]
PROMPT_TOTP = ["app_prompt", "totp"]
SMS = ["sms"]
SMS_VOICE = ["sms", "voice"]
EMAIL_CODE = ["email"]
NO_METHODS: list[str] = []

READ = ["read"]
ANALYTICS = ["read", "analytics"]
PUBLISH = ["read", "publish"]
PUBLISH_ANALYTICS = ["read", "publish", "analytics"]
FULL = ["read", "publish", "dm", "analytics"]
ADS = ["read", "analytics", "ads"]
ADMIN = ["read", "publish", "admin"]


@dataclass(frozen=True)
class Platform:
    """What the generator assumes of a platform.

    Which safeguards a platform lacks is not in the documentation's reference (it is in the
    catalogue's platform data): the sample inventories' comments say Threads, Flickr, Mastodon and
    Bluesky have no delegated roles, Flickr, Mastodon and Bluesky no login alerts, Instagram no
    security keys or passkeys, Bluesky no authenticator app; ``smaudit check`` showed LinkedIn
    without keys or passkeys and Flickr without verification. ``gaps`` are the capabilities the
    agency keeps a risk acceptance for.
    """

    name: str
    weight: int
    url: str  # with {h}
    mfa_choices: tuple[tuple[list[str], int], ...]  # method lists an account may enroll
    strong_choices: tuple[list[str], ...]  # phishing-resistant lists, if the platform has keys
    delegated: bool  # individual roles (Threads, Flickr, Mastodon, Bluesky have none)
    alerts: bool  # login alerts (Flickr, Mastodon, Bluesky have none)
    gaps: tuple[str, ...]  # capabilities an acceptance is kept for
    handle_prefix: str = ""
    verifies: bool = True


PLATFORMS: tuple[Platform, ...] = (
    Platform(
        "facebook",
        20,
        url="https://www.facebook.com/{h}",
        mfa_choices=((KEY_TOTP, 4), (TOTP, 5), (PROMPT_TOTP, 2), (TOTP_SMS, 2), (SMS, 1)),
        strong_choices=(KEYS,),
        delegated=True,
        alerts=True,
        gaps=(),
    ),
    Platform(
        "x",
        17,
        url="https://x.com/{h}",
        mfa_choices=((KEY_TOTP, 4), (TOTP, 5), (KEYS, 2), (TOTP_SMS, 2), (SMS, 1), (KEY_SMS, 1)),
        strong_choices=(KEYS, KEYS_PASSKEY, PASSKEY),
        delegated=True,
        alerts=True,
        gaps=(),
    ),
    Platform(
        "instagram",
        14,
        url="https://www.instagram.com/{h}/",
        mfa_choices=((TOTP, 7), (TOTP_SMS, 3), (PROMPT_TOTP, 1), (SMS, 1)),
        strong_choices=(),
        delegated=True,
        alerts=True,
        gaps=("security_keys",),
    ),
    Platform(
        "youtube",
        11,
        url="https://www.youtube.com/@{h}",
        mfa_choices=((KEYS_PASSKEY, 3), (KEY_TOTP, 3), (PROMPT_TOTP, 3), (TOTP, 2), (SMS_VOICE, 1)),
        strong_choices=(KEYS, KEYS_PASSKEY),
        delegated=True,
        alerts=True,
        gaps=(),
        handle_prefix="@",
    ),
    Platform(
        "linkedin",
        10,
        url="https://www.linkedin.com/company/{h}/",
        mfa_choices=((TOTP, 7), (TOTP_SMS, 2), (SMS, 1)),
        strong_choices=(),
        delegated=True,
        alerts=True,
        gaps=("security_keys",),
    ),
    Platform(
        "flickr",
        4,
        url="https://www.flickr.com/photos/{h}/",
        mfa_choices=((TOTP, 6), (TOTP_SMS, 1), (SMS, 1)),
        strong_choices=(),
        delegated=False,
        alerts=False,
        gaps=("delegated_roles", "login_alerts", "verification"),
        verifies=False,
    ),
    Platform(
        "threads",
        5,
        url="https://www.threads.com/@{h}",
        mfa_choices=((TOTP, 6), (TOTP_SMS, 2), (SMS, 1)),
        strong_choices=(),
        delegated=False,
        alerts=True,
        gaps=("delegated_roles",),
    ),
    Platform(
        "tiktok",
        3,
        url="https://www.tiktok.com/@{h}",
        mfa_choices=((TOTP, 4), (TOTP_SMS, 2), (EMAIL_CODE, 1)),
        strong_choices=(),
        delegated=True,
        alerts=True,
        gaps=(),
    ),
    Platform(
        "mastodon",
        3,
        url="https://mastodon.social/@{h}",
        mfa_choices=((TOTP, 5), (KEY_TOTP, 2)),
        strong_choices=(KEYS,),
        delegated=False,
        alerts=False,
        gaps=("delegated_roles", "login_alerts"),
    ),
    Platform(
        "bluesky",
        5,
        url="https://bsky.app/profile/{h}",
        mfa_choices=((EMAIL_CODE, 9), (NO_METHODS, 1)),
        strong_choices=(),
        delegated=False,
        alerts=False,
        gaps=("delegated_roles", "login_alerts", "totp"),
    ),
    Platform(
        "github",
        4,
        url="https://github.com/{h}",
        mfa_choices=((KEYS_PASSKEY, 3), (KEY_TOTP, 3), (TOTP, 2)),
        strong_choices=(KEYS, KEYS_PASSKEY),
        delegated=True,
        alerts=True,
        gaps=(),
    ),
    Platform(
        "other",
        4,
        url="https://www.pinterest.com/{h}/",
        mfa_choices=((TOTP, 4), (TOTP_SMS, 2), (EMAIL_CODE, 1)),
        strong_choices=(),
        delegated=False,
        alerts=False,
        gaps=("delegated_roles", "login_alerts"),
    ),
)
# What the agency knows of the sites it files under ``other`` (agency.platform_capabilities).
OTHER_CAPABILITIES = {"other": {"delegated_roles": False, "login_alerts": False}}
OTHER_SITES = (
    ("Pinterest", "https://www.pinterest.com/{h}/"),
    ("Medium", "https://medium.com/@{h}"),
    ("Vimeo", "https://vimeo.com/{h}"),
    ("Reddit", "https://www.reddit.com/user/{h}/"),
    ("Snapchat", "https://www.snapchat.com/add/{h}"),
    ("Nextdoor", "https://nextdoor.com/agency/{h}/"),
)


@dataclass(frozen=True)
class App:
    """A management tool that can be connected to an account."""

    name: str
    vendor: str
    scopes: tuple[list[str], ...]
    platforms: tuple[str, ...]
    ato: str


SOCIAL = ("facebook", "x", "instagram", "youtube", "linkedin", "threads", "tiktok")
APPS: tuple[App, ...] = (
    App("Sprinklr", "Sprinklr, Inc.", (FULL, PUBLISH_ANALYTICS), SOCIAL[:5], "ATO-DRD-2024-007"),
    App("Hootsuite", "Hootsuite Inc.", (PUBLISH, PUBLISH_ANALYTICS), SOCIAL, "ATO-DRD-2023-014"),
    App("Sprout Social", "Sprout Social, Inc.", (FULL, PUBLISH), SOCIAL[:5], "ATO-DRD-2025-003"),
    App("Later", "Later", (PUBLISH, PUBLISH_ANALYTICS), ("instagram", "tiktok", "x"), "ATO-L-22"),
    App("Buffer", "Buffer, Inc.", (PUBLISH,), ("facebook", "x", "linkedin", "threads"), "ATO-B-9"),
    App("Canva", "Canva Pty Ltd", (PUBLISH,), ("facebook", "instagram", "linkedin"), "ATO-C-31"),
    App("Brandwatch", "Brandwatch", (ANALYTICS,), SOCIAL[:5], "ATO-DRD-2022-040"),
    App("Meltwater", "Meltwater News US Inc.", (ANALYTICS, READ), SOCIAL[:5], "ATO-DRD-2021-2"),
    App("Meta Ads Manager", "Meta Platforms, Inc.", (ADS,), ("facebook", "instagram"), "ADS-12"),
    App("ArchiveSocial", "ArchiveSocial", (READ,), SOCIAL, "ATO-DRD-2020-019"),
    App("Zapier", "Zapier, Inc.", (PUBLISH,), ("facebook", "x", "linkedin"), "ATO-Z-2026-01"),
    App(
        "Johnson & Reyes Insights",
        "Johnson & Reyes Digital, LLC",
        (ANALYTICS,),
        SOCIAL[:5],
        "ATO-DRD-2025-018",
    ),
    App("R&D Dashboards", "DRD Office of the CIO", (ANALYTICS,), SOCIAL, "ATO-DRD-INT-004"),
    App("Snyk", "Snyk Ltd", (READ,), ("github",), "ATO-DRD-2025-021"),
    App("Release Bot", "DRD Office of the CIO", (ADMIN,), ("github",), "ATO-DRD-INT-009"),
)
APPS_BY_PLATFORM: dict[str, tuple[App, ...]] = {
    p.name: tuple(a for a in APPS if p.name in a.platforms) for p in PLATFORMS
}

TOPICS = (
    "agency news",
    "press releases",
    "R&D highlights",
    "Q&A sessions",
    "grant & funding notices",
    "job openings",
    "event livestreams",
    "emergency alerts",
    "lab tours",
    "science explainers",
    "field team photos",
    "public comment notices",
    "student & STEM outreach",
    "open data releases",
)
CAPTURE_METHODS = ("archiver", "archiver", "archiver", "platform export", "ArchiveSocial", "API")
APPROVERS = ("CIO", "CIO", "Director of Public Affairs", "Deputy Secretary", "CISO & CIO")
# Sign-offs under the 2019 social media policy: one constant list, shared by the accounts opened
# under it (an alias in the pyyaml style).
SIGN_OFFS_2019 = [
    {"role": "it_security", "approved_by": "DRD CISO", "approved_on": "2019-03-11"},
    {"role": "counsel", "approved_by": "Office of General Counsel", "approved_on": "2019-03-14"},
]
MONITORING = (
    "{p} login alerts and activity log, to {mb}",
    "Sprinklr listening & audit log, reviewed weekly by {mb}",
    "daily review of posts and settings by the owner",
    "{p} security notifications to {mb}",
)
NOTES = (
    "moved from the 2019 R&D spreadsheet; confirm recovery phone with the office",
    "handle changed in 2024 after the rebrand",
    "shared with the Science & Technology Directorate for joint campaigns",
    "POA&M item open for the MFA upgrade",
    "owner on detail until next quarter; backup covers",
    "content mirrored from the main account",
)


# --------------------------------------------------------------------------------------------
# Dates


class Calendar:
    """Dates as ordinals, written as the style wants them (strings, quoted strings, date objects).

    Presentation choices draw from their own random stream, so the facts are the same in every
    style.
    """

    def __init__(self, as_of: dt.date, style: str, rng: random.Random) -> None:
        self.today = as_of.toordinal()
        self.pyyaml = style == "pyyaml"
        self.rng = rng
        self._text: dict[int, str] = {}

    def text(self, day: int) -> str:
        """The ISO text of a date."""
        s = self._text.get(day)
        if s is None:
            s = self._text[day] = dt.date.fromordinal(day).isoformat()
        return s

    def day(self, day: int) -> Any:
        """A date as the style writes it: mostly plain, some quoted."""
        r = self.rng.random()
        if r >= 0.12:
            s = self._text.get(day)
            if s is not None:
                return dt.date.fromordinal(day) if self.pyyaml else s
        if self.pyyaml:
            if r < 0.12:
                return self.text(day)  # a string: PyYAML quotes it
            return dt.date.fromordinal(day)  # a new object each time, as a script makes them
        if r < 0.03:
            return Raw(f"'{self.text(day)}'")
        if r < 0.06:
            return Raw(f'"{self.text(day)}"')
        return self.text(day)

    def moment(self, day: int) -> Any:
        """An event as a tool exports it: some as date-times with a zone (on the same UTC day)."""
        r = self.rng.random()
        if r >= 0.15 or day >= self.today:
            return self.day(day)
        hour = self.rng.randrange(6, 19)
        minute = self.rng.randrange(60)
        zone = "Z" if r < 0.09 else ("-05:00" if r < 0.12 else "-04:00")
        sep = "T" if r < 0.14 else " "
        return f"{self.text(day)}{sep}{hour:02d}:{minute:02d}:00{zone}"


# --------------------------------------------------------------------------------------------
# The inventory, as Python data


def ascii_fold(text: str) -> str:
    """Letters without accents, for ids and mail addresses."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isascii() and c.isalpha())


class Generator:
    """Builds the roster and the accounts of one fictional agency."""

    def __init__(self, n: int, seed: int, as_of: dt.date, style: str) -> None:
        self.n = n
        self.rng = random.Random(seed)  # the facts
        self.roll = self.rng.random  # roll() < p: true with probability p
        self.look = random.Random(seed * 7919 + 1)  # how they are written
        self.decorate = style != "pyyaml"  # comments and Raw scalars
        self.cal = Calendar(as_of, style, self.look)
        self.today = self.cal.today
        self.year = as_of.year
        self.offices: list[Office] = []
        self.people: list[Person] = []
        self.reviewers: list[Person] = []
        self._ids: set[str] = set()
        self._totals: dict[int, tuple[Sequence[tuple[Any, int]], int]] = {}
        self._office_cum: list[int] = []
        self._platform_cum = list(itertools.accumulate(p.weight for p in PLATFORMS))
        self.risk_offices: set[int] = set()
        self.seed = seed
        self._build_offices()
        self._build_people()
        self.places = self._place_accounts()

    # ---- small helpers ---------------------------------------------------------------------

    def one(self, items: Sequence[Any]) -> Any:
        """One item, at random."""
        return items[int(self.roll() * len(items))]

    def span(self, low: int, high: int) -> int:
        """A whole number from ``low`` to ``high``, both included."""
        return low + int(self.rng.random() * (high - low + 1))

    def ago(self, low: int, high: int) -> int:
        """A day between ``high`` and ``low`` days before the run date."""
        return self.today - low - int(self.rng.random() * (high - low + 1))

    def pick(self, choices: Sequence[tuple[Any, int]]) -> Any:
        """One of weighted choices (their total is kept for the constant tuples callers pass)."""
        known = self._totals.get(id(choices))
        if known is not None and known[0] is choices:
            total = known[1]
        else:
            total = sum(w for _, w in choices)
            self._totals[id(choices)] = (choices, total)
        r = self.rng.random() * total
        for value, weight in choices:
            r -= weight
            if r < 0:
                return value
        return choices[-1][0]

    # ---- offices and people ----------------------------------------------------------------

    def _build_offices(self) -> None:
        wanted = max(4, round(self.n / 12))
        names: list[tuple[str, str]] = list(BASE_OFFICES)
        names += [(f"Region {i + 1} ({r})", f"region{i + 1}") for i, r in enumerate(REGIONS)]
        k = 0
        while len(names) < wanted:
            program = PROGRAMS[k % len(PROGRAMS)]
            names.append((f"{program}, Field Office {k + 1}", f"fo{k + 1}"))
            k += 1
        for i, (name, code) in enumerate(names[:wanted]):
            box = "socialmedia" if code == "main" else f"{code}-social"
            domain = FIELD_DOMAIN if code.startswith(("region", "fo")) and i % 3 else DOMAIN
            self.offices.append(Office(name, code, f"{box}@{domain}"))
            self._office_cum.append(
                (self._office_cum[-1] if self._office_cum else 0) + (4 if i < 3 else 1)
            )
            if self.rng.random() < 0.3:
                self.risk_offices.add(i)

    def _build_people(self) -> None:
        total = max(14, round(self.n * 0.45))
        for i in range(total):
            office = i % len(self.offices) if i >= 2 * len(self.offices) else i // 2
            person = self._person(office, lead=i < 2 * len(self.offices))
            self.people.append(person)
            self.offices[office].people.append(person)
            if person.federal_active(self.today):
                self.offices[office].leads.append(person)
        cio = self.offices[2]
        self.reviewers = [p for p in cio.people if p.federal_active(self.today)] or [
            p for p in self.people if p.federal_active(self.today)
        ][:3]
        for each in self.offices:
            if not each.leads:
                each.leads = self.reviewers[:2]

    def _person_id(self, first: str, last: str) -> str:
        base = (ascii_fold(first)[:1] + ascii_fold(last)).lower()
        pid, k = base, 1
        while pid in self._ids:
            k += 1
            pid = f"{base}{k}"
        self._ids.add(pid)
        return pid

    def _person(self, office: int, lead: bool) -> Person:
        first, last = self.one(FIRST_NAMES), self.one(LAST_NAMES)
        pid = self._person_id(first, last)
        employment = (
            "federal"
            if lead
            else self.pick((("federal", 72), ("contractor", 18), ("intern", 7), ("other", 3)))
        )
        local = f"{ascii_fold(first)}.{ascii_fold(last)}".lower()
        domain = self.pick(((DOMAIN, 85), (FIELD_DOMAIN, 8), (LAB_DOMAIN, 7)))
        if employment == "contractor":
            local += ".ctr"
        if employment in ("intern", "other") and self.roll() < 0.15:
            domain = self.one(PERSONAL_DOMAINS)
        p = Person(pid, f"{first} {last}", f"{local}@{domain}", employment, office)
        p.title = self.one(TITLES) if self.roll() < 0.35 else None
        self._person_history(p, lead)
        self._person_gaps(p)
        return p

    def _person_history(self, p: Person, lead: bool) -> None:
        r = self.rng.random()
        if not lead and r < 0.075:  # left in the past
            p.left_on = self.ago(3, 500)
            p.status = "separated" if self.roll() < 0.85 else "active"  # stale roster
        elif not lead and r < 0.09:  # departure scheduled ahead
            p.left_on = self.today + self.span(3, 120)
        elif not lead and r < 0.095:
            p.status = "separated"  # date not recorded
        last_day = min(self.today, p.left_on or self.today)
        if self.roll() < 0.95:
            p.trained_on = last_day - self.span(15, 330)
        elif self.roll() < 0.7:
            p.trained_on = last_day - self.span(370, 800)  # lapsed
        if p.trained_on is not None and self.roll() < 0.8:
            p.rules_on = p.trained_on
        elif self.roll() < 0.95:
            p.rules_on = last_day - self.span(10, 340)
        if self.roll() < 0.08:
            p.moved_on = self.ago(10, 300)
        elif self.roll() < 0.01:
            p.moved_on = self.today + self.span(5, 60)

    def _person_gaps(self, p: Person) -> None:
        if self.roll() < 0.01:
            p.employment = None
        if self.roll() < 0.008:
            p.email = None

    def person_record(self, p: Person) -> dict[str, Any]:
        """The roster entry of a person."""
        rec: dict[str, Any] = {"id": p.pid, "name": p.name}
        if self.look.random() < 0.2 and p.employment:
            rec["employment"] = p.employment
        if p.email:
            rec["email"] = p.email
        if p.employment:
            rec["employment"] = p.employment
        if p.status:
            rec["status"] = p.status
        if p.left_on is not None:
            rec["separated_on"] = self.cal.day(p.left_on)
        if p.moved_on is not None:
            rec["position_changed_on"] = self.cal.day(p.moved_on)
        if p.trained_on is not None:
            rec["training_completed_on"] = self.cal.day(p.trained_on)
        if p.rules_on is not None:
            rec["rules_of_behavior_signed_on"] = self.cal.day(p.rules_on)
        if p.title:
            rec["x-title"] = f"{p.title}, {self.offices[p.office].name}"
        return rec

    # ---- the agency --------------------------------------------------------------------------

    def agency(self) -> dict[str, Any]:
        """The agency block, with the documents stated once for many accounts."""
        shared: dict[str, Any] = {
            "incident_response": {
                "plan_ref": "DRD-IR-SM-01",
                "last_exercised": self.cal.day(self.today - 201),
            },
            "privacy": {
                "pia_ref": "DRD-PIA-TPWA-01",
                "pia_date": self.cal.day(self.today - 371),
                "collects_pii": False,
            },
            "terms_of_service": {
                "agreement": "federal-compatible",
                "legal_review_ref": "OGC-2024-118",
                "reviewed_on": self.cal.day(self.today - 914),
            },
            "devices": {"managed_only": True, "policy_ref": "DRD-MDM-POL-03"},
            "by_platform": self._by_platform(),
        }
        by_office = self._by_office()
        if by_office:
            shared["by_office"] = by_office
        notes = {
            "name": "fictional agency: every name, address and reference is invented",
            "platform_capabilities": "the sites filed under platform: other (Pinterest, ...)",
            "shared": "documents that cover many accounts, inherited unless restated",
        }
        agency: dict[str, Any] = {}
        for key, value in (
            ("name", AGENCY_NAME),
            ("abbreviation", AGENCY_ABBR),
            ("email_domains", [DOMAIN, LAB_DOMAIN]),
            ("parameters", {"max_admins": 3}),
            ("platform_capabilities", OTHER_CAPABILITIES),
            ("shared", shared),
        ):
            if self.decorate and key in notes:
                agency[Comment(notes[key])] = 0
            agency[key] = value
        return agency

    def acceptance(self, capability: str, ref: int) -> dict[str, Any]:
        """A risk acceptance, in force on the run date."""
        granted = self.today - 60 - ref % 200
        return {
            "capability": capability,
            "ref": f"RAA-{self.year}-{ref:03d}",
            "approved_by": "Morgan Alvarez, Authorizing Official",
            "granted_on": self.cal.day(granted),
            "expires_on": self.cal.day(granted + 364),
        }

    def _by_platform(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        ref = 1
        for p in PLATFORMS:
            block: dict[str, Any] = {}
            if p.name in ("threads", "bluesky", "mastodon", "tiktok", "other"):
                block["terms_of_service"] = {
                    "agreement": "standard",
                    "legal_review_ref": f"OGC-2025-{40 + ref:03d}",
                    "reviewed_on": self.cal.day(self.today - 300 - ref),
                }
            if p.gaps and p.name != "flickr":  # Flickr accounts state their own
                block["risk_acceptances"] = [
                    self.acceptance(c, ref + i) for i, c in enumerate(p.gaps)
                ]
            ref += 3
            if block:
                out[p.name] = block
        return out

    def _by_office(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for i in sorted(self.risk_offices):
            office = self.offices[i]
            out[office.name] = {
                "risk_assessment": {
                    "ref": f"RA-{office.code.upper()}-2026",
                    "assessed_on": self.cal.day(self.ago(10, 150)),
                }
            }
        alerts = next((o for o in self.offices if o.code == "alerts"), None)
        if alerts is not None:
            entry = out.setdefault(alerts.name, {})
            entry["incident_response"] = {
                "plan_ref": "DRD-ECP-IR-02",
                "last_exercised": self.cal.day(self.today - 45),
            }
        return out

    # ---- one account -----------------------------------------------------------------------

    def _place_accounts(self) -> list[tuple[int, int, int]]:
        """For each account: its office, its platform and its number there (for the handle)."""
        places: list[tuple[int, int, int]] = []
        counts: dict[tuple[int, int], int] = {}
        office_cum, platform_cum = self._office_cum, self._platform_cum
        for _ in range(self.n):
            office_i = bisect.bisect_right(office_cum, self.roll() * office_cum[-1])
            platform_i = bisect.bisect_right(platform_cum, self.roll() * platform_cum[-1])
            k = counts[office_i, platform_i] = counts.get((office_i, platform_i), 0) + 1
            places.append((office_i, platform_i, k))
        return places

    def chunk(self, c: int) -> Iterator[tuple[int, dict[str, Any]]]:
        """The accounts of chunk ``c``, each with its number.

        Each chunk of ``CHUNK`` accounts starts its own random streams, so a chunk comes out the
        same whichever process writes it.
        """
        self.rng.seed(self.seed * 1_000_003 + c + 1)
        self.look.seed((self.seed * 7919 + 1) * 1_000_003 + c + 1)
        for i in range(c * CHUNK, min(self.n, (c + 1) * CHUNK)):
            yield i, self.account(i)

    def account(self, i: int) -> dict[str, Any]:
        """The inventory entry of account number ``i``."""
        return Account(self, i).build()


@dataclass
class Holder:
    """A credential holder, with the facts the account's other dates depend on."""

    person: Person
    role: str
    granted: int | None
    removed: int | None = None


class Account:
    """Builds one account entry; its blocks depend on each other (removals, rotations)."""

    def __init__(self, gen: Generator, i: int) -> None:
        self.g = gen
        self.rng = gen.rng
        self.i = i
        self.office_i, platform_i, self.k = gen.places[i]  # k: its number on the office's platform
        self.office = gen.offices[self.office_i]
        self.p = PLATFORMS[platform_i]
        self.today = gen.today
        self.cal = gen.cal
        self.status = "active"
        self.tier = "standard"
        self.created = 0
        self.retired: int | None = None
        self.incidents: list[int] = []
        self.holders: list[Holder] = []
        self.owner: Person | None = None
        self.backup: Person | None = None
        self.shared_password = False
        self.delegated = False

    # ---- header ------------------------------------------------------------------------------

    def _handle(self) -> tuple[str, str, str]:
        """The handle, the URL and the id of the account."""
        office, p = self.office, self.p
        suffix = "" if self.k == 1 else str(self.k)
        code = office.code
        base = f"{AGENCY_ABBR}{code.capitalize()}{suffix}" if code != "main" else "DRDgov" + suffix
        acct_id = f"drd-{p.name}-{code}{'-' + suffix if suffix else ''}"
        if p.name == "bluesky":
            handle = (
                f"{code}{suffix}.{DOMAIN}" if self.g.roll() < 0.6 else f"{base.lower()}.bsky.social"
            )
        elif p.name == "mastodon":
            handle = f"{base}@mastodon.social"
        elif p.name in ("instagram", "threads", "tiktok", "linkedin", "flickr", "github"):
            handle = base.lower()
        else:
            handle = base
        url_handle = handle.split("@")[0] if p.name == "mastodon" else handle
        url = p.url.format(h=url_handle)
        if p.name == "x" and self.g.roll() < 0.15:
            url = f"https://twitter.com/{handle}"
        if p.name == "other":
            site, pattern = OTHER_SITES[self.i % len(OTHER_SITES)]
            url = pattern.format(h=handle)
            acct_id = f"drd-{site.lower()}-{code}{'-' + suffix if suffix else ''}"
        return p.handle_prefix + handle, url, acct_id

    def _lifecycle(self) -> None:
        if self.p.name == "tiktok":
            self.status = "retired" if self.g.roll() < 0.8 else "active"
        else:
            self.status = self.g.pick((("active", 86), ("dormant", 8), ("retired", 6)))
        self.created = self.g.ago(400, 5400)
        if self.status == "retired":
            self.retired = self.g.ago(30, max(31, min(1500, self.today - self.created - 60)))
        central = self.office_i < 3 or self.office.code == "alerts"
        flagship = (central and self.g.roll() < 0.3) or self.g.roll() < 0.03
        self.tier = "high-impact" if flagship else "standard"
        if self.status == "active" and self.g.roll() < 0.035:
            self.incidents.append(self.g.ago(20, 700))
            if self.g.roll() < 0.15:
                self.incidents.append(self.g.ago(20, 700))
            self.incidents.sort()

    def header(self) -> dict[str, Any]:
        """Identity, lifecycle and purpose."""
        handle, url, acct_id = self._handle()
        self._lifecycle()
        first = int(self.g.roll() * len(TOPICS))
        second = int(self.g.roll() * (len(TOPICS) - 1))
        second += second >= first
        topic = TOPICS[first]
        purpose = f"{topic[0].upper()}{topic[1:]} and {TOPICS[second]}"
        if self.status == "retired":
            purpose += f" (retired {dt.date.fromordinal(self.retired or self.today).year})"
        tier: Any = self.tier
        if self.g.decorate and self.tier == "high-impact" and self.g.look.random() < 0.3:
            tier = Raw("high-impact   # flagship / emergency communications")
        rec: dict[str, Any] = {
            "id": acct_id,
            "platform": self.p.name,
            "handle": handle,
            "url": url,
            "status": self.status,
            "account_type": "personal" if self.g.roll() < 0.006 else "official",
            "purpose": purpose,
            "tier": tier,
            "office": self.office.name,
            "created_on": self.cal.day(self.created),
        }
        if self.p.name == "other":
            rec["x-platform_name"] = OTHER_SITES[self.i % len(OTHER_SITES)][0]
        return rec

    def approval(self) -> dict[str, Any] | None:
        """The approval of the account's creation, with sign-offs."""
        if self.g.roll() < 0.015:
            return None
        approved_on = self.created - self.g.span(3, 40)
        year = dt.date.fromordinal(approved_on).year
        rec: dict[str, Any] = {
            "approved": self.g.roll() >= 0.005,
            "approved_by": self.g.one(APPROVERS),
            "approved_on": self.cal.day(approved_on),
            "ref": f"MEMO-{year}-{self.g.span(1, 90):03d}",
        }
        if self.g.roll() < 0.01:
            del rec["ref"]
        if year <= 2021 and self.g.roll() < 0.7:
            rec["sign_offs"] = SIGN_OFFS_2019  # re-approved under the 2019 policy
        elif year > 2021 and self.g.roll() < 0.8:
            day = self.cal.day(approved_on)
            sign_offs = [{"role": "it_security", "approved_by": "DRD CISO", "approved_on": day}]
            if self.g.roll() >= 0.08:
                sign_offs.append(
                    {
                        "role": "counsel",
                        "approved_by": "Office of General Counsel",
                        "approved_on": day,
                    }
                )
            if self.g.roll() < 0.2:
                sign_offs.append({"role": "records", "approved_by": "Agency Records Officer"})
            rec["sign_offs"] = sign_offs
        return rec

    # ---- people on the account -------------------------------------------------------------

    def owners(self) -> dict[str, Any]:
        """Owner and backup owner, by roster id (a few inline)."""
        leads = self.office.leads
        rng = self.rng
        owner = self.g.one(leads)
        r = rng.random()
        if r < 0.015:  # a contractor or intern left in charge
            staff = [p for p in self.office.people if p.employment not in ("federal", None)]
            owner = self.g.one(staff) if staff else owner
        elif r < 0.03:  # the owner has since left
            gone = [p for p in self.office.people if p.gone_by(self.today)]
            owner = self.g.one(gone) if gone else owner
        others = [p for p in leads if p is not owner] or self.g.reviewers
        backup = self.g.one(others)
        if self.g.roll() < 0.006:
            backup = owner
        self.owner, self.backup = owner, backup
        rec: dict[str, Any] = {}
        if self.g.roll() >= 0.01:
            rec["owner"] = self._ref(owner)
        if self.g.roll() >= 0.025:
            rec["backup_owner"] = self._ref(backup)
        else:
            self.backup = None
        return rec

    def _ref(self, p: Person) -> Any:
        """A person reference: the roster id, or rarely the person written inline."""
        if self.g.roll() < 0.01:
            inline: dict[str, Any] = {"name": p.name}
            if p.email:
                inline["email"] = p.email
            if p.employment:
                inline["employment"] = p.employment
            if self.rng.random() < 0.8:
                inline["status"] = "separated" if p.gone_by(self.today) else "active"
            return inline
        return p.pid

    def login(self) -> dict[str, Any]:
        """The sign-in address."""
        r = self.rng.random()
        if r < 0.01:
            local = ascii_fold(self.office.code + "drd").lower()
            return {
                "email": f"{local}@{self.g.one(PERSONAL_DOMAINS)}",
                "email_type": "individual",
            }
        if r < 0.04 and self.owner is not None and self.owner.email:
            return {"email": self.owner.email, "email_type": "individual"}
        return {"email": self.office.mailbox, "email_type": "group"}

    # ---- authentication --------------------------------------------------------------------

    def mfa(self) -> dict[str, Any]:
        """The account's own second factor."""
        p, g = self.p, self.g
        if g.roll() < 0.025:
            return (
                {"enabled": False, "methods": NO_METHODS} if g.roll() < 0.5 else {"enabled": False}
            )
        methods: list[str] = g.pick(p.mfa_choices)
        if self.tier == "high-impact" and p.strong_choices and g.roll() < 0.85:
            methods = self.g.one(p.strong_choices)
        rec: dict[str, Any] = {"enabled": bool(methods), "methods": methods}
        rec["device_owner"] = "personal" if g.roll() < 0.04 else "agency"
        rec["backup_codes_stored_in"] = g.pick(
            (
                ("password_manager", 93),
                ("document", 3),
                ("email", 2),
                ("spreadsheet", 2),
                ("none", 3),
            )
        )
        return rec

    def recovery(self, login_email: str) -> dict[str, Any]:
        """The channels that can reset the password."""
        g = self.g
        rec: dict[str, Any] = {"email": login_email if g.roll() < 0.9 else self.office.mailbox}
        if g.roll() < 0.9:
            rec["email_type"] = "group" if rec["email"] == self.office.mailbox else "individual"
            if g.roll() < 0.93:
                rec["mailbox_owner"] = self.g.one(self.g.reviewers).pid
            rec["mailbox_mfa"] = g.roll() >= 0.06
        phone = g.pick((("agency", 68), ("none", 28), ("personal", 4)))
        rec["phone_owner"] = phone
        if phone != "none" and g.roll() < 0.95:
            rec["phone_port_protected"] = g.roll() >= 0.2
        rec["security_questions"] = g.roll() < 0.03
        return rec

    # ---- credentials -----------------------------------------------------------------------

    def _credential_type(self) -> str:
        g = self.g
        if not self.p.delegated:
            return "shared_password"
        if self.p.name == "github":
            return "sso" if g.roll() < 0.6 else "delegated_roles"
        kind: str = g.pick((("delegated_roles", 80), ("shared_password", 12), ("sso", 8)))
        return kind

    def _grant_day(self, person: Person) -> int:
        """When access was granted: after the latest training, or before it (then a refresher)."""
        g = self.g
        start = max(self.created, person.trained_on or self.created)
        end = person.left_on - 20 if person.left_on and person.left_on <= self.today else self.today
        if person.trained_on is not None and g.roll() < 0.6 and start < end:
            return min(end, start + self.g.span(0, 30))
        return max(self.created, min(end, self.today) - self.g.span(60, 1200))

    def _holder(self, person: Person, role: str) -> Holder:
        g = self.g
        granted = self._grant_day(person)
        if self.retired is not None:
            granted = max(self.created, min(granted, self.retired - self.g.span(5, 400)))
        elif role != "admin" and person.left_on is None and g.roll() < 0.01:
            granted = self.today + self.g.span(1, 14)  # access scheduled to start
        h = Holder(person, role, granted)
        left = person.left_on
        if self.retired is not None:
            h.removed = self.retired if g.roll() < 0.96 else None
        elif left is not None and left <= self.today:
            r = self.rng.random()
            if r < 0.8:
                h.removed = left + self.g.span(0, 2)
            elif r < 0.9:
                h.removed = left + self.g.span(8, 40)  # removed late
            # else: still holds access after leaving
            if h.removed is not None:
                h.removed = min(h.removed, self.today)
        elif left is not None and g.roll() < 0.5:
            h.removed = left  # removal scheduled for the departure
        elif g.roll() < 0.06:
            h.removed = self.g.ago(5, 400)  # access ended on a change of work
            h.removed = max(h.removed, granted + 1)
        if h.removed is not None and h.removed > self.today and g.roll() < 0.3:
            h.removed = None
        return h

    def _choose_holders(self) -> None:
        rng, g = self.rng, self.g
        people: list[tuple[Person, str]] = []
        if self.owner is not None:
            people.append((self.owner, "admin"))
        if self.backup is not None and self.backup is not self.owner:
            people.append((self.backup, "admin" if g.roll() < 0.8 else "editor"))
        staff = self.office.people
        for _ in range(self.g.pick(((0, 30), (1, 40), (2, 22), (3, 8)))):
            person = self.g.one(staff)
            if any(person is q for q, _ in people):
                continue
            role = g.pick((("editor", 60), ("analyst", 32), ("admin", 8)))
            people.append((person, role))
        if g.roll() < 0.04:  # surge support from another office
            people.append((self.g.one(g.people), "editor"))
        if g.roll() < 0.02:  # the whole team made administrators
            people += [(p, "admin") for p in rng.sample(staff, min(2, len(staff)))]
        if g.roll() < 0.01:  # a vendor's contact typed in by hand, not in the roster
            people.append((self._outsider(), "editor"))
        seen: set[str] = set()
        for person, role in people:
            if person.pid in seen or (person.left_on or self.today + 1) <= self.created + 30:
                continue
            if person.pid:
                seen.add(person.pid)
            self.holders.append(self._holder(person, role))

    def _outsider(self) -> Person:
        """Someone outside the roster: a vendor's account manager."""
        rng = self.rng
        first, last = self.g.one(FIRST_NAMES), self.g.one(LAST_NAMES)
        email = f"{ascii_fold(first)[0]}{ascii_fold(last)}@brightline-media.com".lower()
        person = Person("", f"{first} {last}", email, "contractor", self.office_i)
        person.trained_on = self.g.ago(20, 300) if rng.random() < 0.5 else None
        return person

    def _holder_record(self, h: Holder) -> dict[str, Any]:
        g, cal = self.g, self.cal
        person = h.person
        ref: Any = person.pid
        if not ref:
            ref = {
                "name": person.name,
                "email": person.email,
                "employment": person.employment,
                "status": "active",
            }
        rec: dict[str, Any] = {"person": ref}
        if g.roll() >= 0.004:
            rec["role"] = h.role
        if h.granted is not None:
            rec["granted_on"] = cal.day(h.granted)
        if h.removed is not None:
            rec["removed_on"] = cal.day(h.removed)
        elif g.roll() < 0.85:
            rec["removed_on"] = None
        if h.granted is not None:
            self._signed_before_grant(h.granted, person, rec)
        if person.moved_on is not None and person.moved_on <= self.today and g.roll() < 0.85:
            rec["revalidated_on"] = cal.day(min(self.today, person.moved_on + self.g.span(0, 9)))
        if person.employment not in ("federal", None) and g.roll() < 0.88:
            rec["access_expires_on"] = cal.day(self.today + self.g.span(20, 400))
        if self.delegated and (h.removed is None or h.removed > self.today):
            rec["mfa"] = self._holder_mfa(h)
        if self.g.look.random() < 0.15 and "role" in rec:  # another order, as a person types
            rec = {"person": rec.pop("person"), "granted_on": rec.pop("granted_on", None), **rec}
            if rec["granted_on"] is None:
                del rec["granted_on"]
        return rec

    def _signed_before_grant(self, granted: int, person: Person, rec: dict[str, Any]) -> None:
        """Training and rules signed before an older grant, where the roster has later ones."""
        g, cal = self.g, self.cal
        if person.trained_on and person.trained_on > granted and g.roll() < 0.9:
            rec["trained_before_grant_on"] = cal.day(granted - self.g.span(1, 90))
        if person.rules_on and person.rules_on > granted and g.roll() < 0.9:
            rec["rules_signed_before_grant_on"] = cal.day(granted - self.g.span(1, 90))

    def _holder_mfa(self, h: Holder) -> dict[str, Any]:
        g = self.g
        if g.roll() < 0.02:
            return {"enabled": False}
        if h.role == "admin" and self.p.strong_choices and g.roll() < 0.82:
            return {"enabled": True, "methods": self.g.one(self.p.strong_choices)}
        methods = g.pick(self.p.mfa_choices)
        if not methods:
            return {"enabled": False}
        return {"enabled": True, "methods": methods}

    def _access_changes(self) -> int | None:
        """The latest change in who knows a shared password (removals, departures, incidents)."""
        days: list[int] = list(self.incidents)
        for h in self.holders:
            if h.removed is not None and h.removed <= self.today:
                days.append(h.removed)
            elif h.person.left_on is not None and h.person.left_on <= self.today:
                days.append(h.person.left_on)
        for p in (self.owner, self.backup):
            if p is not None and p.left_on is not None and p.left_on <= self.today:
                days.append(p.left_on)
        if self.retired is not None:
            days.append(self.retired)
        return max(days) if days else None

    def credentials(self) -> dict[str, Any]:
        """How the account is signed in to, who holds access, and the shared password."""
        g = self.g
        kind = self._credential_type()
        self.delegated = kind == "delegated_roles"
        if kind == "shared_password":
            stored = g.pick(
                (("password_manager", 88), ("spreadsheet", 4), ("document", 4), ("email", 4))
            )
        else:
            stored = "password_manager" if g.roll() < 0.65 else "none"
        self.shared_password = stored != "none" or kind == "shared_password"
        self._choose_holders()
        rec: dict[str, Any] = {"type": kind, "stored_in": stored}
        if self.g.decorate and self.delegated and self.g.look.random() < 0.08:
            rec = {
                Comment(
                    "staff post through their own roles; the account password is break-glass only"
                ): 0,
                **rec,
            }
        if self.shared_password:
            rec.update(self._rotation())
            rec["password_length"] = self.g.span(16, 40) if g.roll() >= 0.05 else self.g.span(8, 14)
            rec["unique"] = g.roll() >= 0.03
        rec["holders"] = [self._holder_record(h) for h in self.holders]
        return rec

    def _rotation(self) -> dict[str, Any]:
        g, cal = self.g, self.cal
        changed = self._access_changes()
        if changed is None:
            last = g.ago(10, 500)
        elif g.roll() < 0.93:
            last = min(self.today, changed + self.g.span(0, 5))
        else:
            last = changed - self.g.span(5, 200)  # not changed since
        rec: dict[str, Any] = {}
        if g.roll() >= 0.015:
            rec["last_rotated"] = cal.day(last)
        if g.roll() < 0.7:
            rec["sessions_revoked_on"] = cal.day(last if g.roll() < 0.95 else last - 30)
        return rec

    # ---- connected apps ----------------------------------------------------------------------

    def apps(self) -> list[dict[str, Any]]:
        """Connected third-party tools."""
        if self.status == "retired":
            return [] if self.g.roll() < 0.96 else [self._app(APPS[-4])]
        choices = APPS_BY_PLATFORM[self.p.name]
        if not choices:
            return []
        count = self.g.pick(((0, 45), (1, 36), (2, 14), (3, 5)))
        chosen = self.rng.sample(choices, min(count, len(choices)))
        return [self._app(a) for a in chosen]

    def _app(self, app: App) -> dict[str, Any]:
        g, cal = self.g, self.cal
        scopes = self.g.one(app.scopes)
        granted = max(self.created, g.ago(30, 1400))
        rec: dict[str, Any] = {"name": app.name, "vendor": app.vendor, "scopes": scopes}
        r = self.rng.random()
        if r < 0.03:  # connected by a staff member, never approved
            rec["approved"] = False
        else:
            rec["approved"] = True
            rec["approved_scopes"] = scopes if g.roll() >= 0.04 else READ
            if g.roll() >= 0.03:
                rec["approval_ref"] = app.ato
        rec["granted_on"] = cal.day(granted)
        used = g.ago(0, 40) if g.roll() >= 0.05 else g.ago(200, 500)
        rec["last_used"] = cal.moment(max(used, granted))
        if g.roll() >= 0.04:
            rec["last_reviewed"] = cal.day(max(granted, g.ago(10, 170 if g.roll() < 0.93 else 600)))
        if scopes is not READ and scopes is not ANALYTICS:
            if g.roll() >= 0.015:
                rec["mfa_enforced"] = g.roll() >= 0.04
            if g.roll() >= 0.015:
                rec["audit_logging"] = g.roll() >= 0.03
            if g.roll() < 0.6:
                rec["sso"] = True
        return rec

    # ---- the rest of the record --------------------------------------------------------------

    def oversight(self) -> dict[str, Any]:
        """Registry, verification, activity, reviews and records."""
        g, cal = self.g, self.cal
        rec: dict[str, Any] = {}
        r = self.rng.random()
        if r > 0.03:
            reg: dict[str, Any] = {"registered": r > 0.07 and self.status != "retired"}
            if reg["registered"] or g.roll() < 0.5:
                reg["id"] = str(208701 + self.i)
            if reg["registered"]:
                reg["last_validated"] = cal.day(g.ago(5, 300 if g.roll() < 0.94 else 700))
            rec["registry"] = reg
        if self.p.verifies:
            rec["verification"] = g.pick((("verified", 84), ("pending", 7), ("none", 9)))
        else:
            rec["verification"] = "unavailable"
        rec["last_activity"] = cal.moment(self._last_activity())
        reviewed = g.ago(3, 80) if g.roll() < 0.93 else g.ago(200, 500)
        if g.roll() >= 0.015:
            rec["last_reviewed"] = cal.day(reviewed)
            if g.roll() >= 0.02:
                rec["reviewed_by"] = self.g.one(self.g.reviewers).pid
        if self.status != "retired" or g.roll() < 0.5:
            capture = g.ago(0, 12) if g.roll() < 0.94 else g.ago(40, 120)
            if self.retired is not None:
                capture = self.retired - 1
            rec["records"] = {
                "capture_method": self.g.one(CAPTURE_METHODS),
                "last_capture": cal.day(capture),
            }
        return rec

    def _last_activity(self) -> int:
        if self.retired is not None:
            return self.retired - self.g.span(1, 40)
        if self.status == "dormant":
            return self.g.ago(200, 1200)
        return self.g.ago(0, 25) if self.g.roll() < 0.97 else self.g.ago(200, 400)

    def public(self) -> dict[str, Any]:
        """Comment policy, official identity, terms and other documents it states itself."""
        g = self.g
        rec: dict[str, Any] = {}
        if g.roll() >= 0.03:
            rec["moderation_policy_url"] = f"https://www.{DOMAIN}/comment-policy"
        if self.status == "retired":
            return rec
        rec["comments_enabled"] = self.p.name not in ("github", "flickr") and g.roll() >= 0.1
        link = (
            f"https://www.{DOMAIN}/"
            if self.office.code == "main"
            else (f"https://www.{DOMAIN}/{self.office.code}")
        )
        if g.roll() < 0.02:
            link = f"https://{self.office.code}-drd.org/"
        rec["identity"] = {"official_link": link, "profile_states_official": g.roll() >= 0.04}
        rec.update(self.documents())
        return rec

    def documents(self) -> dict[str, Any]:
        """Documents the account states itself instead of inheriting the agency's."""
        g, cal = self.g, self.cal
        rec: dict[str, Any] = {}
        if g.roll() < 0.06:
            rec["terms_of_service"] = {"agreement": "standard"}
            if g.roll() < 0.5:
                rec["terms_of_service"]["legal_review_ref"] = (
                    f"OGC-{self.g.year}-{self.g.span(1, 99):03d}"
                )
                rec["terms_of_service"]["reviewed_on"] = cal.day(g.ago(30, 600))
        if self.office_i not in self.g.risk_offices or g.roll() < 0.2:
            assessed = g.ago(5, 170) if g.roll() < 0.92 else g.ago(200, 900)
            rec["risk_assessment"] = {
                "ref": f"RA-SM-{self.i + 1:05d}",
                "assessed_on": cal.day(assessed),
            }
        if g.roll() < 0.05:
            rec["devices"] = {"managed_only": False, "policy_ref": "DRD-MDM-POL-03"}
        if g.roll() < 0.03:  # an office's own, older playbook
            ir: dict[str, Any] = {"plan_ref": f"{self.office.code.upper()}-SM-PLAYBOOK-2019"}
            if g.roll() < 0.6:
                ir["last_exercised"] = cal.day(g.ago(400, 1500))
            rec["incident_response"] = ir
        if self.office.code in ("careers", "grants", "stem") and g.roll() < 0.7:
            privacy: dict[str, Any] = {"pia_date": cal.day(g.ago(100, 900)), "collects_pii": True}
            if g.roll() < 0.9:
                privacy = {"pia_ref": f"DRD-PIA-{self.office.code.upper()}-02", **privacy}
            rec["privacy"] = privacy
        elif g.roll() < 0.01:
            rec["privacy"] = {"collects_pii": False}
        return rec

    def watch(self) -> dict[str, Any]:
        """Login alerts and monitoring."""
        g, cal = self.g, self.cal
        rec: dict[str, Any] = {}
        if self.status == "retired":
            return rec
        if self.p.alerts:
            alerts: dict[str, Any] = {"enabled": g.roll() >= 0.05}
            if g.roll() >= 0.04:
                alerts["sessions_reviewed_on"] = cal.day(g.ago(3, 85 if g.roll() < 0.9 else 300))
            rec["login_alerts"] = alerts
        if g.roll() < 0.97:
            method = self.g.one(MONITORING).format(
                p=self.p.name.capitalize(), mb=self.office.mailbox
            )
            mon: dict[str, Any] = {"enabled": g.roll() >= 0.03, "method": method}
            if g.roll() >= 0.02:
                mon["last_reviewed"] = cal.day(g.ago(3, 80 if g.roll() < 0.95 else 400))
            rec["monitoring"] = mon
        return rec

    def incident_records(self) -> list[dict[str, Any]]:
        """The security incidents recorded on the account, with their follow-up."""
        out: list[dict[str, Any]] = []
        for day in self.incidents:
            rec: dict[str, Any] = {"detected_on": self.cal.day(day)}
            for key, lag in (
                ("credentials_rotated_on", 0),
                ("holders_reviewed_on", 1),
                ("apps_reviewed_on", 2),
                ("recovery_reviewed_on", 1),
                ("mfa_reenrolled_on", 1),
                ("sessions_revoked_on", 0),
                ("content_archived_on", 3),
                ("reported_on", 0),
            ):
                if self.g.roll() >= 0.08:
                    rec[key] = self.cal.day(min(self.today, day + lag + self.g.span(0, 2)))
            out.append(rec)
        return out

    def lifecycle_records(self) -> dict[str, Any]:
        """Re-justification of a dormant account, retirement, own risk acceptances."""
        g, cal = self.g, self.cal
        rec: dict[str, Any] = {}
        if self.status == "dormant" and g.roll() < 0.85:
            rec["rejustified_on"] = cal.day(g.ago(10, 150))
        if self.retired is not None:
            rec["retired_on"] = cal.day(self.retired)
        if self.p.name == "flickr" and self.status != "retired" and g.roll() < 0.85:
            rec["risk_acceptances"] = [
                self.g.acceptance(c, 100 + self.i % 300 + k) for k, c in enumerate(self.p.gaps)
            ]
        return rec

    # ---- assembly --------------------------------------------------------------------------

    def build(self) -> dict[str, Any]:
        """The whole entry, in one of a few key orders, with the gaps real records have."""
        rec = self.header()
        approval = self.approval()
        if approval is not None:
            rec["approval"] = approval
        rec.update(self.owners())
        login = self.login()
        rec["login"] = login
        if self.status != "retired" or self.g.roll() < 0.7:
            rec["mfa"] = self.mfa()
        rec["recovery"] = self.recovery(login["email"])
        rec["credentials"] = self.credentials()
        rec["third_party_apps"] = self.apps()
        rec.update(self.oversight())
        rec.update(self.public())
        rec.update(self.watch())
        rec["incidents"] = self.incident_records()
        rec.update(self.lifecycle_records())
        self._local_notes(rec)
        if self.g.roll() < 0.1:
            self._forget(rec)
        return self._reorder(rec)

    def _local_notes(self, rec: dict[str, Any]) -> None:
        rng = self.rng
        if rng.random() < 0.05:
            rec["x-notes"] = self.g.one(NOTES)
        if rng.random() < 0.02:
            rec["x-poam"] = f"POAM-{self.g.year}-{rng.randint(1, 400):04d}"

    def _forget(self, rec: dict[str, Any]) -> None:
        """Leave out one to three facts, as real inventories do."""
        g = self.g
        for _ in range(g.pick(((1, 70), (2, 22), (3, 8)))):
            what = g.pick(FORGETTABLE)
            what(rec, self.rng)

    def _reorder(self, rec: dict[str, Any]) -> dict[str, Any]:
        r = self.g.look.random()
        if r < 0.75:
            return rec
        order = ORDERS[int((r - 0.75) * 4 * len(ORDERS)) % len(ORDERS)]
        out = {k: rec[k] for k in order if k in rec}
        out.update(rec)  # keys not named keep their place after
        if self.g.decorate and self.g.look.random() < 0.3:
            note = self.g.look.choice(NOTES)
            out = {Comment(note): 0, **out}
        return out


def _pop(path: str) -> Callable[[dict[str, Any], random.Random], None]:
    """A way to forget one field, given by its dotted path."""
    parts = path.split(".")

    def forget(rec: dict[str, Any], rng: random.Random) -> None:
        node: Any = rec
        for part in parts[:-1]:
            node = node.get(part) if isinstance(node, dict) else None
            if node is None:
                return
        if isinstance(node, dict):
            node.pop(parts[-1], None)

    return forget


def _forget_roles(rec: dict[str, Any], rng: random.Random) -> None:
    holders = rec.get("credentials", {}).get("holders") or []
    if holders:
        rng.choice(holders).pop("role", None)


FORGETTABLE: tuple[tuple[Callable[[dict[str, Any], random.Random], None], int], ...] = (
    (_pop("mfa"), 10),
    (_pop("mfa.methods"), 6),
    (_pop("mfa.enabled"), 3),
    (_pop("mfa.device_owner"), 5),
    (_pop("recovery"), 7),
    (_pop("recovery.phone_owner"), 4),
    (_pop("credentials"), 7),
    (_pop("credentials.holders"), 6),
    (_pop("credentials.type"), 3),
    (_pop("credentials.stored_in"), 4),
    (_pop("credentials.password_length"), 4),
    (_pop("third_party_apps"), 9),
    (_pop("incidents"), 9),
    (_pop("tier"), 6),
    (_pop("status"), 2),
    (_pop("account_type"), 3),
    (_pop("login.email_type"), 3),
    (_pop("verification"), 3),
    (_pop("last_activity"), 3),
    (_forget_roles, 4),
)
HEAD = ("id", "platform")
ORDERS: tuple[tuple[str, ...], ...] = (
    (*HEAD, "url", "handle", "office", "status", "tier", "account_type", "purpose"),
    (*HEAD, "handle", "status", "purpose", "office", "owner", "backup_owner", "tier"),
    (*HEAD, "office", "handle", "url", "owner", "backup_owner", "credentials", "mfa"),
    (*HEAD, "status", "tier", "handle", "url", "third_party_apps", "credentials", "incidents"),
)


# --------------------------------------------------------------------------------------------
# Writing YAML by hand

_NOT_PLAIN = re.compile(
    r"""^(?:[-?:,\[\]{}#&*!|>'"%@`\s]|~$|null$|true$|false$|yes$|no$|on$|off$|y$|n$)"""
    r"""|: |\s#|:$|\s$|[\t\n\r\x00-\x1f\x7f]""",
    re.IGNORECASE,
)
_NUMBER = re.compile(
    r"^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9]+(?:[eE][-+]?[0-9]+)?"
    r"|\.inf|\.nan|0x[0-9a-fA-F_]+|0o[0-7]+|0b[01_]+)$",
    re.IGNORECASE,
)
_FLOW_CHARS = re.compile(r"[,\[\]{}]")


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"})


def quote(text: str) -> str:
    """A double-quoted YAML scalar."""
    return '"' + text.translate(_ESCAPES) + '"'


def plain_or_quoted(text: str, flow: bool) -> str:
    """The text as a plain scalar where that reads back as the same string, else quoted."""
    if not text or _NOT_PLAIN.search(text) or _NUMBER.match(text):
        return quote(text)
    if flow and _FLOW_CHARS.search(text):
        return quote(text)
    return text


class YamlWriter:
    """A small block-YAML writer for the generator's data (dicts, lists, scalars).

    With ``flow_records``, mappings of scalars and short lists are written in flow style,
    wrapped after a comma where a line would pass ``width``.
    """

    def __init__(self, flow_records: bool, look: random.Random, width: int = 100) -> None:
        self.flow_records = flow_records
        self.look = look
        self.width = width
        self._block: dict[str, str] = {}
        self._flow: dict[str, str] = {}
        self._lists: dict[int, tuple[list[Any], str]] = {}  # by id: mostly the constants

    def forget(self) -> None:
        """Drop the cache of written scalars (most ids, handles and URLs occur once)."""
        if len(self._block) + len(self._flow) > 40000:
            self._block.clear()
            self._flow.clear()
            self._lists.clear()

    def inline_list(self, items: list[Any]) -> str:
        """A list of scalars in flow style; kept for the lists that recur (the constants)."""
        known = self._lists.get(id(items))
        if known is not None and known[0] is items:
            return known[1]
        text = "[" + ", ".join([self.scalar(x, True) for x in items]) + "]"
        self._lists[id(items)] = (items, text)  # the reference keeps the id from being reused
        return text

    def scalar(self, value: Any, flow: bool = False) -> str:
        """One scalar."""
        t = type(value)
        if t is str:
            cache = self._flow if flow else self._block
            out = cache.get(value)
            if out is None:
                out = cache[value] = plain_or_quoted(value, flow)
            return out
        if t is Raw:
            return str(value)
        if t is bool:
            return "true" if value else "false"
        if value is None:
            return "null"
        if t is int:
            return str(value)
        raise TypeError(f"cannot write {t.__name__}")

    def mapping(self, data: dict[Any, Any], pad: str, out: list[str]) -> None:
        """A block mapping at indentation ``pad``."""
        cache = self._block
        append = out.append
        for key, value in data.items():
            if type(key) is Comment:
                append(f"{pad}# {key}")
                continue
            k = cache.get(key)
            if k is None:
                k = cache[key] = plain_or_quoted(key, False)
            t = type(value)
            if t is str:  # the common case, inline
                v = cache.get(value)
                if v is None:
                    v = cache[value] = plain_or_quoted(value, False)
                append(f"{pad}{k}: {v}")
            elif t is dict:
                if not value:
                    append(f"{pad}{k}: {{}}")
                    continue
                parts = self.flow_parts(value) if self.flow_records else None
                if parts is not None:
                    self.wrapped(f"{pad}{k}: ", parts, "{", "}", out)
                else:
                    append(f"{pad}{k}:")
                    self.mapping(value, pad + "  ", out)
            elif t is list:
                self.sequence(k, value, pad, out)
            elif t is bool:
                append(f"{pad}{k}: true" if value else f"{pad}{k}: false")
            elif value is None:  # as people write it: null, ~ or nothing
                r = self.look.random()
                append(
                    f"{pad}{k}: null"
                    if r < 0.92
                    else (f"{pad}{k}: ~" if r < 0.96 else f"{pad}{k}:")
                )
            else:
                append(f"{pad}{k}: {self.scalar(value)}")

    def sequence(self, key: str, items: list[Any], pad: str, out: list[str]) -> None:
        """A list under ``key``: scalars inline (or one a line), mappings one an item."""
        if not items:
            out.append(f"{pad}{key}: []")
            return
        if type(items[0]) is not dict:
            if not self.flow_records and self.look.random() < 0.25:
                out.append(f"{pad}{key}:")
                out.extend(f"{pad}  - {self.scalar(x)}" for x in items)
            else:
                out.append(f"{pad}{key}: {self.inline_list(items)}")
            return
        out.append(f"{pad}{key}:")
        for item in items:
            self.item(item, pad + "  ", out)

    def item(self, data: dict[Any, Any], pad: str, out: list[str]) -> None:
        """One mapping in a block sequence, its first key after the dash."""
        parts = self.flow_parts(data) if self.flow_records else None
        if parts is not None:
            self.wrapped(f"{pad}- ", parts, "{", "}", out)
            return
        start = len(out)
        inner = pad + "  "
        self.mapping(data, inner, out)
        for j in range(start, len(out)):
            line = out[j]
            if not line.startswith(inner + "#"):
                out[j] = pad + "- " + line[len(inner) :]
                break

    def flow_parts(self, data: dict[Any, Any]) -> list[str] | None:
        """The entries of a small mapping in flow style, or None if it is not small."""
        if len(data) > 8:
            return None
        parts: list[str] = []
        for key, value in data.items():
            if type(key) is Comment:
                return None
            t = type(value)
            if t is dict:
                inner = self.flow_parts(value)
                if inner is None:
                    return None
                parts.append(f"{self.scalar(key, True)}: {{{', '.join(inner)}}}")
            elif t is list:
                if value and type(value[0]) is dict:
                    return None
                parts.append(f"{self.scalar(key, True)}: {self.inline_list(value)}")
            elif t is Raw and "#" in value:
                return None
            else:
                parts.append(f"{self.scalar(key, True)}: {self.scalar(value, True)}")
        return parts

    def wrapped(
        self, prefix: str, parts: list[str], open_: str, close: str, out: list[str]
    ) -> None:
        """A flow collection after ``prefix``, continued on more lines where it is long."""
        line = prefix + open_
        cont = " " * len(line)
        first = True
        for j, part in enumerate(parts):
            tail = close if j == len(parts) - 1 else ","
            piece = part if first else " " + part
            if not first and len(line) + len(piece) + len(tail) > self.width:
                out.append(line)
                line = cont + part + tail
            else:
                line += piece + tail
            first = False
        out.append(line)


# --------------------------------------------------------------------------------------------
# Output


HEADER = (
    "# Inventory of official social media accounts: Department of Research & Development (DRD).",
    "# FICTIONAL, generated for smaudit's benchmark by an independent script written from the",
    "# format's documentation alone. No secrets: passwords and recovery codes live in the vault.",
    "# Owners, backups and holders are roster ids; R&D program offices share the agency's plans.",
)


def write_block(gen: Generator, out: TextIO, flow: bool, jobs: int) -> None:
    """Write the inventory in block (or flow-record) style, account by account."""
    writer = YamlWriter(flow, gen.look)
    lines: list[str] = [*HEADER, "smaudit: 1", "agency:"]
    writer.mapping(gen.agency(), "  ", lines)
    lines.append("people:")
    for person in gen.people:
        writer.item(gen.person_record(person), "  ", lines)
    lines.append("accounts:")
    out.write("\n".join(lines))
    out.write("\n")
    chunks = range((gen.n + CHUNK - 1) // CHUNK)
    if jobs > 1 and gen.n > CHUNK and "fork" in multiprocessing.get_all_start_methods():
        _WORKER[:] = [(gen, writer)]  # the forked processes inherit it
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            out.writelines(pool.imap(_render_chunk, chunks))
        _WORKER.clear()
    else:
        out.writelines(render_chunk(gen, writer, c) for c in chunks)


_WORKER: list[tuple[Generator, YamlWriter]] = []


def _render_chunk(c: int) -> str:
    """In a forked process: one chunk of accounts as YAML text."""
    gen, writer = _WORKER[0]
    return render_chunk(gen, writer, c)


def render_chunk(gen: Generator, writer: YamlWriter, c: int) -> str:
    """One chunk of accounts as YAML text, items of the ``accounts`` list."""
    lines: list[str] = []
    for _, account in gen.chunk(c):
        if gen.look.random() < 0.6:
            lines.append("")
        writer.item(account, "  ", lines)
    writer.forget()
    lines.append("")
    return "\n".join(lines)


def write_pyyaml(gen: Generator, out: TextIO) -> None:
    """Build the whole inventory as Python data and let PyYAML write it."""
    import yaml

    data: dict[str, Any] = {"smaudit": 1, "agency": gen.agency()}
    data["people"] = [gen.person_record(p) for p in gen.people]
    chunks = range((gen.n + CHUNK - 1) // CHUNK)
    data["accounts"] = [account for c in chunks for _, account in gen.chunk(c)]
    yaml.dump(data, out, Dumper=yaml.CSafeDumper, sort_keys=False)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("n", type=int, help="number of accounts")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2026, 11, 20))
    parser.add_argument("--style", choices=("block", "flow", "pyyaml"), default="block")
    parser.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="processes that write the block and flow styles (the output is the same for any "
        "number; more pays only on idle cores)",
    )
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("N must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Generate one inventory to standard output."""
    args = parse_args(argv)
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(encoding="utf-8")  # names like José, whatever the locale
    gc.disable()  # the data has no reference cycles: reference counting frees it
    gen = Generator(args.n, args.seed, args.as_of, args.style)
    if args.style == "pyyaml":
        write_pyyaml(gen, sys.stdout)
    else:
        write_block(gen, sys.stdout, flow=args.style == "flow", jobs=args.jobs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
