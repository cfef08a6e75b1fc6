"""Work shared between forked processes gives what one process gives, a failure anywhere is reported, an
interrupted run leaves no process behind, and small work (or a warm cache's check) forks nothing."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import world

from generator.engine import checker, parallel, steps
from generator.findings.finding import Finding


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


def test_when_no_child_can_be_forked_every_share_is_done_here_in_share_order(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    results = parallel.split_map(lambda share: (os.getpid(), share), list(range(7)), 3)
    assert results == [(os.getpid(), [0, 3, 6]), (os.getpid(), [1, 4]), (os.getpid(), [2, 5])]


def test_an_interrupted_run_waits_for_its_children_so_that_nothing_writes_after_the_cleanup(tmp_path: Path) -> None:
    out = tmp_path / "pages"
    out.mkdir()
    parent = os.getpid()

    def write_slowly(share: list[int]) -> int:
        if os.getpid() == parent:
            raise KeyboardInterrupt  # Ctrl+C while this process works on its own share
        time.sleep(0.3)
        for n in share:
            (out / f"{n}.html").write_text("页", encoding="utf-8")
        return len(share)

    before = _children()
    with pytest.raises(KeyboardInterrupt):
        parallel.split_map(write_slowly, list(range(6)), 3)
    assert _children() <= before  # every child has ended (and was reaped) before the interrupt goes on
    written = sorted(p.name for p in out.iterdir())
    assert written == ["1.html", "2.html", "4.html", "5.html"]
    for page in out.iterdir():  # the caller's cleanup
        page.unlink()
    time.sleep(0.4)
    assert not list(out.iterdir())  # no child was left to write after it


def test_ctrl_c_in_a_child_fails_its_share_and_the_run_reports_it(tmp_path: Path) -> None:
    parent = os.getpid()

    def interrupted_in_child(share: list[int]) -> int:
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGINT)  # the child reacts at once: Ctrl+C is not held back in its share
            time.sleep(0.5)
        return len(share)

    before = _children()
    with pytest.raises(parallel.WorkerError, match="KeyboardInterrupt"):
        parallel.split_map(interrupted_in_child, list(range(4)), 2)
    assert _children() <= before


# --- the check uses the same mechanism ------------------------------------------------------------
def _seen(findings: tuple[Finding, ...]) -> list[tuple[str, str, int, int, str]]:
    return [(f.rule, f.path, f.line, f.column, f.message) for f in findings]


@pytest.fixture()
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The shares handed to forked children during the test (their sizes)."""
    handed: list[int] = []
    real: Callable[..., Any] = parallel._fork

    def counted(func: Callable[[list[Any]], Any], share: list[Any]) -> Any:
        handed.append(len(share))
        return real(func, share)

    monkeypatch.setattr(parallel, "_fork", counted)
    return handed


def _records(tmp_path: Path) -> Path:
    records = world.base()
    records["talks/2026/t1.yaml"]["distribution"] = []  # a finding located by reading the file again
    return world.write(tmp_path, records)


def test_a_small_repository_is_checked_in_this_process(tmp_path: Path, forks: list[int],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TALKDOCS_CACHE", raising=False)
    result = checker.check(_records(tmp_path), world.AS_OF, jobs=2)
    assert "A12-DISTRIBUTION" in {f.rule for f in result.findings}
    assert forks == []  # below PARALLEL_MIN_FILES and PARALLEL_MIN_POSITIONS nothing is forked


def test_parsing_and_locating_are_shared_out_and_a_warm_cache_check_forks_nothing(
        tmp_path: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    records = _records(tmp_path)
    alone = checker.check(records, world.AS_OF, jobs=1)
    monkeypatch.setattr(steps, "PARALLEL_MIN_FILES", 1)  # share out even this small repository's work
    monkeypatch.setattr(steps, "PARALLEL_MIN_POSITIONS", 1)
    shared = checker.check(records, world.AS_OF, jobs=2, cache_dir=tmp_path / "cache")
    assert len(forks) == 2  # one child parsed half of the files, one read half of the files to locate in
    assert _seen(shared.findings) == _seen(alone.findings)
    assert all(f.line > 0 for f in shared.findings if f.pointer is not None)
    assert shared.repository == alone.repository
    forks.clear()
    warm = checker.check(records, world.AS_OF, jobs=2, cache_dir=tmp_path / "cache")
    assert forks == []  # every file's content parsed and every position known: no process is started
    assert _seen(warm.findings) == _seen(alone.findings)
