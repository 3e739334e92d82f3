"""GitLab Code Quality at 10,000 accounts: every finding, within GitLab's artifact size limit.

GitLab rejects a report artifact over its size limit: `ci_max_artifact_size_codequality`, 0 by
default, which means the instance's maximum artifacts size, 100 MB by default on GitLab
Self-Managed (docs: administration/instance_limits, "Maximum file size per type of artifact")."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from smaudit.formats import RenderOptions
from smaudit.formats.findings import gitlab
from smaudit.model import Report, Status
from tests.formats.conftest import view
from tests.formats.test_gitlab import gitlab_errors

ARTIFACT_LIMIT = 100 * 1024 * 1024


def test_every_finding_within_the_artifact_limit(
    scale_report: Report, scale_repository: Path
) -> None:
    with contextlib.chdir(scale_repository):
        chunks = gitlab.iter_render(
            view(scale_report, "gitlab"), RenderOptions(source_root=scale_repository)
        )
        text = b"".join(chunks)
    assert len(text) < ARTIFACT_LIMIT
    issues = json.loads(text)
    assert not gitlab_errors(issues)
    listed = [f for f in scale_report.findings if f.status in gitlab.LISTED]
    assert len(issues) == len(listed) > 25_000
    assert {i["location"]["path"] for i in issues} == {"inventory/accounts.yaml"}
    assert any(f.status is Status.ERROR for f in listed)
