"""The privacy lint of the office's ``mkdocs.yml``: each key that would load from outside, point outside or leak
is refused, by ``talkdocs build`` (exit code 2) and by stock ``mkdocs build`` (the plugin), with the key, its
line and what to write instead — never a traceback; what the office did not write is switched off."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import world
from privacy_cases import FORBIDDEN

from generator.cli import app as cli
from generator.site import privacy, user_config

BASE = """site_name: 某某市委监督谈话档案
theme:
  name: material
  language: zh
plugins:
  - search
  - offline
  - talkdocs:
      records: records
      as_of: 2026-11-27
      history: false
"""



def _config(addition: str) -> str:
    """BASE with ``addition`` put where it belongs: under theme, in the plugin list, or at the end."""
    if addition.startswith("  - "):
        return BASE.replace("  - offline\n", "  - offline\n" + addition)
    if addition.startswith("  "):
        return BASE.replace("  language: zh\n", "  language: zh\n" + addition)
    return BASE + addition


def _office(tmp_path: Path, text: str) -> Path:
    world.write(tmp_path, world.base())
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# 说明\n", encoding="utf-8")
    (tmp_path / "hooks.py").write_text("", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(("addition", "key", "instead"), [c[1:] for c in FORBIDDEN], ids=[c[0] for c in FORBIDDEN])
def test_each_forbidden_key_is_refused_with_its_line_and_what_to_write(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], addition: str, key: str, instead: str) -> None:
    text = _config(addition)
    office = _office(tmp_path, text)
    expected = f" 行 {key}："
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(office)
        assert cli.main(["build"]) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert expected in err and instead in err and "未生成站点" in err, err
    assert not (office / "site").exists()

    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("TALKDOCS_BUILD_OPTIONS", None)
    stock = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=office, capture_output=True,
                           text=True, env=env, check=False)
    assert stock.returncode != 0
    assert expected in stock.stderr and instead in stock.stderr, stock.stderr
    assert "Traceback" not in stock.stderr and not (office / "site").exists()


def test_every_problem_is_named_at_once_in_line_order(tmp_path: Path) -> None:
    text = BASE + "repo_url: https://x.org/r\nextra_css:\n  - https://x.org/a.css\n  - local.css\n"
    text = text.replace("  language: zh\n", "  language: zh\n  font:\n    code: Roboto Mono\n")
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    found = privacy.problems(user_config.read(tmp_path / "mkdocs.yml"))
    assert [(p.key, p.line) for p in found] == [("theme.font", 5), ("repo_url", 14), ("extra_css[0]", 16)]


def test_what_keeps_the_site_inside_passes(tmp_path: Path) -> None:
    text = BASE.replace("  language: zh\n", "  language: zh\n  font: false\n  logo: images/logo.svg\n")
    text = text.replace("  - search\n", "  - material/search\n  - tags\n")
    text += ("dev_addr: 127.0.0.1:8001\nextra_javascript:\n  - javascripts/office.js\n  - path: js/m.js\n"
             "    type: module\nextra_css: [stylesheets/office.css]\nextra:\n  generator: false\n"
             "markdown_extensions:\n  - admonition\n  - pymdownx.emoji:\n"
             "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
             "      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n")
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    assert privacy.problems(user_config.read(tmp_path / "mkdocs.yml")) == []


def test_urls_are_told_from_paths() -> None:
    for url in ("https://a.org/x.js", "http://a", "//cdn.org/x.js", "HTTPS://A.ORG", "ftp://a/b"):
        assert privacy.is_url(url), url
    for path in ("x.js", "assets/x.css", "./a/b.js", "../x.js", "data:text/css,x"):
        assert not privacy.is_url(path), path
