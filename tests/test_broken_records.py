"""The broken-records corpus: each bad file gives its own clear Chinese error at the right line, never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import world

from generator.cli.app import main

CORPUS = Path(__file__).parent / "fixtures" / "broken"

# case file → (where it is placed under records/, rule id, line, words the message or hint must contain)
CASES: dict[str, tuple[str, str, int, str]] = {
    "duplicate-key.yaml": ("people/li-hua.yaml", "YAML-DUPLICATE-KEY", 3, "第2行已出现"),
    "alias.yaml": ("talks/2026/t-alias.yaml", "YAML-ALIAS", 2, "直接写出来"),
    "alias-bomb.yaml": ("people/bomb.yaml", "YAML-ALIAS", 1, "锚点"),
    "custom-tag.yaml": ("people/li-hua.yaml", "YAML-TAG", 2, "标签"),
    "unquoted-date.yaml": ("talks/2026/t-date.yaml", "YAML-IMPLICIT-TYPE", 4, '"2026-04-10"'),
    "yaml11-no.yaml": ("people/li-hua.yaml", "YAML-IMPLICIT-TYPE", 2, '"no"'),
    "yaml11-octal.yaml": ("people/li-hua.yaml", "YAML-IMPLICIT-TYPE", 2, '"010"'),
    "yaml11-yes-bool.yaml": ("people/li-hua.yaml", "YAML-IMPLICIT-TYPE", 3, '"yes"'),
    "syntax-error.yaml": ("people/li-hua.yaml", "YAML-SYNTAX", 3, "缩进不一致"),
    "tab-indent.yaml": ("people/li-hua.yaml", "YAML-SYNTAX", 2, "制表符"),
    "two-documents.yaml": ("people/li-hua.yaml", "YAML-MULTI-DOC", 3, "一条记录"),
    "not-a-mapping.yaml": ("people/li-hua.yaml", "FILE-NOT-MAPPING", 1, "列表"),
    "empty.yaml": ("people/li-hua.yaml", "FILE-EMPTY", 1, "talkdocs new"),
    "binary.yaml": ("people/li-hua.yaml", "FILE-ENCODING", 3, "空字节"),
    "utf16.yaml": ("people/li-hua.yaml", "FILE-ENCODING", 1, "UTF-16"),
    "gbk.yaml": ("people/li-hua.yaml", "FILE-ENCODING", 2, "UTF-8"),
    "file-name-mismatch.yaml": ("people/li-hua.yaml", "FILE-NAME", 1, "wang-wu.yaml"),
    "missing-required.yaml": ("people/li-hua.yaml", "SCHEMA-REQUIRED", 1, "name"),
    "wrong-enum.yaml": ("orgs/city2.yaml", "SCHEMA-ENUM", 3, "municipal_committee（市（地、州、盟）委）"),
    "unknown-field.yaml": ("people/li-hua.yaml", "SCHEMA-UNKNOWN-FIELD", 3, "nmae"),
    "impossible-date.yaml": ("talks/2026/t-bad-date.yaml", "SCHEMA-FORMAT", 4, "2026-02-30"),
    "dangling-reference.yaml": ("talks/2026/t-dangling.yaml", "REF-DANGLING", 5, "nobody"),
    "duplicate-id.yaml": ("talks/2027/t1.yaml", "REF-DUPLICATE-ID", 1, "talks/2026/t1.yaml"),
    "path-escape.yaml": ("talks/2026/t-escape.yaml", "REF-FILE-PATH", 9, "../../etc/passwd"),
}


def test_every_corpus_file_has_a_case() -> None:
    assert sorted(p.name for p in CORPUS.iterdir()) == sorted(CASES)


@pytest.mark.parametrize("case", sorted(CASES))
def test_broken_record_gives_its_own_error(tmp_path: Path, case: str, capsys: pytest.CaptureFixture[str]) -> None:
    rel, rule, line, words = CASES[case]
    folder = world.write(tmp_path, world.base())
    (folder / rel).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(CORPUS / case, folder / rel)
    found = [f for f in world.check(folder, world.AS_OF).findings if f.path == rel]
    assert [(f.rule, f.line) for f in found][:1] == [(rule, line)], [(f.rule, f.line, f.message) for f in found]
    assert words in found[0].message + found[0].hint
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
