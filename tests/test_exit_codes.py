"""Each exit code of ``talkdocs`` (README's table, :mod:`generator.errors`) from a real run that ends with it,
and never a traceback on the way: 0 done, 1 findings, 2 usage or configuration, 3 a failed build, 4 a defect.

The runs go through ``python -m generator`` (the command as users start it) where what reaches the console
matters, and through :func:`main` where a run must be made to fail from inside.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import world

from generator import errors
from generator.cli.app import main

ROOT = Path(__file__).resolve().parent.parent
AS_OF = world.AS_OF.isoformat()


def talkdocs(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "TALKDOCS_DEBUG"}
    env.update(NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True,
                          env=env, check=False, timeout=600)


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small records folder on which every rule holds."""
    return world.write(tmp_path_factory.mktemp("clean"), world.base())


def _site_config(top: Path, records: Path, page: str) -> Path:
    """An office's mkdocs.yml with one office page of text ``page``."""
    (top / "pages/office").mkdir(parents=True, exist_ok=True)
    (top / "pages/office/notices.md").write_text(page, encoding="utf-8")
    config = top / "mkdocs.yml"
    config.write_text(f"""site_name: 测试县委监督谈话档案
docs_dir: pages
theme:
  name: material
  language: zh
  font: false
plugins:
  - search
  - offline
  - talkdocs:
      records: {records.as_posix()}
      history: false
nav:
  - 通知: office/notices.md
""", encoding="utf-8")
    return config


def test_0_when_the_records_hold_every_rule(clean: Path) -> None:
    done = talkdocs("check", "--records", str(clean), "--as-of", AS_OF)
    assert (done.returncode, done.stderr) == (errors.EXIT_OK, ""), done.stderr
    assert done.returncode == 0


def test_1_when_the_records_have_findings() -> None:
    done = talkdocs("check", "--records", "records", "--as-of", AS_OF)
    assert done.returncode == errors.EXIT_FINDINGS == 1
    assert "错误" in done.stdout and done.stderr == ""


@pytest.mark.parametrize(("args", "said"), [
    (("check", "--records", "no-such-folder"), "talkdocs：记录文件夹 no-such-folder 不存在；用 --records 指定"),
    (("check", "--as-of", "2026-13-01"), "日期“2026-13-01”无效，请写成 YYYY-MM-DD"),
    (("check", "--no-such-option"), "talkdocs：命令用法有误：无法识别的参数：--no-such-option"),
    (("no-such-verb",), "talkdocs：命令用法有误：没有 'no-such-verb' 这个命令"),
    (("coverage", "--records", "records", "--as-of", AS_OF, "--committee", "nobody"),
     "talkdocs：没有编号为“nobody”的组织；请写 records/orgs/ 中的组织编号"),
    (("new", "talk", "--records", "records"), "talkdocs new：新建 talk 需要 --committee"),
    (("ledger",), "talkdocs ledger：请写 export（导出台账）或 import（导入台账）"),
    (("demo", "--scale", "0", "--out", "no-such-demo"), "talkdocs demo："),
])
def test_2_for_wrong_usage_or_configuration_with_what_to_write(args: tuple[str, ...], said: str) -> None:
    done = talkdocs(*args)
    assert done.returncode == errors.EXIT_USAGE == 2, done.stderr
    assert said in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert not (ROOT / "no-such-demo").exists()


def test_2_for_a_settings_file_that_cannot_be_checked_by(clean: Path, tmp_path: Path) -> None:
    records = world.write(tmp_path, {**world.base(), "settings.yaml": {"bodies": ["nobody-sw"]}})
    done = talkdocs("check", "--records", str(records), "--as-of", AS_OF)
    assert done.returncode == 2 and "设置文件" in done.stderr and "settings.yaml" in done.stderr, done.stderr
    assert done.stdout == "" and "Traceback" not in done.stderr


def test_3_when_mkdocs_refuses_the_site_and_the_old_site_stays(clean: Path, tmp_path: Path) -> None:
    config = _site_config(tmp_path, clean, "# 通知\n\n请对照[谈话一览](../talks/index.md)。\n")
    site = tmp_path / "site"
    first = talkdocs("build", "--config-file", str(config), "--site-dir", str(site), "--as-of", AS_OF)
    assert first.returncode == 0, first.stderr
    before = (site / "index.html").read_bytes()
    (tmp_path / "pages/office/notices.md").write_text("# 通知\n\n见[没有的页面](../nowhere.md)。\n", encoding="utf-8")
    done = talkdocs("build", "--config-file", str(config), "--site-dir", str(site), "--as-of", AS_OF)
    assert done.returncode == errors.EXIT_BUILD == 3, done.stderr
    assert "talkdocs：站点生成失败" in done.stderr and "nowhere.md" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert (site / "index.html").read_bytes() == before


def test_3_when_serve_cannot_build_its_first_site(clean: Path, tmp_path: Path) -> None:
    config = _site_config(tmp_path, clean, "# 通知\n\n见[没有的页面](../nowhere.md)。\n")
    done = talkdocs("serve", "--config-file", str(config), "--site-dir", str(tmp_path / "site"), "--as-of", AS_OF,
                    "--port", "1")
    assert done.returncode == 3 and "站点生成失败" in done.stderr, done.stderr
    assert not (tmp_path / "site").exists()


def test_4_for_a_defect_in_talkdocs_itself_without_a_traceback(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from generator.cli import rules

    def broken(args: object) -> int:
        raise KeyError("planted")

    monkeypatch.delenv("TALKDOCS_DEBUG", raising=False)
    monkeypatch.setattr(rules, "run", broken)
    assert main(["rules"]) == errors.EXIT_INTERNAL == 4
    err = capsys.readouterr().err
    assert err.startswith("talkdocs：内部错误（KeyError：'planted'）") and "TALKDOCS_DEBUG=1" in err
    monkeypatch.setenv("TALKDOCS_DEBUG", "1")
    with pytest.raises(KeyError):  # the developer asked for the traceback
        main(["rules"])


def test_the_readme_table_lists_every_code() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## 退出码"):]
    for code in (errors.EXIT_OK, errors.EXIT_FINDINGS, errors.EXIT_USAGE, errors.EXIT_BUILD, errors.EXIT_INTERNAL,
                 errors.EXIT_INTERRUPTED):
        assert f"| `{code}` |" in table
