"""The git helpers give reproducible commits: every exact expectation of the audit tests depends on that."""

from __future__ import annotations

from pathlib import Path

import world
from gitworld import GitWorld, clean_records


def test_commits_are_reproducible(tmp_path: Path) -> None:
    shas = []
    for name in ("a", "b"):
        repo = GitWorld(tmp_path / name)
        repo.write({"people/li.yaml": {"id": "li", "name": "李"}})
        shas.append(repo.commit("新增人员", "2026-04-01T09:00:00+08:00"))
    assert shas[0] == shas[1]


def test_clean_records_have_no_findings(tmp_path: Path) -> None:
    repo = GitWorld(tmp_path)
    repo.write(clean_records())
    assert world.check(repo.records, world.AS_OF).findings == ()
