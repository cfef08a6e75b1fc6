"""A quick re-check after records changed gives exactly what a full check gives (generator.engine.incremental)."""

from __future__ import annotations

import datetime as dt
import random
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
import world
import yaml
from corpus import damage
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.demo import generate as demo
from generator.demo.dump import dump
from generator.engine import checker, incremental, snapshot
from generator.findings import reporter
from generator.findings.verdict import Verdict
from generator.load import cache, instance_loader
from generator.model import resolve
from generator.rules import registry as rules
from generator.schema import loader as schema_loader

AS_OF = demo.DEMO_AS_OF
ROOT = Path(__file__).resolve().parent.parent
Edit = Callable[[dict[str, Any], random.Random], None]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "repo"
    demo.write(out, 600, 3)
    return out / "records"


@pytest.fixture()
def records(pristine: Path, tmp_path: Path) -> Path:
    """A fresh copy of the demo, checked once with a cache (which leaves the snapshot)."""
    copy = tmp_path / "repo" / "records"
    shutil.copytree(pristine, copy)
    checker.check(copy, AS_OF, cache_dir=_cache_dir(copy))
    return copy


def _cache_dir(records: Path) -> Path:
    return records.parent / "cache"


def _quick(records: Path, as_of: dt.date = AS_OF) -> Verdict | None:
    schemas = schema_loader.load()
    light = cache.ParseCache.open(_cache_dir(records), cache.namespace(schemas.schemas, records), records,
                                  entries=False)
    assert light is not None
    return incremental.recheck(records, as_of, schemas, light)


def _full(records: Path, as_of: dt.date = AS_OF) -> list[dict[str, Any]]:
    return reporter.as_json_list(checker.check(records, as_of))


def _read(path: Path) -> dict[str, Any]:
    data = instance_loader.parse_bytes(path.read_bytes(), path.name)
    assert isinstance(data, dict)
    return data


def _write(path: Path, data: dict[str, Any]) -> None:
    path.write_text(dump(data), encoding="utf-8")


def _day(value: str, rng: random.Random, *, same_year: bool = True) -> str:
    day = dt.date.fromisoformat(value) + dt.timedelta(days=rng.randint(-60, 60))
    if same_year:
        day = max(dt.date(day.year, 1, 1), min(day, dt.date(day.year, 12, 31)))
        day = day.replace(year=dt.date.fromisoformat(value).year)
    return day.isoformat()


# Content edits an office makes: each keeps the record's kind, id and references, and its schema.
def _talk_date(d: dict[str, Any], rng: random.Random) -> None:
    d["date"] = _day(d["date"], rng)


def _talk_kind(d: dict[str, Any], rng: random.Random) -> None:
    d["kind"] = "timely" if d["kind"] == "periodic" else "periodic"
    if d["kind"] == "timely":
        d["triggers"] = [{"code": "petitions"}]
    else:
        d.pop("triggers", None)


def _talk_steps(d: dict[str, Any], rng: random.Random) -> None:
    steps = d.get("steps", [])
    if steps:
        steps.pop(rng.randrange(len(steps)))
    else:
        d.pop("record", None)


def _talk_plan_item(d: dict[str, Any], rng: random.Random) -> None:
    d["plan_item"] = rng.choice(["p001", "p002", "p999"])


def _talk_distribution(d: dict[str, Any], rng: random.Random) -> None:
    d.pop("distribution", None)
    d.pop("preparation", None)


def _rect_dates(d: dict[str, Any], rng: random.Random) -> None:
    for key in ("measures_submitted_on", "status_report_on", "team_notified_on"):
        if key in d and rng.random() < 0.5:
            del d[key]
        elif key in d:
            d[key] = _day(d[key], rng, same_year=False)


def _rect_problem(d: dict[str, Any], rng: random.Random) -> None:
    for measure in d.get("measures", []):
        measure["problem"] = rng.choice(["q1", "q2", "q9"])
        measure["area"] = "first_responsibility"
    d.pop("documents", None)


def _org_name(d: dict[str, Any], rng: random.Random) -> None:
    d["name"] = d["name"] + "（更名）"
    d["short_name"] = "简称" + str(rng.randint(1, 99))


def _org_scope(d: dict[str, Any], rng: random.Random) -> None:
    if rng.random() < 0.5:
        d["in_scope"] = False
        d["reason"] = "已撤并，不再单独设立"
    else:
        d["dissolved_on"] = "2026-06-30"


