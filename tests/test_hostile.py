"""Hostile input: random and mutated records, hostile files and a hostile file system.

Every outcome is a finding with its rule id or a clean error: never a traceback, never a hang (each example
runs under a timer), and ``talkdocs check`` never writes, changes or deletes anything under ``records/``.

What a record file may be called (the policy these tests pin down): ``<id>.yaml`` in its folder, where the
id is lower-case letters, digits and hyphens (the schemas' id pattern); and since records are kept for years
and opened on Windows desktops too, no path part may be a Windows device name (con, prn, aux, nul, com0–9,
lpt0–9, whatever the case or extension: FILE-NAME ``reserved``) or contain ``< > : " | ? * \\``, control
characters or undecodable bytes, or end in a dot or a space (FILE-NAME ``invalid``).
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import signal
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import world
import yaml
from corpus import damage
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.engine import checker
from generator.findings.finding import Finding
from generator.load import instance_loader, yamlsafe
from generator.rules.table import RULES

ROOT = Path(__file__).resolve().parent.parent
PER_EXAMPLE_SECONDS = 10


@contextmanager
def time_limit(seconds: float = PER_EXAMPLE_SECONDS) -> Iterator[None]:
    """Fail, instead of hanging, when the block takes longer than ``seconds``."""
    def expired(signum: int, frame: Any) -> None:
        raise TimeoutError(f"超过 {seconds} 秒仍未结束")
    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _cli(records: Path, *extra: str, env: dict[str, str] | None = None,
         timeout: float = 120) -> tuple[int, list[dict[str, Any]], str]:
    """Run ``talkdocs check`` as a user would; the findings as JSON, and stderr."""
    done = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--records", str(records), "--as-of", "2026-11-27",
         "--format", "json", *extra],
        capture_output=True, timeout=timeout, check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(records.parent / "user-cache"),
             **(env or {})})
    stderr = done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr, stderr
    return done.returncode, json.loads(done.stdout.decode("utf-8")), stderr


def _clean_world(root: Path) -> Path:
    return world.write(root, world.base())


def _write(records: Path, rel: str | bytes, content: bytes) -> None:
    path = os.path.join(os.fsencode(records), rel if isinstance(rel, bytes) else os.fsencode(rel))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(content)


def _person(pid: str) -> bytes:
    return f"id: {pid}\nname: 李华\n".encode()


def _talk_with_file(path: str) -> bytes:
    talk = copy.deepcopy(world.base()["talks/2026/t1.yaml"])
    talk.update(id="t9", record={"kept_by": "市委办公室", "file": path}, plan_item="p1")
    return yaml.safe_dump(talk, allow_unicode=True, sort_keys=False).encode()


def _billion_laughs() -> bytes:
    lines = ["id: bomb", 'a0: &a0 ["哈","哈","哈","哈","哈","哈","哈","哈","哈"]']
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    return ("\n".join(lines) + "\nname: *a9\n").encode()


def _symlink_outside(records: Path) -> None:
    outside = records.parent / "outside.yaml"
    outside.write_bytes(_person("outside"))
    (records / "people" / "outside.yaml").symlink_to(outside)


def _symlinked_folder(records: Path) -> None:
    outside = records.parent / "elsewhere"
    outside.mkdir()
    (outside / "t5.yaml").write_bytes(b"id: t5\n")
    (records / "talks" / "2027").symlink_to(outside, target_is_directory=True)


def _fifo(records: Path) -> None:
    os.mkfifo(records / "people" / "pipe.yaml")


def _huge(records: Path) -> None:
    with open(records / "people" / "huge.yaml", "wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: 100 MB on paper, nothing on disk


def _deep_folders(records: Path) -> None:
    _write(records, "talks/2026/" + "/".join(["d"] * 200) + "/t7.yaml", b"id: t7\n")


Setup = Callable[[Path], None]


def _file(rel: str | bytes, content: bytes) -> Setup:
    return lambda records: _write(records, rel, content)


# case → (what to add to a clean world, the rule id it must give, the path it is reported on)
CASES: dict[str, tuple[Setup, str, str]] = {
    "billion-laughs": (_file("people/bomb.yaml", _billion_laughs()), "YAML-ALIAS", "people/bomb.yaml"),
    "1000-levels-flow": (_file("people/deep.yaml", b"id: deep\nname: " + b"[" * 1000 + b"]" * 1000 + b"\n"),
                         "YAML-TOO-DEEP", "people/deep.yaml"),
    "1000-levels-block": (_file("people/deep.yaml", "".join(" " * i + "a:\n" for i in range(1000)).encode()),
                          "YAML-TOO-DEEP", "people/deep.yaml"),
    "100-MB-file": (_huge, "FILE-TOO-LARGE", "people/huge.yaml"),
    "gbk": (_file("people/gbk.yaml", "id: gbk\nname: 李华\n".encode("gbk")), "FILE-ENCODING", "people/gbk.yaml"),
    "utf-16": (_file("people/u16.yaml", "id: u16\nname: 李华\n".encode("utf-16")), "FILE-ENCODING",
               "people/u16.yaml"),
    "nul-bytes": (_file("people/zero.yaml", b"id: zero\nname: \x00\x00\n"), "FILE-ENCODING", "people/zero.yaml"),
    "python-tag": (_file("people/tag.yaml", b'id: tag\nname: !!python/object/apply:os.system ["touch pwned"]\n'),
                   "YAML-TAG", "people/tag.yaml"),
    "named-pipe": (_fifo, "FILE-ENCODING", "people/pipe.yaml"),
    "symlink-to-outside": (_symlink_outside, "FILE-SYMLINK", "people/outside.yaml"),
    "symlinked-folder": (_symlinked_folder, "FILE-SYMLINK", "talks/2027"),
    "file-climbs-out": (_file("talks/2026/t9.yaml", _talk_with_file("../../etc/passwd")), "REF-FILE-PATH",
                        "talks/2026/t9.yaml"),
    "file-in-files-climbs-out": (_file("talks/2026/t9.yaml", _talk_with_file("files/../../../x.pdf")),
                                 "REF-FILE-PATH", "talks/2026/t9.yaml"),
    "windows-absolute-file": (_file("talks/2026/t9.yaml", _talk_with_file("C:\\Windows\\win.ini")),
                              "REF-FILE-PATH", "talks/2026/t9.yaml"),
    "absolute-file": (_file("talks/2026/t9.yaml", _talk_with_file("/etc/passwd")), "SCHEMA-FORMAT",
                      "talks/2026/t9.yaml"),
    "device-name": (_file("people/con.yaml", _person("con")), "FILE-NAME", "people/con.yaml"),
    "device-name-upper-case": (_file("people/AUX.yaml", _person("aux")), "FILE-NAME", "people/AUX.yaml"),
    "device-name-folder": (_file("plans/com1/2026.yaml", b'committee: com1\nyear: 2026\nitems: [{id: p1, org: '
                                                          b'county-a, talker: sec, due: "2026-06-30"}]\n'),
                           "FILE-NAME", "plans/com1/2026.yaml"),
    "colon-in-name": (_file("people/a:b.yaml", _person("a-b")), "FILE-NAME", "people/a:b.yaml"),
    "trailing-dot": (_file("people/ln2.yaml.", _person("ln2")), "FILE-NAME", "people/ln2.yaml."),
    "trailing-space": (_file("people/ln3.yaml ", _person("ln3")), "FILE-NAME", "people/ln3.yaml "),
    "escape-sequence-in-name": (_file("people/a\x1b[31mred.yaml", _person("red")), "FILE-NAME",
                                "people/a\ufffd[31mred.yaml"),
    "undecodable-name": (_file(b"people/\xff\xfe.yaml", _person("x")), "FILE-NAME", "people/\ufffd\ufffd.yaml"),
    "deep-folders": (_deep_folders, "FILE-LOCATION", "talks/2026/" + "/".join(["d"] * 200) + "/t7.yaml"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_file_gives_its_rule_and_no_traceback(tmp_path: Path, case: str) -> None:
    setup, rule, rel = CASES[case]
    records = _clean_world(tmp_path)
    setup(records)
    code, found, _stderr = _cli(records, "--no-cache")
    assert code == 1
    assert {(f["rule"], f["path"]) for f in found} == {(rule, f"{records}/{rel}")}, found
    assert not (tmp_path / "pwned").exists() and not (ROOT / "pwned").exists()


def test_a_100_mb_file_is_refused_before_it_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    records = _clean_world(tmp_path)
    _huge(records)

    def no_reading(fd: int, size: int) -> bytes:
        raise AssertionError("read a file that is too large")
    monkeypatch.setattr(os, "read", no_reading)
    found = instance_loader.read_file(records, "people/huge.yaml")
    assert isinstance(found, Finding) and found.rule == "FILE-TOO-LARGE" and "104857600" in found.message


def test_many_unknown_fields_in_one_file_are_reported_without_slowing_down(tmp_path: Path) -> None:
    records = _clean_world(tmp_path)
    lines = ["id: many", "name: 李华", *(f"k{i:05d}: 1" for i in range(60_000))]
    _write(records, "people/many.yaml", ("\n".join(lines) + "\n").encode())
    with time_limit(60):
        code, found, _stderr = _cli(records, "--no-cache")
    assert code == 1 and len(found) == 60_000 and {f["rule"] for f in found} == {"SCHEMA-UNKNOWN-FIELD"}
    assert found[-1]["line"] == 60_002


def test_100000_tiny_files(tmp_path: Path) -> None:
    records = _clean_world(tmp_path)
    people = os.fsencode(records / "people")
    for i in range(100_000):
        fd = os.open(os.path.join(people, b"p%06d.yaml" % i), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        os.write(fd, b"id: p%06d\nname: \xe6\x9d\x8e\n" % i)
        os.close(fd)
    _write(records, "people/p100000.yaml", b"")
    code, found, _stderr = _cli(records, timeout=120)
    assert code == 1
    assert [(f["rule"], f["path"]) for f in found] == [("FILE-EMPTY", f"{records}/people/p100000.yaml")]


def _tree(folder: Path) -> dict[str, tuple[Any, ...]]:
    """Everything about a folder that a write, a change or a deletion would alter."""
    out: dict[str, tuple[Any, ...]] = {}
    for base, dirs, files in os.walk(folder, followlinks=False):
        for name in dirs + files:
            path = os.path.join(base, name)
            info = os.lstat(path)
            content: Any = None
            if stat.S_ISLNK(info.st_mode):
                content = os.readlink(path)
            elif stat.S_ISREG(info.st_mode) and info.st_size < 10_000_000:
                with open(path, "rb") as handle:
                    content = hashlib.sha256(handle.read()).hexdigest()
            out[os.path.relpath(path, folder)] = (info.st_mode, info.st_size, info.st_mtime_ns, content)
    return out


def test_checking_never_writes_changes_or_deletes_anything_under_records(tmp_path: Path) -> None:
    records = _clean_world(tmp_path)
    for case in ("billion-laughs", "gbk", "named-pipe", "symlink-to-outside", "symlinked-folder", "trailing-dot",
                 "device-name", "100-MB-file", "undecodable-name"):
        CASES[case][0](records)
    before = _tree(records)
    for extra in ((), ("--no-cache",), ("--jobs", "2")):
        code, found, _stderr = _cli(records, *extra)
        assert code == 1 and found
    assert _tree(records) == before
    assert not (tmp_path / ".cache").exists() and not (records / ".cache").exists()  # the cache is the user's


def test_a_missing_records_folder_is_a_clean_usage_error(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "generator", "check", "--records", str(tmp_path / "nope")],
                          capture_output=True, text=True, timeout=60, check=False,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 2 and "不存在" in done.stderr and "Traceback" not in done.stderr


# --- property-based ---------------------------------------------------------------------------
_SCALARS = st.sampled_from([
    "x", "李华", "yes", "no", "on", "off", "y", "n", "true", "True", "FALSE", "null", "~", "", "0", "010", "-1",
    "+1", "0x1f", "1_000", "1.5", ".inf", "1:30", "2026-04-12", "2026-04-12T10:00:00", '"quoted"', "'single'",
    '"2026-04-12"', "<<", "=", "!!str 1", "!custom x", "&a 1", "*a", "[]", "{}", "|\n  block\n", "- item",
    "a: b", "# comment", "%TAG", "---", "...", "\t", "\ufeff", "\x85", "中文：冒号", "\\", "@x", "`x",
])


@st.composite
def _yamlish(draw: st.DrawFn) -> str:
    """Text that looks like a record, with tricky scalars, nesting, flow style and random damage."""
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 8))):
        indent = " " * draw(st.sampled_from([0, 0, 0, 2, 4, 1]))
        key = draw(st.sampled_from(["id", "name", "on", "yes", "true", "1", "a", "a", "items", "? [x]", "- x"]))
        value = draw(st.one_of(_SCALARS, st.lists(_SCALARS, max_size=3).map(lambda v: "[" + ", ".join(v) + "]"),
                               st.dictionaries(st.sampled_from(["a", "b", "on"]), _SCALARS, max_size=3).map(
                                   lambda d: "{" + ", ".join(f"{k}: {v}" for k, v in d.items()) + "}")))
        lines.append(f"{indent}{key}: {value}")
    text = "\n".join(lines) + "\n"
    if draw(st.booleans()):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.text(max_size=5)) + text[at:]
    return text


def _typed(value: Any) -> Any:
    """``value`` with the types spelled out, so that True and 1, or 1 and 1.0, do not compare equal."""
    if isinstance(value, dict):
        return {"dict": [(_typed(k), _typed(v)) for k, v in value.items()]}
    if isinstance(value, list):
        return {"list": [_typed(v) for v in value]}
    return (type(value).__name__, value)


def _outcome(parse: Callable[[str], Any], text: str) -> Any:
    try:
        return ("data", _typed(parse(text)))
    except yamlsafe.YamlProblem as problem:
        return ("problem", problem.code, problem.line, problem.column)


@settings(max_examples=400, deadline=None)
@given(_yamlish())
def test_the_fast_parser_reads_exactly_what_the_reference_parser_reads(text: str) -> None:
    with time_limit():
        assert _outcome(yamlsafe.parse, text) == _outcome(yamlsafe._parse_exact, text)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400) | _yamlish().map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_random_bytes_give_data_or_a_finding(raw: bytes) -> None:
    with time_limit():
        outcome = instance_loader.parse_bytes(raw, "people/x.yaml")
    if isinstance(outcome, Finding):
        assert outcome.rule in RULES and outcome.path == "people/x.yaml" and outcome.message


def _check_world(records: dict[str, Any], damaged: dict[str, bytes]) -> checker.CheckResult:
    with tempfile.TemporaryDirectory() as tmp:
        folder = world.write(Path(tmp), records)
        for rel, raw in damaged.items():
            _write(folder, rel, raw)
        with time_limit():
            result = checker.check(folder, world.AS_OF, jobs=1)
    for f in result.findings:
        assert f.rule in RULES and f.message and (f.line > 0 or f.pointer is None or not f.path.endswith(".yaml"))
    return result


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_records_give_findings_never_tracebacks(data: st.DataObject) -> None:
    records = world.base()
    rel = data.draw(st.sampled_from(sorted(records)))
    text = yaml.safe_dump(records[rel], allow_unicode=True, sort_keys=False)
    _check_world(records, {rel: data.draw(damage(text))})


_JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, (*prefix, i))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_records_with_random_values_give_findings_never_tracebacks(data: st.DataObject) -> None:
    records = world.base()
    rel = data.draw(st.sampled_from(sorted(records)))
    path = data.draw(st.sampled_from([p for p in _paths(records[rel]) if p]))
    target = records[rel]
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = data.draw(_JSONISH)
    _check_world(records, {})
