"""The parse cache: a warm check says exactly what a cold one says, and a bad cache is never trusted."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
import world

from generator.demo import generate as demo
from generator.engine import checker, steps
from generator.findings.finding import Finding
from generator.load import cache, instance_loader
from generator.schema import loader as schema_loader

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _own_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test gets its own user cache folder (where the cache key lives) and no $TALKDOCS_CACHE."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    monkeypatch.delenv(cache.CACHE_ENV, raising=False)


def _world(tmp_path: Path) -> Path:
    records = world.base()
    records["talks/2026/t1.yaml"]["distribution"] = []  # one finding with a line number (A12-DISTRIBUTION)
    records["rectifications/t2.yaml"].pop("status_report_on")  # and one overdue status report
    return world.write(tmp_path, records)


def _seen(findings: tuple[Finding, ...]) -> list[tuple[str, str, int, int, str]]:
    return [(f.rule, f.path, f.line, f.column, f.message) for f in findings]


def _shards(folder: Path) -> list[Path]:
    return sorted(folder.rglob("shard-*.bin"))


def test_a_warm_check_reports_exactly_what_a_cold_one_does(tmp_path: Path) -> None:
    records = _world(tmp_path)
    folder = tmp_path / "cache"
    cold = checker.check(records, world.AS_OF)
    first = checker.check(records, world.AS_OF, cache_dir=folder)
    assert _shards(folder)
    warm = checker.check(records, world.AS_OF, cache_dir=folder)
    assert _seen(first.findings) == _seen(cold.findings) == _seen(warm.findings)
    assert {"A12-DISTRIBUTION", "A11-STATUS-LATE"} <= {f.rule for f in warm.findings}
    assert all(f.line > 0 for f in warm.findings if f.pointer is not None)
    assert warm.repository == cold.repository


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    records = _world(tmp_path)
    folder = tmp_path / "cache"
    checker.check(records, world.AS_OF, cache_dir=folder)
    talk = records / "talks/2026/t1.yaml"
    talk.write_text(talk.read_text(encoding="utf-8").replace("kind: periodic", "kind: inquiry"), encoding="utf-8")
    warm = checker.check(records, world.AS_OF, cache_dir=folder)
    assert _seen(warm.findings) == _seen(checker.check(records, world.AS_OF).findings)
    assert "A2-SCOPE-KIND" in {f.rule for f in warm.findings}


def test_results_that_depend_on_the_as_of_date_are_never_cached(tmp_path: Path) -> None:
    records = _world(tmp_path)
    folder = tmp_path / "cache"
    checker.check(records, world.AS_OF, cache_dir=folder)
    earlier = dt.date(2026, 6, 1)
    warm = checker.check(records, earlier, cache_dir=folder)
    assert _seen(warm.findings) == _seen(checker.check(records, earlier).findings)
    assert warm.context.as_of == earlier


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "empty"])
def test_a_damaged_cache_file_is_ignored(tmp_path: Path, damage: str) -> None:
    records = _world(tmp_path)
    folder = tmp_path / "cache"
    cold = checker.check(records, world.AS_OF, cache_dir=folder)
    for shard in _shards(folder):
        blob = shard.read_bytes()
        shard.write_bytes({"truncate": blob[: len(blob) // 2], "flip": blob[:-1] + bytes([blob[-1] ^ 1]),
                           "garbage": os.urandom(len(blob)), "empty": b""}[damage])
    again = checker.check(records, world.AS_OF, cache_dir=folder)
    assert _seen(again.findings) == _seen(cold.findings)


def test_a_cache_planted_in_the_repository_cannot_hide_findings(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Someone commits `.cache/talkdocs/`, made with their own key, that maps a bad record to a clean one."""
    records = _world(tmp_path)
    folder = cache.default_folder(records)
    bad = (records / "talks/2026/t1.yaml").read_bytes()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "attacker"))
    schemas = schema_loader.load()
    forged = cache.ParseCache.open(folder, cache.namespace(schemas.schemas, records), records)
    assert forged is not None
    forged.put(cache.digest(bad), world.base()["talks/2026/t1.yaml"])
    forged.save()
    fooled = checker.check(records, world.AS_OF, cache_dir=folder)  # the forger's own key trusts it ...
    assert "A12-DISTRIBUTION" not in {f.rule for f in fooled.findings}
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    result = checker.check(records, world.AS_OF, cache_dir=folder)  # ... anyone else's does not
    assert "A12-DISTRIBUTION" in {f.rule for f in result.findings}


