"""smaudit.secrets: credentials are refused in any user-written file, wherever and however they
are written, and the refusal never repeats them. Property-based: the shapes are generated."""

from __future__ import annotations

import json
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smaudit.errors import InputError
from smaudit.reading.files import load_bytes
from smaudit.safety.secrets import looks_like

_ALNUM = string.ascii_letters + string.digits
_B32 = string.ascii_uppercase + "234567"


def _text(alphabet: str, size: int) -> st.SearchStrategy[str]:
    return st.text(alphabet=alphabet, min_size=size, max_size=size)


# generated credentials of the shapes issue 15 found in feeds, each a strategy
SHAPES = {
    "github fine-grained": st.builds(lambda t: "github_pat_" + t, _text(_ALNUM + "_", 60)),
    "gitlab": st.builds(lambda t: "glpat-" + t, _text(_ALNUM, 20)),
    "aws access key": st.builds(lambda t: "AKIA" + t, _text(string.ascii_uppercase, 16)),
    "url password": st.builds(
        lambda user, pw: f"https://{user}:{pw}@host.example.gov/",
        _text("abcxyz", 5),
        _text(_ALNUM, 12),
    ),
    "bcrypt": st.builds(lambda t: "$2b$12$" + t, _text(_ALNUM + "./", 53)),
    "totp seed": st.builds(
        lambda letters, digits: "".join(a + b for a, b in zip(letters, digits, strict=True)),
        _text(string.ascii_uppercase, 8),
        _text("234567", 8),
    ),
    "slack webhook": st.builds(
        lambda a, b, c: f"https://hooks.slack.com/services/T{a}/B{b}/{c}",
        _text(_ALNUM, 8),
        _text(_ALNUM, 8),
        _text(_ALNUM, 24),
    ),
    "discord webhook": st.builds(
        lambda n, t: f"https://discord.com/api/webhooks/{n}/{t}",
        st.integers(10**16, 10**18),
        _text(_ALNUM, 40),
    ),
    "authorization": st.builds(lambda t: f"Authorization: Bearer {t}", _text(_ALNUM, 30)),
    "backup codes": st.lists(_text(string.digits, 8), min_size=4, max_size=10).map(" ".join),
}
_AROUND = st.text(alphabet=string.ascii_letters + " .,:;-", max_size=30)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(SHAPES)).flatmap(SHAPES.__getitem__), _AROUND, _AROUND)
def test_a_credential_in_free_text_is_refused_without_being_repeated(
    secret: str, before: str, after: str
) -> None:
    note = f"{before} {secret} {after}"
    assert looks_like(note) is not None
    for where in ("purpose", "x-note"):
        text = (
            "smaudit: 1\nagency: {name: D}\npeople: []\n"
            f"accounts:\n  - {{id: a, platform: x, {where}: {json.dumps(note)}}}\n"
        )
        with pytest.raises(InputError) as refused:
            load_bytes(text.encode(), "f.yaml")
        assert secret not in str(refused.value)
        assert "not shown" in str(refused.value)


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["x-password", "x-api-key", "password", "x-totp-seed", "x-backup_codes"]),
    st.sampled_from(["{k}: {v}", "{k}    : {v}", "? {k}\n: {v}", '"{k}": {v}', "&a {k}: {v}"]),
    _text(_ALNUM, 12),
)
def test_a_key_naming_a_secret_is_refused_however_it_is_spelled(
    key: str, spelling: str, value: str
) -> None:
    text = "smaudit: 1\nagency: {name: D}\naccounts: []\n" + spelling.format(k=key, v=value)
    with pytest.raises(InputError) as refused:
        load_bytes((text + "\n").encode(), "f.yaml")
    assert value not in str(refused.value)


@pytest.mark.parametrize(
    "text",
    [
        "Department of Coastal Resilience",
        "https://www.example.gov/about",
        "stored_in: password_manager",
        "DEPARTMENTOFDEFENSE",
        "have been here with them",
        "POAM-2026-031",
        "2026-11-20",
        # prose about secrets, as control texts write it
        "No source names backup-code custody: that part is good practice",
        "Backup codes kept in an email, a spreadsheet or a notebook",
    ],
)
def test_ordinary_text_is_not_taken_for_a_credential(text: str) -> None:
    assert looks_like(text) is None


def test_a_boolean_under_a_secret_name_says_what_is_offered_not_what_it_is() -> None:
    text = b"platforms:\n  x: {totp: true, security_keys: false}\n"
    assert load_bytes(text, "platforms.yaml").data["platforms"]["x"]["totp"] is True
