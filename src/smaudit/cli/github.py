"""What GitHub Actions tells a run about its repository, read from the environment and checked
before use: links to the inventory's lines at the run's commit, and to the run. Nothing is
fetched; outside Actions (or with a value that is not what Actions sets) there are no links."""

from __future__ import annotations

import re
from collections.abc import Mapping

from smaudit.formats.options import RepositoryLinks

# What GitHub (or GitHub Enterprise Server) sets: anything else could carry Markdown or a
# script URL into a comment, so it is not used at all.
_SERVER = re.compile(r"https://[A-Za-z0-9.-]+(?::[0-9]{1,5})?")
_REPOSITORY = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")
_SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
_RUN_ID = re.compile(r"[0-9]{1,20}")


def repository_links(environ: Mapping[str, str]) -> RepositoryLinks | None:
    """The links GITHUB_SERVER_URL, GITHUB_REPOSITORY and GITHUB_SHA (and GITHUB_RUN_ID, for
    the run's page) make, or None when one of the first three is absent or malformed."""
    server = environ.get("GITHUB_SERVER_URL", "").rstrip("/")
    repository = environ.get("GITHUB_REPOSITORY", "")
    sha = environ.get("GITHUB_SHA", "")
    if not (_full(_SERVER, server) and _full(_REPOSITORY, repository) and _full(_SHA, sha)):
        return None
    run_id = environ.get("GITHUB_RUN_ID", "")
    run_url = f"{server}/{repository}/actions/runs/{run_id}" if _full(_RUN_ID, run_id) else None
    return RepositoryLinks(blob_url=f"{server}/{repository}/blob/{sha}", run_url=run_url)


def _full(pattern: re.Pattern[str], value: str) -> bool:
    return pattern.fullmatch(value) is not None
