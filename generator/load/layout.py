"""Where each kind of record lives under ``records/`` (see RECORDS.md, "Layout")."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

RECORD_KINDS = ("org", "person", "plan", "talk", "rectification")
SETTINGS_FILE = "settings.yaml"
FILES_DIR = "files"
_FOLDERS = {"orgs": "org", "people": "person", "rectifications": "rectification"}


@dataclass(frozen=True)
class Place:
    """What a file's path says about the record in it."""

    kind: str  # org | person | plan | talk | rectification | settings
    stem: str  # file name without .yaml: the expected id (plans: the year)
    folder: str = ""  # plans: the committee id; talks: the year folder


@dataclass(frozen=True)
class Misplaced:
    """A YAML file that is not where any record belongs."""

    variant: str  # default | extension
    expected: str = ""


def is_ignored(rel: PurePosixPath) -> bool:
    """Archived documents, hidden files and non-YAML files are not records."""
    if rel.parts and rel.parts[0] == FILES_DIR:
        return True
    if any(part.startswith(".") for part in rel.parts):
        return True
    return rel.suffix.lower() not in (".yaml", ".yml")


def place_of(rel: PurePosixPath) -> Place | Misplaced:
    """Classify a YAML file by its path relative to the records folder."""
    if rel.suffix != ".yaml":
        return Misplaced("extension", str(rel.with_suffix(".yaml")))
    parts = rel.parts
    if parts == (SETTINGS_FILE,):
        return Place("settings", "settings")
    if len(parts) == 2 and parts[0] in _FOLDERS:
        return Place(_FOLDERS[parts[0]], rel.stem)
    if len(parts) == 3 and parts[0] == "plans":
        return Place("plan", rel.stem, parts[1])
    if len(parts) == 3 and parts[0] == "talks":
        return Place("talk", rel.stem, parts[1])
    return Misplaced("default")


def talk_path(year: int, talk_id: str) -> str:
    """Where a talk record belongs."""
    return f"talks/{year}/{talk_id}.yaml"


def plan_path(committee: str, year: int) -> str:
    """Where a plan record belongs."""
    return f"plans/{committee}/{year}.yaml"


TALK_ID_SUFFIXES = ("-sw", "-dz", "-dw")  # 市委, 党组, 党委: dropped from a body's id to make its talks' prefix


def talk_id_prefix(committee: str) -> str:
    """The prefix of a body's talk ids when none is in use yet: shanhai-sw → shanhai (shanhai-2026-001)."""
    for suffix in TALK_ID_SUFFIXES:
        committee = committee.removesuffix(suffix)
    return committee


def talk_id(prefix: str, year: int, number: int) -> str:
    """A talk id in the repository's numbering: ``<prefix>-<year>-NNN``."""
    return f"{prefix}-{year}-{number:03d}"
