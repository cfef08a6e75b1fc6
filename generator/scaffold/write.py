"""Write a new repository's files into a folder, never over a file that is there."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.scaffold.answers import MARK
from generator.scaffold.files import NewFile


@dataclass(frozen=True)
class Placeholder:
    """A line the office must edit: file (repository path), line number (1-based), what to write."""

    path: str
    line: int
    what: str


@dataclass(frozen=True)
class Outcome:
    """What ``init`` did: the files it wrote, those it left as they were, the placeholders it wrote."""

    created: tuple[str, ...]
    kept: tuple[str, ...]
    placeholders: tuple[Placeholder, ...]


class ScaffoldError(Exception):
    """The folder cannot take the repository; the message is Chinese and names the path."""


def _placeholders(new: NewFile) -> list[Placeholder]:
    if not new.path.endswith((".yaml", ".yml")):
        return []
    marker = f"# {MARK}："
    out = []
    for number, line in enumerate(new.data.decode("utf-8").splitlines(), start=1):
        if marker in line:
            out.append(Placeholder(new.path, number, line.partition(marker)[2].strip()))
    return out


def write(folder: Path, files: list[NewFile]) -> Outcome:
    """Write ``files`` under ``folder`` (created when missing); an existing file is kept, byte for byte."""
    if folder.exists() and not folder.is_dir():
        raise ScaffoldError(f"{folder} 已存在但不是文件夹；请指定一个新的或已有的文件夹")
    created: list[str] = []
    kept: list[str] = []
    placeholders: list[Placeholder] = []
    for new in files:
        target = folder / new.path
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:  # a file where a folder belongs
            raise ScaffoldError(f"无法建立文件夹 {target.parent}：{exc.strerror or exc}；"
                                "请确认路径中没有同名的文件") from None
        try:
            with target.open("xb") as handle:  # "x": never replace what an office already has
                handle.write(new.data)
        except FileExistsError:
            kept.append(new.path)
            continue
        except OSError as exc:
            raise ScaffoldError(f"无法写入 {target}：{exc.strerror or exc}；请检查文件夹权限和磁盘空间") from None
        created.append(new.path)
        placeholders += _placeholders(new)
    return Outcome(tuple(created), tuple(kept), tuple(placeholders))
