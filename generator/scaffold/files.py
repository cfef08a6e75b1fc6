"""The files of a new records repository, as text: the records stubs and site config from the answers, the
rest from ``templates/`` (the same files for every office)."""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator import __version__
from generator.model.settings import Settings
from generator.scaffold import schemas
from generator.scaffold.answers import MARK, Answers, question

TEMPLATES = Path(__file__).resolve().parent / "templates"
# repository path → template file name
STATIC = {
    ".gitignore": "gitignore",
    ".pre-commit-config.yaml": "pre-commit-config.yaml",
    ".github/workflows/talkdocs.yml": "github-workflow.yml",
    ".gitlab-ci.yml": "gitlab-ci.yml",
    ".vscode/settings.json": "vscode-settings.json",
    ".vscode/extensions.json": "vscode-extensions.json",
    "docs/index.md": "index.md",
}


@dataclass(frozen=True)
class NewFile:
    """One file ``init`` writes: its path in the repository and its bytes."""

    path: str
    data: bytes


def _q(text: str) -> str:
    """A YAML scalar for any text: JSON's double-quoted string is YAML's too."""
    return json.dumps(text, ensure_ascii=False)


def _mark(answers: Answers, *keys: str, what: str = "", why: str = "") -> str:
    """The line's comment: ``why`` it is there, and when it holds a placeholder, what to write instead."""
    said = [what or question(k).edit for k in keys if answers.is_placeholder(k)]
    if said:
        return f"   # {MARK}：{'、'.join(dict.fromkeys(said))}" + (f"（{why}）" if why else "")
    return f"   # {why}" if why else ""


_NAME = "名称，例如 山海市委监督谈话档案"


def site_name(answers: Answers) -> str:
    """The site's and repository's name."""
    return "监督谈话档案" if answers.is_placeholder("name") else f"{answers.label}监督谈话档案"


def _line(kind: str, rel: str) -> str:
    ref = posixpath.relpath(f"{schemas.FOLDER}/{kind}.schema.json", posixpath.dirname(rel))
    return f"# yaml-language-server: $schema={ref}\n"


def _body(answers: Answers) -> str:
    rel = f"records/orgs/{answers['id']}.yaml"
    out = [_line("org", rel),
           f"id: {answers['id']}{_mark(answers, 'id')}\n",
           f"name: {_q(answers['name'])}{_mark(answers, 'name')}\n"]
    if answers["short_name"]:
        out.append(f"short_name: {_q(answers['short_name'])}\n")
    out.append(f"kind: {answers['kind']}{_mark(answers, 'kind')}\n")
    if answers.appointed:
        out.append(f"approved_by: {answers['approved_by']}"
                   f"{_mark(answers, 'approved_by', why='覆盖期按批准设立机关的届期计算（第五条第二款）')}\n")
    else:
        out.append(_terms(answers))
    return "".join(out)


def _terms(answers: Answers) -> str:
    return ("terms:                      # 各届任期：一届任期内对下级“一把手”谈话全覆盖（第五条第二款）\n"
            f'  - {{number: {answers["term"]}, start: "{answers["term_start"]}", end: null}}'
            f"{_mark(answers, 'term', 'term_start')}\n")


def _approver(answers: Answers) -> str:
    rel = f"records/orgs/{answers['approved_by']}.yaml"
    return (_line("org", rel) +
            f"id: {answers['approved_by']}{_mark(answers, 'approved_by')}\n"
            f'name: "请填写批准设立{answers.label}的党委全称"   # {MARK}：组织全称 name\n'
            f"kind: municipal_committee   # {MARK}：组织类型 kind\n" + _terms(answers))


def _settings(answers: Answers) -> str:
    return (_line("settings", "records/settings.yaml") +
            "# 本仓库的设置；其余各项及默认值见 talkdocs 的 docs/record-fields.md\n"
            f"repository_name: {_q(site_name(answers))}"
            f"{_mark(answers, 'name', what=_NAME, why='年度报告、台账等处显示')}\n"
            f"bodies: [{answers['id']}]{_mark(answers, 'id', why='本仓库记录其谈话工作的党委（党组）')}\n")


def _mkdocs(name: str, mark: str) -> str:
    return f"""# 本办公室站点的配置（MkDocs + Material）。talkdocs build、mkdocs build、mkdocs serve 都读这个文件。
# 看板、覆盖矩阵、计划、谈话、整改等页面由 talkdocs 插件按 records/ 生成；办公室自己的页面放在 docs/。
# 可改的项目（名称、标志、配色、横幅、导航、页脚）见 talkdocs 的说明文档“定制站点”。
site_name: {_q(name)}{mark}
docs_dir: docs
site_dir: site
theme:
  name: material
  language: zh
  font: false              # 不从外网加载字体（站点不从外部加载任何内容）
plugins:
  - search
  - offline
  - talkdocs:
      records: records
      audience: full       # full 完整版 | summary 摘要版（不含标注 confidential 的内容）
      history: true        # 页面显示 git 中的修改记录
"""


def existing_name(folder: Path) -> str | None:
    """The ``repository_name`` of the records already in ``folder`` (their ``settings.yaml``), else None."""
    path = folder / "records" / "settings.yaml"
    if not path.is_file():
        return None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        data = None  # talkdocs check says what is wrong with it; init only wanted the name
    name = data.get("repository_name") if isinstance(data, dict) else None
    return name if isinstance(name, str) and name.strip() else Settings().repository_name


def plan(answers: Answers | None, folder: Path) -> list[NewFile]:
    """Every file of the new repository, in the order they are reported.

    ``answers`` is None for a folder that has its records already (a ``records/settings.yaml``): then no record
    is written, and the site takes the records' name.
    """
    name = existing_name(folder)
    texts: dict[str, str] = {}
    if answers is not None and name is None:
        texts["records/settings.yaml"] = _settings(answers)
        texts[f"records/orgs/{answers['id']}.yaml"] = _body(answers)
        if answers.appointed:
            texts[f"records/orgs/{answers['approved_by']}.yaml"] = _approver(answers)
        texts["mkdocs.yml"] = _mkdocs(site_name(answers), _mark(answers, "name", what=_NAME))
    else:
        texts["mkdocs.yml"] = _mkdocs(name or Settings().repository_name, "")
    for rel, name in STATIC.items():
        texts[rel] = (TEMPLATES / name).read_text(encoding="utf-8").replace("@VERSION@", __version__)
    out = [NewFile(rel, text.encode("utf-8")) for rel, text in texts.items()]
    out += [NewFile(f"{schemas.FOLDER}/{name}", data) for name, data in schemas.packaged().items()]
    return out
