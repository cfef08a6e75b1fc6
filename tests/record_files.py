"""Record files as tests edit them: read with the records' own YAML reading, written back with PyYAML, and
the canary that every confidential item of the sample records carries (Art. 16 tests look for it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from generator.load import yamlsafe

__all__ = ["PLANTED", "SAMPLE_CANARY", "dump", "edit", "load"]

SAMPLE_CANARY = "CANARY-机密-7731"  # already in every confidential item of the sample records
PLANTED = "CANARY-植入-0042"


def load(path: Path) -> Any:
    """A record file's data, read as talkdocs reads it (``on:`` stays a key)."""
    return yamlsafe.parse(path.read_text(encoding="utf-8"))


def dump(path: Path, data: Any) -> None:
    """Write ``data`` as a record file (folders made as needed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def edit(path: Path, change: Any) -> None:
    """Read a record file, let ``change`` alter its data in place, write it back."""
    data = load(path)
    change(data)
    dump(path, data)
