"""Under ``serve`` the site's downloads are made again only when what they are made from changed
(:class:`generator.site.downloads.Memo`): after one record edit, the files are byte for byte those a fresh
build makes, the reports the edit does not reach are reused, and the one it reaches is made again."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.cli.app import main
from generator.engine.checker import check
from generator.model import audience as audiences
from generator.site import downloads, links
from generator.site.pages import plan_site

AS_OF = dt.date(2026, 11, 27)


def _downloads(records: Path, audience: str, memo: downloads.Memo | None) -> dict[str, bytes]:
    result = check(records, AS_OF)
    view = audiences.select(result, audience, records)
    _site, pages, _nav = plan_site(view, result.context, records)
    reports = [p.context["report"] for p in pages if "report" in p.context]
    made = downloads.site_files(view, result.context, reports, result.repository.plans.keys(), 1, memo)
    return {d.path: d.data for d in made}


def test_serve_makes_again_only_the_downloads_an_edit_reaches(tmp_path: Path) -> None:
    assert main(["demo", "--scale", "200", "--out", str(tmp_path / "demo")]) == 0
    records = tmp_path / "demo/records"
    for audience in ("full", "summary"):
        memo = downloads.Memo()
        first = _downloads(records, audience, memo)
        reports = [p for p in first if p.endswith(".docx")]
        assert len(reports) >= 3  # several bodies: the edit reaches one of them
        talk = records / "talks/2026/fengcheng-2026-003.yaml"
        text = talk.read_text(encoding="utf-8")
        edited = text.replace('date: "2026-06-28"', 'date: "2026-06-29"', 1)  # the report lists talk dates
        assert edited != text
        talk.write_text(edited, encoding="utf-8")
        try:
            memo.reused = []
            again = _downloads(records, audience, memo)
            assert again == _downloads(records, audience, None)  # what a fresh build makes
            changed = links.report_docx("fengcheng-sw", 2026)
            assert again[changed] != first[changed]  # the edited talk's body: its report made again
            # every other report reused (the ledger and the calendar may or may not be)
            assert sorted(k for k in memo.reused if k.endswith(".docx")) == sorted(set(reports) - {changed})
        finally:
            talk.write_text(text, encoding="utf-8")


def test_serve_makes_the_deadline_calendar_again_only_when_its_deadlines_change(tmp_path: Path) -> None:
    assert main(["demo", "--scale", "200", "--out", str(tmp_path / "demo")]) == 0
    records = tmp_path / "demo/records"
    memo = downloads.Memo()
    first = _downloads(records, "full", memo)
    talk = records / "talks/2026/fengcheng-2026-003.yaml"
    text = talk.read_text(encoding="utf-8")
    talk.write_text(text.replace("summary: ", "summary: 补记一句", 1), encoding="utf-8")  # no deadline moves
    memo.reused = []
    again = _downloads(records, "full", memo)
    assert links.CALENDAR_FILE in memo.reused and again[links.CALENDAR_FILE] == first[links.CALENDAR_FILE]
    rect = next((records / "rectifications").rglob("*.yaml"))
    rect.unlink()  # its measures' deadlines are no longer open ones of a recorded rectification
    memo.reused = []
    third = _downloads(records, "full", memo)
    assert third == _downloads(records, "full", None)  # what a fresh build makes
    assert links.CALENDAR_FILE not in memo.reused and third[links.CALENDAR_FILE] != first[links.CALENDAR_FILE]
