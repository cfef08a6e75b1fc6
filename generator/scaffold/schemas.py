"""The copy of the JSON Schemas inside a records repository, and the editor line that points at it.

Editors (VS Code's YAML extension, any yaml-language-server) resolve a schema path relative to the file or the
workspace, so a repository that carries ``schemas/`` beside ``records/`` validates the same on every machine
that clones it; a path into wherever talkdocs is installed would work on one machine only.
"""

from __future__ import annotations

import os
from pathlib import Path

from generator.schema import loader as schema_loader

FOLDER = "schemas"  # beside records/, at the top of the repository


def packaged() -> dict[str, bytes]:
    """The installed talkdocs' schema files, by file name."""
    return {p.name: p.read_bytes() for p in sorted(schema_loader.schemas_dir().glob("*.schema.json"))}


def repository_copy(records: Path) -> Path | None:
    """The repository's own ``schemas/`` beside ``records``, when it holds the record schemas."""
    folder = records.resolve().parent / FOLDER
    return folder if (folder / "talk.schema.json").is_file() else None


def schema_line(target: Path, kind: str, schemas: Path) -> str:
    """``# yaml-language-server: $schema=…`` for a record at ``target``: a path relative to the record's folder."""
    ref = os.path.relpath((schemas / f"{kind}.schema.json").resolve(), target.resolve().parent)
    return f"# yaml-language-server: $schema={Path(ref).as_posix()}\n"
