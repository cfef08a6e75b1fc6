"""The import's report, row by row, in Chinese: a tab-separated table (工作表、行、列、问题、应写为) that pastes
into Excel, then what was (or, with ``--dry-run``, would be) written."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from generator.model import catalog
from generator.office.ledger.importer import ImportPlan
from generator.office.ledger.rows import RowProblem

HEADER = ("工作表", "行", "列", "问题", "应写为")


def _cell(text: str) -> str:
    return " ".join(text.split())  # one table row per problem: no tabs or line breaks inside a cell


def _line(p: RowProblem) -> tuple[str, ...]:
    column = f"{p.column}（{p.header}）" if p.column and p.header else p.column or "—"
    return (p.sheet, str(p.row), column, p.what, p.write)


def report_lines(plan: ImportPlan, *, dry_run: bool, written: Sequence[Path] = ()) -> list[str]:
    """The report's lines (without line ends): per row, the file it becomes, then its problems and remarks."""
    lines = [f"台账导入报告：{plan.source}（读取 {plan.rows_read} 行）"]
    if plan.skipped_sheets:
        lines.append(f"未导入的工作表（没有谈话台账表头）：{'、'.join(plan.skipped_sheets)}")
    if plan.unread_columns:
        lines.append(f"未读取的列（表头不是台账的列名，见 README“台账导入”）：{'、'.join(plan.unread_columns)}")
    entries: list[tuple[tuple[str, int, int], tuple[str, ...]]] = []
    if plan.ready:
        verb = "将写入" if dry_run else "已写入"
        entries += [((f.sheet, f.row, 0), (f.sheet, str(f.row), "—", f"{verb} {f.path}", ""))
                    for f in plan.files if f.path.startswith("talks/")]
    for p in plan.problems:
        entries.append(((p.sheet, p.row, 1 if p.blocking else 2), _line(p)))
    if entries:
        lines.append("\t".join(HEADER))
        lines.extend("\t".join(_cell(c) for c in row) for _key, row in sorted(entries, key=lambda e: e[0]))
    if not plan.ready:
        bad = len({(p.sheet, p.row) for p in plan.problems if p.blocking})
        lines.append(f"结果：{bad} 行有错误，未写入任何文件。"
                     "请按上表“应写为”修改台账（或先建立所缺的记录）后重新导入。")
        return lines
    levels = Counter(p.level for p in plan.problems if p.level)
    if levels:
        counted = "、".join(f"{catalog.SEVERITY[k]} {levels[k]} 项" for k in ("error", "warning", "info") if levels[k])
        lines.append(f"导入后检查：{counted}，多为台账没有的内容（谈话步骤、谈话准备、参加人员、整改报送等），"
                     "请在记录中补充后运行 talkdocs check 复核。")
    people = f"、{plan.people} 条人员记录" if plan.people else ""
    if dry_run:
        lines.append(f"试运行（--dry-run）：将写入 {plan.talks} 条谈话记录{people}，未写入任何文件。内容如下：")
        for f in plan.files:
            lines.append(f"----- {f.path} -----")
            lines.extend(f.text.rstrip("\n").split("\n"))
    else:
        lines.append(f"结果：已写入 {plan.talks} 条谈话记录{people}（{len(written)} 个文件）。")
    return lines
