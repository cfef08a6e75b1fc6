"""Where each kind of record lives under ``records/`` (see docs/record-fields.md), and how talks are numbered."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

RECORD_KINDS = ("org", "person", "plan", "talk", "rectification")
# Kinds whose record carries its own id, written as its file name (a plan is its committee and year, a
# rectification its talk's id).
ID_KINDS = ("org", "person", "talk")
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


_NUMBERED_TALK = re.compile(r"^(?P<prefix>[a-z0-9-]+)-(?P<year>\d{4})-(?P<n>\d{3,})$")


def talk_numbering(committee: str, year: int, ids: Iterable[str]) -> tuple[str, int]:
    """The prefix of a body's talk ids and the highest number in use in ``year``, from the ids of its talks.

    The prefix is the one of the body's latest numbered talk (any year), so an office's own numbering goes on
    (shanhai-sw's talks are shanhai-2026-NNN); a body with no numbered talk yet uses its own id as the prefix.
    """
    found = sorted((int(m["year"]), int(m["n"]), m["prefix"]) for m in map(_NUMBERED_TALK.match, ids) if m)
    prefix = found[-1][2] if found else committee
    return prefix, max((n for talk_year, n, _ in found if talk_year == year), default=0)


def talk_id(prefix: str, year: int, number: int) -> str:
    """A talk id in the repository's numbering: ``<prefix>-<year>-NNN``."""
    return f"{prefix}-{year}-{number:03d}"