def test_a_cache_of_another_version_is_not_used_and_is_removed(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    records = _world(tmp_path)
    folder = tmp_path / "cache"
    checker.check(records, world.AS_OF, cache_dir=folder)
    old = {p.parent for p in _shards(folder)}
    monkeypatch.setattr(cache, "__version__", "9.9.9")
    again = checker.check(records, world.AS_OF, cache_dir=folder)
    new = {p.parent for p in _shards(folder)}
    assert new and not (old & new) and not any(p.exists() for p in old)
    assert _seen(again.findings) == _seen(checker.check(records, world.AS_OF).findings)


def test_other_schemas_use_another_cache(tmp_path: Path) -> None:
    records = _world(tmp_path)
    schemas = schema_loader.load()
    changed = dict(schemas.schemas)
    changed["person"] = {**changed["person"], "title": "人员（改）"}
    assert cache.namespace(schemas.schemas, records) != cache.namespace(changed, records)


def test_a_cache_folder_inside_the_records_is_not_used(tmp_path: Path) -> None:
    records = _world(tmp_path)
    before = sorted(p.relative_to(records) for p in records.rglob("*"))
    checker.check(records, world.AS_OF, cache_dir=records / ".cache")
    assert sorted(p.relative_to(records) for p in records.rglob("*")) == before


def test_an_unwritable_cache_folder_does_not_stop_the_check(tmp_path: Path) -> None:
    records = _world(tmp_path)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    result = checker.check(records, world.AS_OF, cache_dir=blocker / "cache")
    assert _seen(result.findings) == _seen(checker.check(records, world.AS_OF).findings)


def test_saving_leaves_no_temporary_files_and_drops_unused_entries(tmp_path: Path) -> None:
    records = _world(tmp_path)
    folder = tmp_path / "cache"
    checker.check(records, world.AS_OF, cache_dir=folder)
    (records / "people/ln.yaml").unlink()
    checker.check(records, world.AS_OF, cache_dir=folder)
    assert not [p for p in folder.rglob("*") if p.name.endswith(".tmp")]
    schemas = schema_loader.load()
    reopened = cache.ParseCache.open(folder, cache.namespace(schemas.schemas, records), records)
    assert reopened is not None
    files = [p for p in records.rglob("*.yaml")]
    assert set(reopened.known()) == {cache.digest(p.read_bytes()) for p in files}


def _cli(records: Path, env: dict[str, str], *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", "check", "--records", str(records), "--as-of",
                           "2026-11-27", "--format", "json", *extra], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **env}, check=False)


def test_the_command_caches_in_the_user_cache_folder_or_where_told_and_not_with_no_cache(tmp_path: Path) -> None:
    records = _world(tmp_path)
    env = {"XDG_CACHE_HOME": str(tmp_path / "user-cache")}
    assert _cli(records, env, "--no-cache").returncode == 1
    assert not (tmp_path / "user-cache" / "talkdocs" / "parse").exists()
    assert _cli(records, env).returncode == 1
    assert _shards(tmp_path / "user-cache" / "talkdocs" / "parse")
    assert not (tmp_path / ".cache").exists() and not (records / ".cache").exists()  # never beside the records
    assert _cli(records, {**env, cache.CACHE_ENV: str(tmp_path / "elsewhere")}).returncode == 1
    assert _shards(tmp_path / "elsewhere")