def _org_tenures(d: dict[str, Any], rng: random.Random) -> None:
    for tenure in [*d.get("leaders", []), *d.get("leadership_team", [])]:
        tenure["from"] = _day(tenure["from"], rng, same_year=False)
    for term in d.get("terms", []):
        term["start"] = _day(term["start"], rng, same_year=False)


def _person_name(d: dict[str, Any], rng: random.Random) -> None:
    d["name"] = d["name"] + rng.choice(["甲", "乙"])
    d["title"] = "（改）" + d.get("title", "")


def _plan_items(d: dict[str, Any], rng: random.Random) -> None:
    for item in d["items"]:
        if rng.random() < 0.3:
            item["due"] = _day(item["due"], rng)
        if rng.random() < 0.2:
            item.pop("division", None)
    d["in_responsibility_list"] = rng.random() < 0.5


EDITS: dict[str, list[Edit]] = {
    "talks": [_talk_date, _talk_kind, _talk_steps, _talk_plan_item, _talk_distribution],
    "rectifications": [_rect_dates, _rect_problem],
    "orgs": [_org_name, _org_scope, _org_tenures],
    "people": [_person_name],
    "plans": [_plan_items],
}


def _edit_one(records: Path, rng: random.Random, folder: str) -> str:
    path = rng.choice(sorted((records / folder).rglob("*.yaml")))
    data = _read(path)
    rng.choice(EDITS[folder])(data, rng)
    _write(path, data)
    return path.relative_to(records).as_posix()


@pytest.mark.parametrize("seed", range(6))
def test_on_the_sample_records_a_quick_recheck_equals_a_full_check(tmp_path: Path, seed: int) -> None:
    """The sample records have what the demo lacks: records left out of the model, Party groups approved by
    another body, findings of every rule.  Edits of records outside the model take the full check."""
    records = tmp_path / "repo" / "records"
    shutil.copytree(ROOT / "records", records)
    checker.check(records, AS_OF, cache_dir=_cache_dir(records))
    rng = random.Random(seed)
    quick_rounds = 0
    for round_ in range(8):
        edited = [_edit_one(records, rng, folder) for folder in rng.sample(sorted(EDITS), k=rng.choice([1, 2]))]
        quick = _quick(records)
        quick_rounds += quick is not None
        verdict = quick or checker.check_findings(records, AS_OF, cache_dir=_cache_dir(records))
        assert reporter.as_json_list(verdict) == _full(records), f"round {round_}: {edited}"
    assert quick_rounds >= 3


@pytest.mark.parametrize("seed", range(12))
def test_after_content_edits_a_quick_recheck_equals_a_full_check(records: Path, seed: int) -> None:
    rng = random.Random(seed)
    for round_ in range(8):
        folders = rng.sample(sorted(EDITS), k=rng.choice([1, 1, 2]))
        edited = [_edit_one(records, rng, folder) for folder in folders]
        quick = _quick(records)
        assert quick is not None, f"round {round_}: {edited} took the full check"
        assert reporter.as_json_list(quick) == _full(records), f"round {round_}: {edited}"


def test_with_nothing_changed_the_last_findings_are_given(records: Path) -> None:
    quick = _quick(records)
    assert quick is not None
    assert reporter.as_json_list(quick) == _full(records)
    assert quick.files == checker.check(records, AS_OF).files


def test_a_province_wide_edit_gives_the_same_findings(records: Path) -> None:
    """The province committee's own record reaches every body's work (its team talks to the cities)."""
    province = next(p for p in (records / "orgs").glob("*.yaml") if _read(p)["kind"] == "provincial_committee")
    data = _read(province)
    _org_tenures(data, random.Random(7))
    _write(province, data)
    quick = _quick(records)
    assert quick is not None
    assert reporter.as_json_list(quick) == _full(records)


def _add_file(records: Path) -> None:
    talk = sorted((records / "talks").rglob("*.yaml"))[-1]
    data = _read(talk)
    data["id"] = data["id"] + "-copy"
    _write(talk.with_name(data["id"] + ".yaml"), data)


def _remove_file(records: Path) -> None:
    sorted((records / "people").glob("*.yaml"))[0].unlink()


def _change_reference(records: Path) -> None:
    talk = sorted((records / "talks" / "2026").glob("*.yaml"))[0]
    data = _read(talk)
    data["talker"] = data["interviewee"]
    _write(talk, data)


