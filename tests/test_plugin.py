"""The ``talkdocs`` MkDocs plugin: the office's own ``mkdocs.yml`` and pages, the stock MkDocs commands, and
``talkdocs build`` making the same site through the same plugin."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from generator.cli import app as cli
from generator.cli import options
from generator.site import builder

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-27"


def _office(tmp_path: Path, *, nav: str = "", pages: dict[str, str] | None = None, extra: str = "") -> Path:
    """A copy of this repository's sample site (records, office pages, mkdocs.yml dated AS_OF)."""
    shutil.copytree(ROOT / "records", tmp_path / "records")
    shutil.copytree(ROOT / "office-pages", tmp_path / "office-pages")
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("      records: records\n", f"      records: records\n      as_of: {AS_OF}\n")
    if nav:
        text = text[:text.index("nav:")] + nav
    (tmp_path / "mkdocs.yml").write_text(text + extra, encoding="utf-8")
    for rel, body in (pages or {}).items():
        (tmp_path / "office-pages" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "office-pages" / rel).write_text(body, encoding="utf-8")
    return tmp_path


def _mkdocs(folder: Path, *args: str, tmp: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0", **({"TMPDIR": str(tmp)} if tmp else {}),
           "SOURCE_DATE_EPOCH": str(builder.source_date_epoch(options.as_of_date(AS_OF)))}
    env.pop("TALKDOCS_BUILD_OPTIONS", None)
    return subprocess.run([sys.executable, "-m", "mkdocs", *args], cwd=folder, capture_output=True, text=True,
                          env=env, check=False)


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def _nav(page: Path) -> list[str]:
    text = page.read_text(encoding="utf-8")
    primary = text[text.index("md-nav--primary"):]
    return list(dict.fromkeys(h for h in re.findall(r'<a href="([^"]+)" class="md-nav__link', primary)
                              if not h.startswith("#")))  # pages, not the current page's headings


def test_stock_mkdocs_build_and_talkdocs_build_make_the_same_site(tmp_path: Path) -> None:
    office = _office(tmp_path)
    before = sorted(p.relative_to(office).as_posix() for p in (office / "office-pages").rglob("*"))
    own_tmp = tmp_path / "tmp"  # this test's own temporary folder: other builds may run beside it
    own_tmp.mkdir()
    stock = _mkdocs(office, "build", "--strict", "--site-dir", str(tmp_path / "stock"), tmp=own_tmp)
    assert stock.returncode == 0, stock.stderr
    assert "prefix dict" not in stock.stderr  # jieba's English chatter stays out of the office's log
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(office)  # talkdocs build finds the mkdocs.yml of the folder it runs in
        mp.setattr(tempfile, "tempdir", str(own_tmp))
        assert cli.main(["build", "--site-dir", str(tmp_path / "built")]) == 0
    built = _files(tmp_path / "built")
    assert built.pop(builder.MARKER).decode("utf-8") == builder.MARKER_TEXT
    assert built == _files(tmp_path / "stock")
    assert "talks/shanhai-2026-012.html" in built and "office/notices.html" in built and "images/logo.svg" in built
    after = sorted(p.relative_to(office).as_posix() for p in (office / "office-pages").rglob("*"))
    assert after == before  # nothing generated is written into the office's docs folder
    assert not list(own_tmp.glob("talkdocs-*"))  # nor left in the temporary folder


def test_office_pages_sit_beside_generated_ones_and_the_home_shows_the_office_text(tmp_path: Path) -> None:
    office = _office(tmp_path)
    assert cli.main(["build", "--config-file", str(office / "mkdocs.yml"), "--site-dir", str(tmp_path / "s")]) == 0
    nav = _nav(tmp_path / "s" / "office" / "notices.html")
    assert nav[:3] == ["../index.html", "../coverage/index.html", "../plans/index.html"]
    assert nav[-2:] == ["rules.html", "notices.html"]  # the office's nav entries after the generated sections
    home = (tmp_path / "s" / "index.html").read_text(encoding="utf-8")
    assert "本站点汇集山海市委" in home and "覆盖情况" in home  # the office's text, then the dashboard
    assert "山海市委办公室 · 内部资料 · 截至2026年11月27日" in home  # the office's banner line first
    notices = (tmp_path / "s" / "office" / "notices.html").read_text(encoding="utf-8")
    assert 'href="../coverage/index.html"' in notices  # a Markdown link to a generated page by its path


def test_a_nav_that_names_generated_pages_is_kept_as_written(tmp_path: Path) -> None:
    nav = ("nav:\n  - 通知: office/notices.md\n  - 谈话: talks/index.md\n  - 首页: index.md\n"
           "  - 修改记录: audit.md\n  - 办公室:\n    - 工作制度: office/rules.md\n")
    office = _office(tmp_path, nav=nav)
    assert cli.main(["build", "--config-file", str(office / "mkdocs.yml"), "--site-dir", str(tmp_path / "s"),
                     "--no-history"]) == 0  # without history there is no audit page: its entry is left out
    assert _nav(tmp_path / "s" / "rules.html") == ["office/notices.html", "talks/index.html", "index.html",
                                                  "office/rules.html"]


def test_an_office_page_at_a_generated_path_is_refused_by_name(tmp_path: Path) -> None:
    office = _office(tmp_path, pages={"rules.md": "# 我们的规则\n"})
    result = _mkdocs(office, "build", "--strict", "--site-dir", str(tmp_path / "s"))
    assert result.returncode != 0 and "docs_dir 中的 rules.md 与 talkdocs 生成的页面或文件同名" in result.stderr
    assert "Traceback" not in result.stderr


def test_plugin_options_are_checked_with_a_chinese_message(tmp_path: Path) -> None:
    office = _office(tmp_path)
    text = (office / "mkdocs.yml").read_text(encoding="utf-8").replace(f"as_of: {AS_OF}", "as_of: 去年")
    (office / "mkdocs.yml").write_text(text, encoding="utf-8")
    result = _mkdocs(office, "build", "--site-dir", str(tmp_path / "s"))
    assert result.returncode != 0 and "as_of“去年”不是有效日期" in result.stderr and "YYYY-MM-DD" in result.stderr
