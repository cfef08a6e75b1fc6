"""The ``talkdocs`` verbs and their one-line help, as a static table.

The table names modules, it does not import them: ``talkdocs --help`` and ``--version`` print from it
alone, and a command imports only its own module ``generator.cli.<verb>`` (and, through it, the stages it
uses).  Each verb module has ``configure(parser)`` and ``run(args) -> int``; its help line lives here and
nowhere else.  (Plain tuples, not a dataclass: importing :mod:`dataclasses` alone costs a start-up's
worth of time, see bench/RESULTS.md.)
"""

from __future__ import annotations

import importlib
from types import ModuleType

VERBS: dict[str, str] = {
    "init": "新建一个记录仓库（记录、站点配置、pre-commit、CI 和编辑器设置；不会覆盖已有文件）",
    "check": "检查记录：格式、引用和《办法》的各项规则",
    "rules": "列出全部规则：编号、条款、级别和要求",
    "coverage": "显示一届任期内定期谈话全覆盖情况（覆盖矩阵）",
    "new": "按模板新建一条记录（不会覆盖已有文件）",
    "demo": "生成演示用的省级汇总记录仓库（虚构数据，可指定规模和随机种子）",
    "report": "生成某个党委（党组）某一年度的监督谈话工作报告（HTML、Word 或 Markdown）",
    "calendar": "把尚未办结的期限（整改、年度计划、任期届满）导出为日历文件（.ics），可导入或订阅到常用日历",
    "ledger": "监督谈话台账：导出为 Excel 工作簿（export），或把已有台账导入为记录（import）",
    "build": "生成内部站点（中文、离线，可用浏览器打开）",
    "serve": "在本机浏览站点（默认 http://127.0.0.1:8000/），记录改动后自动重新生成",
    "diff": "比较两个版本之间记录的变化（按字段列出，不是文本比较）",
    "log": "查看一个记录的修改历史：每次提交的作者、时间、说明和字段变化（跟随改名）",
}


def load(verb: str) -> ModuleType:
    """The module of ``verb`` (one of :data:`VERBS`), imported now with the stages it uses."""
    return importlib.import_module(f"generator.cli.{verb}")
