"""Damaged record files shared by several tests: the broken-records corpus and a strategy that damages text.

``CASES`` says, for each file of ``fixtures/broken/``, where it is placed under ``records/`` and what the check must
report for it; the check itself, the language server and the third-party validator are tested against it.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st

CORPUS = Path(__file__).parent / "fixtures" / "broken"

# case file → (where it is placed under records/, rule id, its variant, line, words the message or hint must contain)
CASES: dict[str, tuple[str, str, str, int, str]] = {
    "duplicate-key.yaml": ("people/li-hua.yaml", "YAML-DUPLICATE-KEY", "default", 3, "第2行已出现"),
    "alias.yaml": ("talks/2026/t-alias.yaml", "YAML-ALIAS", "default", 2, "直接写出来"),
    "alias-bomb.yaml": ("people/bomb.yaml", "YAML-ALIAS", "default", 1, "锚点"),
    "custom-tag.yaml": ("people/li-hua.yaml", "YAML-TAG", "default", 2, "标签"),
    "unquoted-date.yaml": ("talks/2026/t-date.yaml", "YAML-IMPLICIT-TYPE", "default", 4, '"2026-04-10"'),
    "yaml11-no.yaml": ("people/li-hua.yaml", "YAML-IMPLICIT-TYPE", "default", 2, '"no"'),
    "yaml11-octal.yaml": ("people/li-hua.yaml", "YAML-IMPLICIT-TYPE", "default", 2, '"010"'),
    "yaml11-yes-bool.yaml": ("people/li-hua.yaml", "YAML-IMPLICIT-TYPE", "default", 3, '"yes"'),
    "syntax-error.yaml": ("people/li-hua.yaml", "YAML-SYNTAX", "default", 3, "缩进不一致"),
    "tab-indent.yaml": ("people/li-hua.yaml", "YAML-SYNTAX", "default", 2, "制表符"),
    "two-documents.yaml": ("people/li-hua.yaml", "YAML-MULTI-DOC", "default", 3, "一条记录"),
    "not-a-mapping.yaml": ("people/li-hua.yaml", "FILE-NOT-MAPPING", "default", 1, "列表"),
    "empty.yaml": ("people/li-hua.yaml", "FILE-EMPTY", "default", 1, "talkdocs new"),
    "binary.yaml": ("people/li-hua.yaml", "FILE-ENCODING", "binary", 3, "空字节"),
    "utf16.yaml": ("people/li-hua.yaml", "FILE-ENCODING", "utf16", 1, "UTF-16"),
    "gbk.yaml": ("people/li-hua.yaml", "FILE-ENCODING", "default", 2, "UTF-8"),
    "file-name-mismatch.yaml": ("people/li-hua.yaml", "FILE-NAME", "default", 1, "wang-wu.yaml"),
    "missing-required.yaml": ("people/li-hua.yaml", "SCHEMA-REQUIRED", "default", 1, "name"),
    "wrong-enum.yaml": ("orgs/city2.yaml", "SCHEMA-ENUM", "default", 3, "municipal_committee（市（地、州、盟）委）"),
    "unknown-field.yaml": ("people/li-hua.yaml", "SCHEMA-UNKNOWN-FIELD", "default", 3, "nmae"),
    "impossible-date.yaml": ("talks/2026/t-bad-date.yaml", "SCHEMA-FORMAT", "default", 4, "2026-02-30"),
    "dangling-reference.yaml": ("talks/2026/t-dangling.yaml", "REF-DANGLING", "default", 5, "nobody"),
    "duplicate-id.yaml": ("talks/2027/t1.yaml", "REF-DUPLICATE-ID", "default", 1, "talks/2026/t1.yaml"),
    "path-escape.yaml": ("talks/2026/t-escape.yaml", "REF-FILE-PATH", "default", 9, "../../etc/passwd"),
}


@st.composite
def damage(draw: st.DrawFn, text: str) -> bytes:
    """One record's text, damaged the way editors and people damage files."""
    lines = text.splitlines(keepends=True)
    how = draw(st.sampled_from(["cut", "insert", "swap", "indent", "duplicate", "truncate", "bytes"]))
    at = draw(st.integers(0, max(len(lines) - 1, 0)))
    if how == "cut":
        del lines[at]
    elif how == "insert":
        lines.insert(at, draw(st.text(max_size=20)) + "\n")
    elif how == "swap" and len(lines) > 1:
        other = draw(st.integers(0, len(lines) - 1))
        lines[at], lines[other] = lines[other], lines[at]
    elif how == "indent":
        lines[at] = " " * draw(st.integers(1, 5)) + lines[at]
    elif how == "duplicate":
        lines.insert(at, lines[at])
    raw = "".join(lines).encode("utf-8", "surrogatepass")
    if how == "truncate":
        raw = raw[: draw(st.integers(0, len(raw)))]
    elif how == "bytes":
        pos = draw(st.integers(0, len(raw)))
        raw = raw[:pos] + draw(st.binary(max_size=6)) + raw[pos:]
    return raw
