"""The recorded password-manager exports of tests/data/vault, and the files built from them: the
1PUX archive (a zip of its two recorded parts), malformed copies, and the fake secrets they hold."""

from __future__ import annotations

import zipfile
from pathlib import Path

VAULT = Path(__file__).parents[1] / "data" / "vault"
RECORDED = ("bitwarden_org.json", "bw_list_items.json", "op_item_get.json", "op_item_list.json")
MEMBERS = VAULT / "op_vault_users.json"
# people named by item titles, and vault members who cannot reach the items: never shown
PEOPLE_NEVER_SHOWN = (
    "Jane Ortiz",
    "Robert Kim",
    "Dana Former",
    "IT Vault Admin",
    "M. Chen",
    "DCR Instagram (Priya Shah)",
    "purchase card portal",
)


def secrets() -> list[str]:
    """Every fake secret the recorded exports hold (SECRETS.txt), each checked to be there."""
    lines = (VAULT / "SECRETS.txt").read_text(encoding="utf-8").splitlines()
    found = [line for line in lines if line and not line.startswith("#")]
    texts = [p.read_text(encoding="utf-8") for p in (*VAULT.glob("*.json"), *VAULT.glob("1pux/*"))]
    # a JSON file writes a newline in a string as \n: compare with what the file says
    missing = [s for s in found if not any(s in text for text in texts)]
    assert not missing, f"SECRETS.txt lists what no recorded export holds: {missing}"
    return found


def onepux(folder: Path, name: str = "export.1pux", data: Path | None = None) -> Path:
    """A 1PUX archive of the recorded export.attributes and export.data (or `data`), as
    1Password zips it."""
    path = folder / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(VAULT / "1pux" / "export.attributes", "export.attributes")
        archive.write(data or VAULT / "1pux" / "export.data", "export.data")
    return path


def exports(folder: Path) -> dict[str, Path]:
    """Every shape, by file name: the recorded JSON files and a built 1PUX."""
    return {**{name: VAULT / name for name in RECORDED}, "export.1pux": onepux(folder)}


def cut_in_a_secret(source: Path, secret: str, folder: Path) -> Path:
    """`source` cut off in the middle of `secret`: an unterminated string holding half of it."""
    text = source.read_text(encoding="utf-8")
    at = text.index(secret) + len(secret) // 2
    path = folder / f"cut-{source.name}"
    path.write_text(text[:at], encoding="utf-8")
    return path


def control_character_in_a_secret(source: Path, secret: str, folder: Path) -> Path:
    """`source` with a raw tab inside `secret`: json stops at the tab, in the secret."""
    text = source.read_text(encoding="utf-8")
    half = len(secret) // 2
    path = folder / f"tab-{source.name}"
    path.write_text(text.replace(secret, secret[:half] + "\t" + secret[half:]), encoding="utf-8")
    return path