def test_a_cache_folder_git_would_commit_is_not_used(tmp_path: Path) -> None:
    records = _world(tmp_path)
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    env = {"XDG_CACHE_HOME": str(tmp_path / "user-cache"), cache.CACHE_ENV: str(tmp_path / "in-tree")}
    done = _cli(records, env)
    assert done.returncode == 1 and "为免被提交，本次不使用缓存" in done.stderr
    assert not (tmp_path / "in-tree").exists()
    (tmp_path / ".gitignore").write_text("/in-tree/\n", encoding="utf-8")
    done = _cli(records, env)
    assert done.returncode == 1 and "不使用缓存" not in done.stderr
    assert _shards(tmp_path / "in-tree")


def test_a_large_repository_checks_the_same_in_parallel_and_warm(tmp_path: Path) -> None:
    records = demo.write(tmp_path / "demo", 4000, 7).records_dir
    serial = checker.check(records, demo.DEMO_AS_OF, jobs=1)
    parallel = checker.check(records, demo.DEMO_AS_OF, jobs=2, cache_dir=tmp_path / "cache")
    warm = checker.check(records, demo.DEMO_AS_OF, jobs=2, cache_dir=tmp_path / "cache")
    assert serial.files >= steps.PARALLEL_MIN_FILES
    assert _seen(serial.findings) == _seen(parallel.findings) == _seen(warm.findings)


# --- the file index: unchanged files are not even read ---------------------------------------------------
def _count_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    reads: list[str] = []
    real = instance_loader.read_file_stat

    def counting(records_dir: Path, rel: str, *args: int) -> object:
        reads.append(rel)
        return real(records_dir, rel, *args)

    monkeypatch.setattr(instance_loader, "read_file_stat", counting)
    return reads


def _indexed_world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, checker.CheckResult]:
    """A world checked once with the cache, every file in the file index (records, cache folder, result)."""
    records = _world(tmp_path)
    monkeypatch.setattr(cache, "_RACY_NS", 0)  # the files were written a moment ago: index them all the same
    folder = tmp_path / "cache"
    return records, folder, checker.check(records, world.AS_OF, cache_dir=folder)


def test_files_unchanged_since_the_last_check_are_not_read_again(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    reads = _count_reads(monkeypatch)
    records, folder, first = _indexed_world(tmp_path, monkeypatch)
    assert len(reads) == first.files
    reads.clear()
    warm = checker.check(records, world.AS_OF, cache_dir=folder)
    assert reads == []
    assert _seen(warm.findings) == _seen(first.findings) and warm.repository == first.repository


def test_a_file_rewritten_with_its_size_and_time_put_back_is_read_again(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    records, folder, _ = _indexed_world(tmp_path, monkeypatch)
    person = records / "people/ln.yaml"
    before = person.stat()
    text = person.read_text(encoding="utf-8")
    changed = text.replace("name: 周新", "name: 吴新")
    assert changed != text and len(changed.encode()) == before.st_size
    person.write_text(changed, encoding="utf-8")
    os.utime(person, ns=(before.st_atime_ns, before.st_mtime_ns))  # same size, same mtime: only ctime differs
    warm = checker.check(records, world.AS_OF, cache_dir=folder)
    assert warm.repository.people["ln"].name == "吴新"


def test_a_file_replaced_by_a_link_after_it_was_indexed_is_refused(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    records, folder, _ = _indexed_world(tmp_path, monkeypatch)
    person = records / "people/ln.yaml"
    outside = tmp_path / "outside.yaml"
    outside.write_bytes(person.read_bytes())
    person.unlink()
    person.symlink_to(outside)
    warm = checker.check(records, world.AS_OF, cache_dir=folder)
    assert ("FILE-SYMLINK", "people/ln.yaml") in {(f.rule, f.path) for f in warm.findings}


def test_files_changed_just_before_a_check_are_read_again_next_time(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    records = _world(tmp_path)
    # A window wider than the time since the files were written, however slow the machine: every file is "racily
    # clean" when the check starts, so none may be indexed.
    monkeypatch.setattr(cache, "_RACY_NS", 10**9 * 86_400)
    folder = tmp_path / "cache"
    checker.check(records, world.AS_OF, cache_dir=folder)
    reads = _count_reads(monkeypatch)
    warm = checker.check(records, world.AS_OF, cache_dir=folder)
    assert len(reads) == warm.files
