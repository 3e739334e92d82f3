"""The files `smaudit init` writes: templates shipped as package data, and where each goes."""

# The templates are ordinary YAML files (templates/), so the tests validate them as they ship;
# the only thing filled in is the release the CI files pin, which is this version's tag.

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from importlib import resources
from pathlib import PurePosixPath

from smaudit import __version__

REF_TOKEN = "{{smaudit_ref}}"


class Ci(Enum):
    """The CI platforms `init --ci` writes a job for."""

    NONE = "none"
    GITHUB = "github"
    GITLAB = "gitlab"


@dataclass(frozen=True)
class StarterFile:
    """One file to write: its path below the target folder and the template it comes from."""

    path: PurePosixPath
    template: str
    role: str
    """What the file is, for the summary `init` prints."""


# The names match the fileMatch patterns of schemas/catalog.json, so an editor that reads
# SchemaStore's catalog finds each file's schema even without its first line.
INVENTORY = StarterFile(
    PurePosixPath("smaudit-inventory.yaml"), "smaudit-inventory.yaml", "inventory"
)
WAIVERS = StarterFile(PurePosixPath("smaudit-waivers.yaml"), "smaudit-waivers.yaml", "waivers")
PROFILE = StarterFile(PurePosixPath("smaudit-profile.yaml"), "smaudit-profile.yaml", "profile")
STARTER = (INVENTORY, WAIVERS, PROFILE)
CI_FILES = {
    Ci.NONE: (),
    Ci.GITHUB: (
        StarterFile(
            PurePosixPath(".github/workflows/smaudit.yml"), "github-workflow.yml", "GitHub workflow"
        ),
    ),
    Ci.GITLAB: (StarterFile(PurePosixPath(".gitlab-ci.yml"), "gitlab-ci.yml", "GitLab CI"),),
}


def starter_files(ci: Ci) -> tuple[StarterFile, ...]:
    """Every file `init` writes with `--ci ci`."""
    return STARTER + CI_FILES[ci]


def release_ref() -> str:
    """The tag of the running release: what the CI files pin, so CI runs what wrote them."""
    return f"v{__version__}"


def text(file: StarterFile) -> str:
    """The file's contents, the release filled in."""
    template = resources.files(__package__).joinpath("templates", file.template)
    return template.read_text("utf-8").replace(REF_TOKEN, release_ref())
