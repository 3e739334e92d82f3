"""The pre-commit hooks (.pre-commit-hooks.yaml) as a user's repository runs them: `git commit`
in a sample repository whose .pre-commit-config.yaml names this checkout, pre-commit (from
PyPI) having installed smaudit from it into its own environment.

That checkout is a commit of the working tree as it is, uncommitted edits included, so what is
tested is what a developer is about to commit. Every sample repository names the same commit
and shares one PRE_COMMIT_HOME, so pre-commit builds its environment once a session (about 7 s,
SMAUDIT_PURE_PYTHON=1 skipping the compiled modules). `pre-commit try-repo` is not used for
that reason: it builds a new environment on each call.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tests.conftest import AS_OF, ROOT, SAMPLES
from tests.integrations.tools import tool

Commit = Callable[[str], subprocess.CompletedProcess[str]]
DEPARTED = {
    "id": "tbrooks",
    "name": "Taylor Brooks",
    "email": "taylor.brooks@dcr.gov",
    "employment": "federal",
    "status": "separated",
    "separated_on": "2026-08-15",
}
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.gov",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.gov",
}


def _git(*args: str, cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True, timeout=120
    )
    return done.stdout


@pytest.fixture(scope="session")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """git without the developer's own configuration (signing, hooks paths, templates), and
    pre-commit with a store of this session's."""
    tool("pre-commit")
    return {
        **os.environ,
        **GIT_IDENTITY,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("pre-commit-home")),
        "SMAUDIT_PURE_PYTHON": "1",  # the environment's pip install: no compile (hatch_build.py)
    }


