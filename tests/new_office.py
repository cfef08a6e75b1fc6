"""A new office's repository as ``talkdocs init`` makes it, then customised as README's "定制站点" says: a record
from ``talkdocs new``, an office page linking generated pages by their paths, a logo, palette, banner, footer
and nav entry.  Shared by tests/test_new_office.py and its browser test."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from generator.cli.app import main

AS_OF = "2026-11-27"
NOTICE = "关于做好年度监督谈话工作的通知"
BANNER = "清河县委办公室 · 内部资料 · 严禁外传"
FOOTER = "清河县委办公室编印"
LOGO = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8" fill="#c00"/></svg>\n'
CUSTOM = f"""copyright: {FOOTER}
theme:
  name: material
  language: zh
  font: false
  logo: images/logo.svg
  favicon: images/logo.svg
  palette:
    primary: indigo
    accent: amber
"""


def make(top: Path) -> Path:
    """Init ``top``, add a person with ``talkdocs new``, an office page, a logo and the customisations."""
    assert main(["init", str(top), "--name", "中共清河县委员会", "--short-name", "清河县委", "--id", "qinghe-xw",
                 "--kind", "county_committee", "--term", "15", "--term-start", "2021-09-28"]) == 0
    assert main(["new", "person", "--records", str(top / "records"), "--id", "wang-fang"]) == 0
    person = top / "records/people/wang-fang.yaml"
    person.write_text(person.read_text(encoding="utf-8").replace("请填写姓名", "王芳"), encoding="utf-8")
    (top / "docs/office").mkdir(parents=True)
    (top / "docs/office/notices.md").write_text(
        f"# {NOTICE}\n\n请各单位对照[谈话一览](../talks/index.md)和[王芳的页面](../people/wang-fang.md)，"
        "按[问题清单](../findings.md)逐项整改。\n", encoding="utf-8")
    (top / "docs/images").mkdir()
    (top / "docs/images/logo.svg").write_text(LOGO, encoding="utf-8")
    text = (top / "mkdocs.yml").read_text(encoding="utf-8")
    start, end = text.index("theme:\n"), text.index("plugins:\n")
    text = text[:start] + CUSTOM + text[end:]
    text = text.replace("      records: records\n", f"      records: records\n      as_of: {AS_OF}\n"
                                                    f"      banner: {BANNER}\n")
    text += "nav:\n  - 通知: office/notices.md\n"
    (top / "mkdocs.yml").write_text(text, encoding="utf-8")
    return top


def stock_mkdocs(top: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The stock ``mkdocs`` command in ``top``, as an office runs it (not through talkdocs)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("TALKDOCS_BUILD_OPTIONS", None)
    return subprocess.run([sys.executable, "-m", "mkdocs", *args], cwd=top, capture_output=True, text=True, env=env,
                          check=False, timeout=600)


def talkdocs_build(top: Path, *args: str) -> int:
    """``talkdocs build`` run in ``top`` with no options but ``args``."""
    cwd = Path.cwd()
    os.chdir(top)
    try:
        return main(["build", *args])
    finally:
        os.chdir(cwd)
