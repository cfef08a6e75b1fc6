"""The copy of the JSON Schemas a records repository carries (``schemas/`` beside ``records/``).

Editors (VS Code's YAML extension, any yaml-language-server) resolve a schema path relative to the file or the
workspace, so a repository that carries its own copy validates the same on every machine that clones it; a path
into wherever talkdocs is installed would work on one machine only.  The ``$schema`` line of a record that
points at the copy is :func:`generator.schema.loader.schema_comment`.
"""

from __future__ import annotations

from generator.schema import loader as schema_loader

FOLDER = schema_loader.REPOSITORY_COPY


def packaged() -> dict[str, bytes]:
    """The installed talkdocs' schema files, by file name."""
    return {p.name: p.read_bytes() for p in sorted(schema_loader.schemas_dir().glob("*.schema.json"))}
