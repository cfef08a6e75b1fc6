"""The A16 guard: after a summary build, look for left-out text in every file of the output.

Leaving confidential content out is :func:`generator.model.audience.select`'s job; this is the check that it
worked, made independently of it: the texts to look for are read from the ``confidential`` marks of the full
repository (:func:`left_out`).
Files are read the way a person or a program would find the text again: HTML entities and JSON ``\\uXXXX``
escapes decoded, gzip files unpacked, the zero-width spaces that the search plugin puts between Chinese
words removed; the downloads too (:mod:`.downloads`): Word and Excel files unzipped and their XML read as
text, iCalendar files with folded lines joined and text escapes undone.
"""

from __future__ import annotations

import contextlib
import gzip
import html
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from generator.findings import finding as F
from generator.model import catalog
from generator.model.repository import (
    Archive,
    Entry,
    Org,
    Person,
    Plan,
    PlanItem,
    Rectification,
    Repository,
    Talk,
    Unit,
)

MIN_LENGTH = 4  # shorter texts (e.g. 已完成) also occur as labels and would stop a good build
_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})|\\([\"\\/bfnrt])")
_JSON_SIMPLE = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_SPACE = re.compile(r"\s+")
_ZIP_SUFFIXES = (".docx", ".xlsx", ".pptx", ".zip", ".odt", ".ods")
# A paragraph, table cell, shared string or line break ends a piece of text; other tags (runs) only split one.
_XML_BREAK = re.compile(r"</(?:w:p|w:tc|si|is|c|row|a:p|text:p|table:table-cell)>|<w:(?:br|cr|tab)\b[^>]*/>")
_XML_TAG = re.compile(r"<[^>]*>")
_ICS_FOLD = re.compile(r"\r?\n[ \t]")
_ICS_FOLD_BYTES = re.compile(rb"\r?\n[ \t]")
_ICS_ESCAPE = re.compile(r"\\([\\;,nN])")
# Fields that hold ids, codes or paths, not text.
_SKIP = frozenset({"id", "path", "kind", "key", "unit", "area", "ref", "status", "committee", "parent", "approved_by",
                   "org", "talker", "interviewee_org", "interviewees", "plan_item", "talk", "file", "proposed_by",
                   "basis", "person", "role", "by", "result"})


def _strings(obj: object) -> Iterator[str]:
    """Every free-text value of a record object, recursively (ids, codes and dates are not texts)."""
    if isinstance(obj, (Org, Person, Plan, PlanItem, Talk, Rectification, Entry, Unit, Archive)):
        for f in fields(obj):
            if f.name in _SKIP:
                continue
            yield from _strings(getattr(obj, f.name))
    elif isinstance(obj, str):
        yield obj
    elif isinstance(obj, tuple):
        for item in obj:
            yield from _strings(item)
    elif obj is not None and hasattr(obj, "__dataclass_fields__"):  # Verification, Term, Tenure
        for f in fields(obj):  # type: ignore[arg-type]
            if f.name not in _SKIP:
                yield from _strings(getattr(obj, f.name))


@dataclass(frozen=True)
class Secrets:
    """What must not appear in a summary build."""

    texts: frozenset[str]  # free texts, found anywhere
    ids: frozenset[str]  # ids of confidential talks, found as whole ids (not inside a longer id)


def _split(record: object) -> tuple[set[str], set[str]]:
    """(public texts, confidential texts) of one record, by its own and its items' ``confidential`` marks."""
    public: set[str] = set()
    secret: set[str] = set()
    if getattr(record, "confidential", False):
        secret.update(_strings(record))
        return public, secret
    for f in fields(record):  # type: ignore[arg-type]
        value = getattr(record, f.name)
        items = value if isinstance(value, tuple) else (value,)
        for item in items:
            strings = [] if f.name in _SKIP else list(_strings(item))
            (secret if getattr(item, "confidential", False) else public).update(strings)
    return public, secret


def left_out(full: Repository) -> Secrets:
    """What a summary build of ``full`` must not contain, read from the ``confidential`` marks themselves.

    This does not use :func:`generator.model.audience.without_confidential`, so a mistake there is caught.
    Texts that also occur unmarked elsewhere, or as labels, or that are too short to search for are not
    listed; ids of confidential talks are (as whole ids).
    """
    labels = {normalize(v) for table in (catalog.ORG_KIND, catalog.UNIT, catalog.TRIGGER, catalog.STEP,
                                         catalog.AREA, catalog.PROGRESS, catalog.VERIFICATION) for v in table.values()}
    public: set[str] = set()
    secret: set[str] = set()
    for group in (full.orgs, full.people, full.plans, full.talks, full.rectifications):
        for record in group.values():
            shown, hidden = _split(record)
            public |= {normalize(t) for t in shown}
            secret |= {normalize(t) for t in hidden}
    texts_ = {t for t in secret - public - labels if len(t) >= MIN_LENGTH}
    return Secrets(frozenset(texts_), frozenset(t.id for t in full.talks.values() if t.confidential))


def normalize(text: str) -> str:
    """Text as searched for: zero-width spaces removed, whitespace runs as one space."""
    return _SPACE.sub(" ", text.replace("\u200b", "")).strip()


def _json_unescape(text: str) -> str:
    def one(m: re.Match[str]) -> str:
        if m.group(1):
            return chr(int(m.group(1), 16))
        return _JSON_SIMPLE.get(m.group(2), m.group(2))
    return _JSON_ESCAPE.sub(one, text)


def _xml_text(xml: str) -> str:
    """The text of an Office XML part as Word or Excel shows it: runs of one paragraph or cell joined, a space
    between paragraphs, cells and line breaks, character references (openpyxl writes CJK as ``&#...;``) decoded."""
    xml = _XML_BREAK.sub(" ", xml)
    return html.unescape(_XML_TAG.sub("", xml))


def _zip_text(raw: bytes) -> str:
    """Every XML part of an Office file (.docx, .xlsx), as text and as written; "" when it is not a zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            parts = [archive.read(info) for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, OSError, EOFError):
        return ""
    texts = [part.decode("utf-8", errors="replace") for part in parts]
    return "\n".join(normalize(_xml_text(t)) + "\n" + normalize(html.unescape(t)) for t in texts)


def _ics_text(text: str) -> str:
    """An iCalendar file as a client shows it: folded lines joined (RFC 5545 §3.1), text escapes undone (§3.3.11)."""
    unfolded = _ICS_FOLD.sub("", text)
    return _ICS_ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), unfolded)


def readable(raw: bytes, name: str) -> str:
    """A file's content as text with every encoding layer a reader could undo, undone."""
    lower = name.lower()
    if lower.endswith(".gz"):
        with contextlib.suppress(OSError, EOFError):  # not really gzip: read it as it is
            raw = gzip.decompress(raw)
    if lower.endswith(_ZIP_SUFFIXES) or raw.startswith(b"PK\x03\x04"):
        opened = _zip_text(raw)
        if opened:
            return opened
    if lower.endswith(".ics"):
        raw = _ICS_FOLD_BYTES.sub(b"", raw)  # before decoding: a fold may fall inside a character's bytes
    text = raw.decode("utf-8", errors="replace")
    if lower.endswith(".ics"):
        text = _ics_text(text)
    return normalize(html.unescape(_json_unescape(text))) + "\n" + normalize(html.unescape(text))


def _trie_regex(words: Iterable[str]) -> str:
    """One regular expression for many literal words, shaped as a prefix tree.

    A flat ``a|b|c…`` of thousands of texts makes the regex engine try each at every position; a tree
    shares the work of common prefixes, which keeps the scan of a large site practical.
    """
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        ends = "" in node
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return emit(trie)


def _pattern(secrets: Secrets) -> re.Pattern[str] | None:
    parts = []
    texts_ = {normalize(s) for s in secrets.texts if s}
    if texts_:
        parts.append(_trie_regex(texts_))
    parts += [rf"(?<![a-z0-9-]){re.escape(i)}(?![a-z0-9-])" for i in sorted(secrets.ids)]
    return re.compile("|".join(parts)) if parts else None


def scan(site_dir: Path, secrets: Secrets) -> list[tuple[str, str]]:
    """(file relative to ``site_dir``, text found) for every left-out text found in the output."""
    pattern = _pattern(secrets)
    if pattern is None:
        return []
    found = []
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(site_dir).as_posix()
        match = pattern.search(readable(path.read_bytes(), path.name))
        if match:
            found.append((rel, match.group(0)))
    return found


def check(site_dir: Path, full: Repository) -> list[F.Finding]:
    """A16-CONFIDENTIAL findings for a summary build of ``full`` in ``site_dir`` (empty when nothing leaked)."""
    return [F.make("A16-CONFIDENTIAL", "", file=rel) for rel, _text in scan(site_dir, left_out(full))]
