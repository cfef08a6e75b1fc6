"""The broken-records corpus: each bad file gives its own clear Chinese error at the right line, never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import world
from corpus import CASES, CORPUS

from generator.cli.app import main


def test_every_corpus_file_has_a_case() -> None:
    assert sorted(p.name for p in CORPUS.iterdir()) == sorted(CASES)


@pytest.mark.parametrize("case", sorted(CASES))
def test_broken_record_gives_its_own_error(tmp_path: Path, case: str, capsys: pytest.CaptureFixture[str]) -> None:
    rel, rule, variant, line, words = CASES[case]
    folder = world.write(tmp_path, world.base())
    (folder / rel).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(CORPUS / case, folder / rel)
    found = [f for f in world.check(folder, world.AS_OF).findings if f.path == rel]
    assert [(f.rule, f.line) for f in found][:1] == [(rule, line)], [(f.rule, f.line, f.message) for f in found]
    assert words in found[0].message + found[0].hint and dict(found[0].data)["variant"] == variant
    assert found[0].line > 0 and found[0].column > 0
    code = main(["check", "--records", str(folder), "--as-of", "2026-11-27"])
    out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in out + err
    assert f"records/{rel}:{line}:" not in out  # text output groups by file: the line is on its own row
    assert f"{line}:{found[0].column} 错误 [{rule}]" in out


def test_a_record_outside_the_layout_is_reported(tmp_path: Path) -> None:
    folder = world.write(tmp_path, {**world.base(), "misc/note.yaml": {"id": "x"}, "people/x.yml": {"id": "x"}})
    found = {f.path: f.rule for f in world.check(folder, world.AS_OF).findings}
    assert found == {"misc/note.yaml": "FILE-LOCATION", "people/x.yml": "FILE-LOCATION"}


def test_loading_never_writes(tmp_path: Path) -> None:
    folder = world.write(tmp_path, world.base())
    for case, (rel, *_rest) in CASES.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(CORPUS / case, folder / f"{rel}")
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    world.check(folder, world.AS_OF)
    assert before == {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
