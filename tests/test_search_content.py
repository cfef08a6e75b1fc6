"""What the search index holds for the record pages: their texts, cut into the words a reader expects."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

from generator.site import builder

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "records"
AS_OF = dt.date(2026, 11, 27)


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    site = tmp_path_factory.mktemp("search") / "site"
    builder.build(RECORDS, site, AS_OF)
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    separator = re.compile(index["config"]["separator"])
    for doc in index["docs"]:
        doc["words"] = {w for w in separator.split(doc["title"] + " " + doc["text"]) if w}
    return list(index["docs"])


def _found(docs: list[dict[str, Any]], word: str) -> set[str]:
    return {d["location"] for d in docs if word in d["words"]}


def test_problems_measures_and_triggers_are_found_at_their_section(docs: list[dict[str, Any]]) -> None:
    assert "talks/shanhai-2026-002.html#problems" in _found(docs, "人居")
    assert "talks/shanhai-2026-002.html#triggers" in _found(docs, "通报批评")
    assert "talks/shanhai-2026-002.html#measures" in _found(docs, "包片")
    assert "talks/shanhai-2026-002.html#verification" in _found(docs, "实地")


def test_a_word_never_matches_a_different_word_sharing_a_character(docs: list[dict[str, Any]]) -> None:
    rectify, reform = _found(docs, "整改"), _found(docs, "改革")
    assert rectify and not rectify & {d["location"] for d in docs if "整改" not in d["text"] + d["title"]}
    assert all("改革" in d["text"].replace("\u200b", "") for d in docs if d["location"] in reform)
    petitions, info = _found(docs, "信访"), _found(docs, "信息")
    assert petitions and info and petitions != info
    # 信息共享不畅 (talk 0xx, problem q2) holds 信息, not 信访
    sharing = {d["location"] for d in docs if "信息共享" in d["text"].replace("\u200b", "")}
    assert sharing and not sharing & {loc for loc in petitions if loc in sharing
                                       and "信访" not in next(d for d in docs if d["location"] == loc)["text"]}


def test_confidential_sections_are_tagged(docs: list[dict[str, Any]]) -> None:
    secret = [d for d in docs if "CANARY" in d["text"]]
    assert secret and all(d.get("tags") == ["保密"] for d in secret)