@pytest.fixture(scope="session")
def hooks_repo(tmp_path_factory: pytest.TempPathFactory, env: dict[str, str]) -> tuple[Path, str]:
    """This working tree committed as it is (tracked and new files, not ignored ones): the
    repository and revision the samples' configurations name."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: pre-commit installs hooks from a git repository")
    listed = _git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT, env=env)
    snapshot = tmp_path_factory.mktemp("smaudit-hooks-repo")
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():  # a file deleted in the working tree is listed, and left out
            (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, snapshot / name)
    _git("init", "-q", cwd=snapshot, env=env)
    _git("add", "-A", cwd=snapshot, env=env)
    _git("commit", "-q", "--no-verify", "-m", "the working tree under test", cwd=snapshot, env=env)
    return snapshot, _git("rev-parse", "HEAD", cwd=snapshot, env=env).strip()


@pytest.fixture
def sample(tmp_path: Path, hooks_repo: tuple[Path, str], env: dict[str, str]) -> Path:
    """An agency's repository: the compliant sample split into inventory/people.yaml and
    inventory/accounts.yaml, a waivers file, and the hooks configured as docs/ci.md shows."""
    repo, rev = hooks_repo
    inventory = yaml.safe_load((SAMPLES / "compliant.yaml").read_text("utf-8"))
    people = {"smaudit": 1, "agency": inventory["agency"], "people": inventory["people"]}
    people["sources"] = inventory["sources"]  # the attestation the accounts name
    _dump(tmp_path / "inventory" / "people.yaml", people)
    _dump(
        tmp_path / "inventory" / "accounts.yaml", {"smaudit": 1, "accounts": inventory["accounts"]}
    )
    shutil.copy(SAMPLES / "waivers.yaml", tmp_path / "waivers.yaml")
    hooks = [
        {"id": "smaudit-validate", "args": ["inventory/", "--as-of", AS_OF]},
        {
            "id": "smaudit-check",
            "args": ["inventory/", "--waivers", "waivers.yaml", "--as-of", AS_OF],
        },
    ]
    _dump(
        tmp_path / ".pre-commit-config.yaml",
        {"repos": [{"repo": str(repo), "rev": rev, "hooks": hooks}]},
    )
    _git("init", "-q", cwd=tmp_path, env=env)
    subprocess.run(
        [tool("pre-commit"), "install"], cwd=tmp_path, env=env, check=True, capture_output=True
    )
    return tmp_path


@pytest.fixture
def commit(sample: Path, env: dict[str, str]) -> Commit:
    """`git commit` of everything in the sample, through its pre-commit hook; stdout and stderr
    together, as the terminal shows them."""

    def _commit(message: str) -> subprocess.CompletedProcess[str]:
        _git("add", "-A", cwd=sample, env=env)
        return subprocess.run(
            ["git", "commit", "-m", message],
            cwd=sample,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=600,  # the first commit of a session builds pre-commit's environment
            check=False,
        )

    return _commit


def _dump(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def _commits(sample: Path, env: dict[str, str]) -> int:
    return int(_git("rev-list", "--count", "--all", cwd=sample, env=env) or 0)


def test_a_clean_inventory_commit_passes(commit: Commit, sample: Path, env: dict[str, str]) -> None:
    done = commit("the inventory")
    assert done.returncode == 0, done.stdout
    assert re.search(r"smaudit validate\.+Passed", done.stdout)
    assert re.search(r"smaudit check\.+Passed", done.stdout)
    assert _commits(sample, env) == 1


def test_a_commit_that_adds_a_departed_holder_is_blocked(
    commit: Commit, sample: Path, env: dict[str, str]
) -> None:
    assert commit("the inventory").returncode == 0
    people = yaml.safe_load((sample / "inventory" / "people.yaml").read_text("utf-8"))
    people["people"].append(DEPARTED)
    _dump(sample / "inventory" / "people.yaml", people)
    accounts = yaml.safe_load((sample / "inventory" / "accounts.yaml").read_text("utf-8"))
    holder = {"person": "tbrooks", "role": "editor", "granted_on": "2026-03-02"}
    accounts["accounts"][0]["credentials"]["holders"].append(holder)
    _dump(sample / "inventory" / "accounts.yaml", accounts)

    done = commit("Taylor keeps the editor role")
    assert done.returncode != 0
    assert re.search(r"smaudit validate\.+Passed", done.stdout)  # valid, and not compliant
    assert re.search(r"smaudit check\.+Failed", done.stdout)
    finding = re.compile(r"^inventory/accounts\.yaml:\d+:\d+: SM-PS-01 critical dcr-x-main: ", re.M)
    assert finding.search(done.stdout), done.stdout
    assert "Taylor" not in done.stdout and "taylor.brooks" not in done.stdout  # masked
    assert _commits(sample, env) == 1  # the commit did not happen


def test_a_broken_yaml_file_is_blocked_where_it_breaks(
    commit: Commit, sample: Path, env: dict[str, str]
) -> None:
    (sample / "inventory" / "extra.yaml").write_text("smaudit: 1\naccounts:\n  - id: [oops\n")
    done = commit("a broken file")
    assert done.returncode != 0
    assert re.search(r"smaudit validate\.+Failed", done.stdout)
    assert re.search(r"error: inventory/extra\.yaml:\d+:\d+: invalid YAML", done.stdout)
    assert "Traceback" not in done.stdout and _commits(sample, env) == 0


def test_a_touched_waivers_file_is_validated_as_waivers(commit: Commit, sample: Path) -> None:
    text = (sample / "waivers.yaml").read_text("utf-8")
    (sample / "waivers.yaml").write_text(text.replace("control: SM-IA-02", "control: SM-NOPE-99"))
    done = commit("a waiver of a control that does not exist")
    assert done.returncode != 0
    assert re.search(r"error: waivers\.yaml:\d+:\d+: .*SM-NOPE-99", done.stdout), done.stdout


def test_other_yaml_files_do_not_run_the_hooks(
    commit: Commit, sample: Path, env: dict[str, str]
) -> None:
    assert commit("the inventory").returncode == 0
    (sample / ".github" / "workflows").mkdir(parents=True)
    (sample / ".github" / "workflows" / "ci.yml").write_text("on: push\njobs: {}\n")
    (sample / "mkdocs.yml").write_text("site_name: docs\n")
    done = commit("another tool's files")
    assert done.returncode == 0, done.stdout
    assert re.search(r"smaudit validate\.+\(no files to check\)Skipped", done.stdout)
    assert re.search(r"smaudit check\.+\(no files to check\)Skipped", done.stdout)


def _manifest() -> list[dict[str, object]]:
    hooks: list[dict[str, object]] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    return hooks


def test_pre_commit_accepts_the_manifest() -> None:
    done = subprocess.run(
        [tool("pre-commit"), "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(
    ("path", "runs"),
    [
        ("inventory.yaml", True),
        ("inventory/hq.yaml", True),
        ("inventories/region-2/accounts.yml", True),
        ("compliance/inventory-2026.json", True),
        ("waivers.yaml", True),
        ("controls/IA/SM-XX-01.yaml", True),
        ("profiles/ours.yaml", True),
        ("smaudit/people.yaml", True),
        (".pre-commit-config.yaml", False),
        (".github/workflows/ci.yml", False),
        ("mkdocs.yml", False),
        ("package.json", False),
        ("inventory/README.md", False),
        ("docs/inventory.md", False),
    ],
)
def test_the_default_files_pattern(path: str, runs: bool) -> None:
    """pre-commit matches `files:` with Python's re.search, as here."""
    for hook in _manifest():
        assert bool(re.search(str(hook["files"]), path)) is runs, (hook["id"], path)
