"""Field-level differences of parsed records (no git involved)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from generator.audit.semantic_diff import ABSENT, FieldChange, compare, diff_data, load, record_diff
from generator.findings import finding as F


def fields(old: object, new: object) -> list[tuple[str, str, object, object, bool]]:
    return [(c.field, c.change, c.old, c.new, c.confidential) for c in diff_data(old, new)]


def test_values_differ_by_type_not_by_key_order() -> None:
    assert fields({"a": 1, "b": True}, {"b": True, "a": 1}) == []
    assert fields({"a": 1}, {"a": True}) == [("a", "changed", 1, True, False)]
    assert fields({"a": 1}, {"a": 1.0}) == [("a", "changed", 1, 1.0, False)]
    assert fields({"a": None}, {}) == [("a", "removed", None, ABSENT, False)]
    assert fields({"a": {"b": 1}}, {"a": "x"}) == [("a", "changed", {"b": 1}, "x", False)]


def test_items_with_ids_are_matched_by_id() -> None:
    old = {"problems": [{"id": "q1", "text": "甲"}, {"id": "q2", "text": "乙"}]}
    new = {"problems": [{"id": "q2", "text": "乙"}, {"id": "q1", "text": "甲一"}, {"id": "q3", "text": "丙"}]}
    assert diff_data(old, new) == (
        FieldChange("problems[id=q1].text", "changed", "甲", "甲一", False, ("problems", 1, "text")),
        FieldChange("problems[id=q3]", "added", ABSENT, {"id": "q3", "text": "丙"}, False, ("problems", 2)),
    )


def test_duplicate_ids_fall_back_to_positions() -> None:
    old = {"items": [{"id": "p1", "due": "2026-06-30"}, {"id": "p1", "due": "2026-09-30"}]}
    new = {"items": [{"id": "p1", "due": "2026-06-30"}, {"id": "p1", "due": "2026-10-31"}]}
    assert fields(old, new) == [("items[1].due", "changed", "2026-09-30", "2026-10-31", False)]


def test_confidential_items_and_records_hide_their_changes() -> None:
    old = {"problems": [{"id": "q1", "text": "甲"}, {"id": "q2", "text": "乙"}]}
    new = {"problems": [{"id": "q1", "text": "甲"}, {"id": "q2", "text": "丙", "confidential": True}]}
    assert fields(old, new) == [("problems[id=q2].text", "changed", "乙", "丙", True),
                                ("problems[id=q2].confidential", "added", ABSENT, True, True)]
    assert [c.confidential for c in diff_data({"a": 1}, {"a": 2}, confidential=True)] == [True]


def test_odd_keys_are_quoted_in_field_names() -> None:
    assert fields({"note x": 1}, {"note x": 2}) == [("[“note x”]", "changed", 1, 2, False)]


def test_loader_takes_bytes_and_a_path() -> None:
    loaded = load("id: li\nname: 李\n".encode(), "people/li.yaml")
    assert (loaded.kind, loaded.data) == ("person", {"id": "li", "name": "李"})
    assert load(b"\xff\xfe", "people/li.yaml").findings[0].rule == "FILE-ENCODING"
    assert load(b"a: 1\n" * 10, "people/li.yaml", max_bytes=10).findings[0].rule == "FILE-TOO-LARGE"
    diff = record_diff("people/li.yaml", "people/li.yaml", load(b"id: li\nname: 1\n", "people/li.yaml"),
                       load(b"id: li\nname: no\n", "people/li.yaml"))
    assert diff.problem.startswith("新版本无法读取（第 2 行：值 no 没有加引号")  # the same strict reader as check
    assert diff.changes == ()


class Files:
    """A snapshot from a dict of path → bytes."""

    def __init__(self, files: Mapping[str, bytes]) -> None:
        self.files = files

    def keys(self) -> Mapping[str, str | None]:
        return {p: str(hash(b)) for p, b in self.files.items()}

    def read(self, paths: Sequence[str]) -> Mapping[str, bytes | F.Finding]:
        return {p: self.files[p] for p in paths}


def test_renames_are_paired_by_content() -> None:
    old = Files({"people/a.yaml": b"id: a\nname: A\ntitle: T\n", "people/b.yaml": b"id: b\nname: B\n",
                 "talks/2026/x.yaml": b"id: x\n"})
    new = Files({"people/a2.yaml": b"id: a2\nname: A\ntitle: T\n", "people/c.yaml": b"id: c\nname: C\n",
                 "talks/2025/x.yaml": b"id: x\n"})
    assert [(d.status, d.old_path, d.path) for d in compare(old, new)] == [
        ("renamed", "people/a.yaml", "people/a2.yaml"),
        ("removed", "people/b.yaml", "people/b.yaml"),
        ("added", None, "people/c.yaml"),
        ("renamed", "talks/2026/x.yaml", "talks/2025/x.yaml"),
    ]


def test_line_ends_alone_are_no_change() -> None:
    unix, windows = Files({"people/a.yaml": b"id: a\nname: A\n"}), Files({"people/a.yaml": b"id: a\r\nname: A\r\n"})
    assert compare(unix, windows) == ()
