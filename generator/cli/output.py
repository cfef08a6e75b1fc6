"""Writing a command's output file (``-o FILE``): never into the records folder, never over a file by surprise."""

from __future__ import annotations

import os
from pathlib import Path

from generator.errors import ConfigError


def refuse(output: Path, records: Path, force: bool, *, what: str, example: str) -> None:
    """Refuse ``output`` inside the records folder (it would be read as a record, or replace one), and an
    existing file unless ``force``.  ``what``: the kind of file in Chinese (报告); ``example``: a good -o."""
    target, folder = Path(os.path.realpath(output)), Path(os.path.realpath(records))
    if target == folder or folder in target.parents:
        raise ConfigError(f"不能把{what}写入记录文件夹 {records}（{output}）：{what}会被当作记录读取，或覆盖记录；"
                          f"请写到记录文件夹以外，例如 -o {example}")
    if output.exists() and not force:
        raise ConfigError(f"{output} 已存在，未覆盖；换一个文件名，或确认要替换时加 --force")


def cannot_write(path: Path, exc: OSError) -> ConfigError:
    """The Chinese error for a file that could not be written."""
    if not path.parent.is_dir():
        return ConfigError(f"无法写入 {path}：文件夹 {path.parent} 不存在，请先建立或换一个位置")
    return ConfigError(f"无法写入 {path}：{exc.strerror}")


def write_bytes(path: Path, data: bytes, force: bool) -> None:
    """Write ``data`` to ``path`` (a new file unless ``force``), as Chinese errors."""
    try:
        with path.open("wb" if force else "xb") as handle:
            handle.write(data)
    except FileExistsError:
        raise ConfigError(f"{path} 已存在，未覆盖；换一个文件名，或确认要替换时加 --force") from None
    except OSError as exc:
        raise cannot_write(path, exc) from None
