"""The import's report, row by row, in Chinese: a tab-separated table (工作表、行、列、问题、应写为) that pastes
into Excel, then what was (or, with ``--dry-run``, would be) written."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from generator.office.ledger.importer import ImportPlan

HEADER = ("工作表", "行", "列", "问题", "应写为")


def _cell(text: str) -> str:
    return " ".join(text.split())  # one table row per problem: no tabs or line breaks inside a cell


def report_lines(plan: ImportPlan, *, dry_run: bool, written: Sequence[Path] = ()) -> list[str]:
    """The report's lines (without line ends)."""
    lines = [f"台账导入报告：{plan.source}（读取 {plan.rows_read} 行）"]
    rows: list[tuple[str, ...]] = []
    for p in sorted(plan.problems, key=lambda p: (p.sheet, p.row, not p.blocking, p.column)):
        column = f"{p.column}（{p.header}）" if p.column and p.header else p.column or "—"
        rows.append((p.sheet, str(p.row), column, p.what, p.write))
    imported = {(f.sheet, f.row): f.path for f in plan.files if f.path.startswith("talks/")}
    if plan.ready:
        verb = "将写入" if dry_run else "已写入"
        rows.extend((sheet, str(row), "—", f"{verb} {path}", "") for (sheet, row), path in imported.items())
        rows.sort(key=lambda r: (r[0], int(r[1])))
    if rows:
        lines.append("\t".join(HEADER))
        lines.extend("\t".join(_cell(c) for c in r) for r in rows)
    blocking = sorted({(p.sheet, p.row) for p in plan.problems if p.blocking})
    if not plan.ready:
        lines.append(f"结果：{len(blocking)} 行有错误，未写入任何文件。请按上表“应写为”修改台账（或先建立所缺的记录）"
                     "后重新导入。")
        return lines
    people = f"、{plan.people} 条人员记录" if plan.people else ""
    if dry_run:
        lines.append(f"试运行（--dry-run）：将写入 {plan.talks} 条谈话记录{people}，未写入任何文件。内容如下：")
        for f in plan.files:
            lines.append(f"----- {f.path} -----")
            lines.extend(f.text.rstrip("\n").split("\n"))
    else:
        lines.append(f"结果：已写入 {plan.talks} 条谈话记录{people}。请运行 talkdocs check 复核，"
                     "并在记录中补充台账没有的内容（谈话步骤、谈话准备、参加人员等）。")
    return lines
