"""``talkdocs demo``: a realistic, valid, deterministic province-sized repository."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.demo import dump as yaml_out
from generator.demo import generate as demo
from generator.demo.organisation import shape_for
from generator.engine import checker
from generator.load import yamlsafe
from generator.measures import deadlines
from generator.model import catalog
from generator.model.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SCALE, SEED = 1000, 1


def _talkdocs(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300, check=False)


def _tree_hash(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        h.update(path.relative_to(folder).as_posix().encode())
        if path.is_file():
            h.update(path.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "repo"
    result = _talkdocs("demo", "--scale", str(SCALE), "--out", str(out), "--seed", str(SEED), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "生成" in result.stdout and "talkdocs check" in result.stdout
    return out / "records"


@pytest.fixture(scope="module")
def checked(generated: Path) -> checker.CheckResult:
    return checker.check(generated, demo.DEMO_AS_OF)


def test_every_record_is_valid_and_every_reference_resolves(checked: checker.CheckResult) -> None:
    broken = [f for f in checked.findings if f.rule.split("-")[0] in ("FILE", "YAML", "SCHEMA", "REF")]
    assert broken == []
    assert 0.9 * SCALE <= checked.files <= 1.2 * SCALE


def test_a_realistic_few_per_cent_of_records_have_findings(checked: checker.CheckResult) -> None:
    with_findings = {f.path for f in checked.findings}
    assert 0.01 * checked.files <= len(with_findings) <= 0.10 * checked.files
    rules = Counter(f.rule for f in checked.findings)
    for rule in ("A11-MEASURES-LATE", "A11-STATUS-LATE", "A5-COVERAGE", "A5-PLAN-ITEM-DUE", "A20-IN-FORCE"):
        assert rules[rule] > 0, rule


def test_the_hierarchy_and_its_people_are_all_there(checked: checker.CheckResult, generated: Path) -> None:
    repo = checked.repository
    kinds = Counter(o.kind for o in repo.orgs.values())
    assert kinds["provincial_committee"] == 1
    assert set(kinds) == set(catalog.ORG_KIND)  # lower-level orgs of every kind
    assert any(len(o.leaders) > 1 for o in repo.orgs.values())  # leaders change
    assert {t.kind for t in repo.talks.values()} == {"periodic", "timely"}
    bodies = yamlsafe.parse((generated / "settings.yaml").read_text(encoding="utf-8"))["bodies"]
    committees = {o.id for o in repo.orgs.values()
                  if o.kind in ("provincial_committee", "municipal_committee", "county_committee")}
    assert set(bodies) == committees
    assert all(repo.lower_level(b) for b in bodies)


def test_rectifications_come_in_every_state(checked: checker.CheckResult) -> None:
    repo = checked.repository
    states: Counter[str] = Counter()
    for talk in repo.talks.values():
        if talk.in_force:
            d = deadlines.for_talk(talk, repo.rectifications.get(talk.id), demo.DEMO_AS_OF, Settings())
            states.update((d.measures.state, d.status.state))
    assert set(states) == {"on_time", "late", "due_soon", "pending", "overdue"}
    results = {r.verification.result for r in repo.rectifications.values() if r.verification}
    assert results == set(catalog.VERIFICATION)
    progress = {p.status for r in repo.rectifications.values() for p in r.progress}
    assert progress == set(catalog.PROGRESS)


def test_the_same_seed_gives_the_same_repository(tmp_path: Path, generated: Path) -> None:
    again = tmp_path / "again"
    demo.write(again, SCALE, SEED)
    assert _tree_hash(again / "records") == _tree_hash(generated)
    other = tmp_path / "other"
    demo.write(other, SCALE, SEED + 1)
    assert _tree_hash(other / "records") != _tree_hash(generated)


def test_a_non_empty_folder_is_refused_and_left_alone(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("已有内容", encoding="utf-8")
    result = _talkdocs("demo", "--scale", "1000", "--out", str(tmp_path), cwd=ROOT)
    assert result.returncode == 2
    assert "不是空的" in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt"]


def test_a_scale_out_of_range_is_a_usage_error(tmp_path: Path) -> None:
    result = _talkdocs("demo", "--scale", "10", "--out", str(tmp_path / "x"), cwd=ROOT)
    assert result.returncode == 2 and "--scale" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x").exists()


def test_the_hierarchy_grows_with_the_scale() -> None:
    small, large = shape_for(1_000), shape_for(100_000)
    assert small.municipalities < large.municipalities
    assert small.county_orgs < large.county_orgs


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_any_text_value_is_written_so_that_it_reads_back_exactly(text: str) -> None:
    record = {"id": "x", "note": text, "items": [{"text": text, "n": 1}], "nested": {"a": text, "b": [text]}}
    assert yamlsafe.parse(yaml_out.dump(record)) == record
