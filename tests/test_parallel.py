"""Work shared between forked processes gives what one process gives, and a failure anywhere is reported."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.engine import parallel


@pytest.fixture(autouse=True)
def _share_small_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)


def test_each_share_is_worked_on_in_its_own_process_and_results_come_in_share_order() -> None:
    results = parallel.split_map(lambda share: (os.getpid(), sum(share), share), list(range(10)), 3)
    assert [r[2] for r in results] == [[0, 3, 6, 9], [1, 4, 7], [2, 5, 8]]
    assert sum(r[1] for r in results) == 45
    assert results[0][0] == os.getpid() and len({r[0] for r in results}) == 3


def test_one_job_or_a_small_list_stays_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    assert parallel.split_map(lambda share: (os.getpid(), share), [1, 2, 3], 1) == [(os.getpid(), [1, 2, 3])]
    monkeypatch.setattr(parallel, "MIN_ITEMS", 100)
    assert parallel.split_map(lambda share: (os.getpid(), share), [1, 2, 3], 2) == [(os.getpid(), [1, 2, 3])]


def _fail_on_odd(share: list[int]) -> int:
    if share and share[0] % 2:
        raise ValueError(f"坏数据 {share[0]}")
    return len(share)


def _children() -> set[int]:
    """This process's children, zombies included (Linux /proc)."""
    out = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == os.getpid():
                out.add(int(entry.name))
    return out


def test_a_failing_child_is_reported_with_its_reason_and_every_child_is_reaped() -> None:
    before = _children()
    with pytest.raises(parallel.WorkerError, match="ValueError: 坏数据 1"):
        parallel.split_map(_fail_on_odd, [0, 1, 2, 3], 2)
    assert _children() <= before  # no child left behind, not even a zombie


def test_a_failure_in_this_process_is_raised_as_it_is_after_the_children_end() -> None:
    before = _children()
    with pytest.raises(ValueError, match="坏数据 1"):
        parallel.split_map(_fail_on_odd, [1, 0, 3, 2], 2)
    assert _children() <= before