def _change_id(records: Path) -> None:
    org = sorted((records / "orgs").glob("*.yaml"))[5]
    data = _read(org)
    data["id"] = data["id"] + "x"
    _write(org, data)


def _break_schema(records: Path) -> None:
    talk = sorted((records / "talks" / "2026").glob("*.yaml"))[1]
    talk.write_text(talk.read_text(encoding="utf-8").replace("kind: ", "kind: [", 1), encoding="utf-8")


def _change_settings(records: Path) -> None:
    settings = records / "settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "coverage_risk_months: 9\n", encoding="utf-8")


def _archive_a_file(records: Path) -> None:
    (records / "files").mkdir(exist_ok=True)
    (records / "files" / "谈话记录.pdf").write_bytes(b"%PDF-1.4\n")


def _tamper_snapshot(records: Path) -> None:
    kept = next(_cache_dir(records).rglob(f"snapshot-{snapshot.SNAPSHOT}.bin"))
    blob = bytearray(kept.read_bytes())
    blob[-3] ^= 1
    kept.write_bytes(bytes(blob))


@pytest.mark.parametrize("change", [_add_file, _remove_file, _change_reference, _change_id, _break_schema,
                                    _change_settings, _archive_a_file, _tamper_snapshot])
def test_other_changes_take_the_full_check(records: Path, change: Callable[[Path], None]) -> None:
    change(records)
    assert _quick(records) is None
    verdict = checker.check_findings(records, AS_OF, cache_dir=_cache_dir(records))
    assert reporter.as_json_list(verdict) == _full(records)
    again = _quick(records)  # the full check left a new snapshot
    assert again is not None and reporter.as_json_list(again) == _full(records)


def test_another_as_of_date_takes_the_full_check(records: Path) -> None:
    later = AS_OF + dt.timedelta(days=40)
    assert _quick(records, later) is None
    verdict = checker.check_findings(records, later, cache_dir=_cache_dir(records))
    assert reporter.as_json_list(verdict) == _full(records, later)


def test_a_file_changed_between_listing_and_reading_is_never_mixed_up(records: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A record of the small model that changes while the quick check reads it sends it to the full check."""
    edited = _edit_one(records, random.Random(2), "talks")
    real = instance_loader.read_file

    def changing(records_dir: Path, rel: str, *args: Any) -> Any:
        raw = real(records_dir, rel, *args)
        return raw + b"\n# changed meanwhile\n" if isinstance(raw, bytes) and rel != edited else raw

    monkeypatch.setattr(instance_loader, "read_file", changing)
    assert _quick(records) is None


def test_the_check_command_uses_the_quick_way_and_prints_the_same(records: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    from generator.cli import app as cli

    _edit_one(records, random.Random(5), "rectifications")
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in sorted(records.rglob("*")) if p.is_file()}
    cli.main(["check", "--records", str(records), "--as-of", AS_OF.isoformat(), "--format", "json"])
    quick_out = capsys.readouterr().out
    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in sorted(records.rglob("*")) if p.is_file()}
    assert after == before  # the snapshot and the file index went to the cache folder, nothing into records/
    cli.main(["check", "--records", str(records), "--as-of", AS_OF.isoformat(), "--format", "json", "--no-cache"])
    assert quick_out == capsys.readouterr().out


def test_a_renamed_person_or_org_is_renamed_in_other_records_findings(records: Path) -> None:
    """Names reach findings of other files and other bodies (a talk's talker, a plan item's org, an org's new
    leader): each rename must be followed through the references to every finding that shows it."""
    by_name: dict[str, Path] = {}
    for folder in ("people", "orgs"):
        for path in (records / folder).glob("*.yaml"):
            data = _read(path)
            by_name.setdefault(data.get("short_name") or data["name"], path)
    targets: dict[str, Path] = {}  # rule → a person or org named in one of its findings about another file
    for finding in checker.check(records, AS_OF).findings:
        for _key, value in finding.data:
            named = by_name.get(value) if isinstance(value, str) else None
            if named is not None and named.relative_to(records).as_posix() != finding.path:
                targets.setdefault(finding.rule, named)
    assert len(targets) >= 2, targets
    for rule, path in sorted(targets.items()):
        data = _read(path)
        key = "short_name" if data.get("short_name") else "name"
        data[key] = data[key] + "（改）"
        _write(path, data)
        quick = _quick(records)
        assert quick is not None, rule
        assert reporter.as_json_list(quick) == _full(records), rule
        assert any(data[key] in f.message for f in quick.findings if f.rule == rule), rule


def test_findings_kept_by_other_code_of_the_tool_are_not_given(records: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A rule changed in a checkout without a new version number: the kept findings may be the old rule's."""
    monkeypatch.setattr(snapshot, "code_key", lambda: b"another build of talkdocs")
    assert _quick(records) is None


def test_a_file_system_error_in_the_quick_way_leaves_the_answer_to_the_full_check(
        records: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _edit_one(records, random.Random(3), "talks")

    def vanished(*args: Any) -> None:
        raise FileNotFoundError("a record removed while the quick way read it")

    monkeypatch.setattr(incremental, "recheck", vanished)
    verdict = checker.check_findings(records, AS_OF, cache_dir=_cache_dir(records))
    assert reporter.as_json_list(verdict) == _full(records)


def test_a_defect_in_the_quick_way_shows_instead_of_a_silent_full_check(records: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    _edit_one(records, random.Random(3), "talks")

    def broken(*args: Any) -> None:
        raise KeyError("a record the small model lacks")

    monkeypatch.setattr(incremental, "recheck", broken)
    with pytest.raises(KeyError, match="small model"):
        checker.check_findings(records, AS_OF, cache_dir=_cache_dir(records))


def test_a_change_that_reaches_most_bodies_takes_the_full_check(records: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Parsing a large part of the repository in one process is slower than the full check."""
    monkeypatch.setattr(incremental, "MAX_MODEL", 10)
    monkeypatch.setattr(incremental, "MODEL_SHARE", 1000)
    province = next(p for p in (records / "orgs").glob("*.yaml") if _read(p)["kind"] == "provincial_committee")
    data = _read(province)
    data["name"] += "（改）"
    _write(province, data)
    assert _quick(records) is None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_damaged_record_after_a_check_gives_what_a_full_check_gives(data: st.DataObject) -> None:
    """Hostile edits after a kept check: the quick way either declines or gives exactly the full findings."""
    records = world.base()
    rel = data.draw(st.sampled_from(sorted(records)))
    text = yaml.safe_dump(records[rel], allow_unicode=True, sort_keys=False)
    damaged = data.draw(damage(text))
    with tempfile.TemporaryDirectory() as tmp:
        folder = world.write(Path(tmp) / "repo", records)
        checker.check(folder, AS_OF, cache_dir=_cache_dir(folder))
        (folder / rel).write_bytes(damaged)
        quick = _quick(folder)
        if quick is not None:
            assert reporter.as_json_list(quick) == _full(folder)


@pytest.mark.parametrize("source", ["demo", "sample"])
def test_each_body_judged_on_its_own_small_model_gives_its_full_findings(pristine: Path, tmp_path: Path,
                                                                         source: str) -> None:
    """The claim the quick way rests on, for every body at once: a body's findings depend only on its own
    records and what they refer to.  A rule that reads beyond them (another body's talks, an org's parent
    record) makes some body differ here, whatever was edited."""
    records = tmp_path / "records"
    shutil.copytree(pristine if source == "demo" else ROOT / "records", records)
    schemas = schema_loader.load()
    result = checker.check(records, AS_OF, schemas, cache_dir=_cache_dir(records))
    light = cache.ParseCache.open(_cache_dir(records), cache.namespace(schemas.schemas, records), records,
                                  entries=False)
    assert light is not None
    snap = snapshot.read_snapshot(light)
    assert snap is not None
    files = snapshot.file_infos(snap)
    index = incremental._Index(files)
    archived = instance_loader.archived_files(records)

    def plain(found: Iterable[Any]) -> list[tuple[Any, ...]]:
        return sorted((f.rule, f.path, f.message, f.hint, f.record, f.pointer) for f in found)

    bodies = sorted(index.members)
    assert len(bodies) >= 5
    for body in bodies:
        rels = index.neighbourhood([body], ())
        small = incremental._load_unchanged(records, sorted(rels), files)
        assert small is not None
        resolved = resolve.resolve(small, archived)
        repo = resolved.repository
        owner = snapshot.owners(repo)
        mine = [f for f in [*resolved.links, *rules.run(repo, result.context)]
                if snapshot.body_of(f, repo, owner) == body]
        kept = [snapshot.undump(t) for t in snap["by_body"].get(body, ())]
        assert plain(mine) == plain(kept), body
