"""``talkdocs calendar``: exactly the open deadlines, as all-day events with stable UIDs and reminders."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import icalendar
import pytest
import world

from generator.cli.app import main

CANARY_TALK = "canary-talk"
CANARY_NAME = "金丝雀甲乙丙"


def _world() -> dict[str, Any]:
    """The clean world (every deadline met) plus known open ones.

    Open on 2026-11-27: t3's status report (removed), t4's three Art. 11 reports (no rectification yet), plan
    item p3 (no talk), the 2027 plan (missing; a finding from 2027-04-01), and the running term's end
    (2024-01-01 + 5 years, estimated).  Met and dropped: t1 and t2 (t2's measures came in late: still met),
    t3's measures and 思想认识 report, plan items p1 and p2, the 2026 plan.
    """
    records = world.base()
    del records["rectifications/t3.yaml"]["status_report_on"]
    records["talks/2026/t4.yaml"] = {**copy.deepcopy(records["talks/2026/t3.yaml"]), "id": "t4",
                                     "date": "2026-11-02", "interviewee": "la", "interviewee_org": "county-a"}
    records["plans/city/2026.yaml"]["items"].append(
        {"id": "p3", "org": "county-a", "talker": "sec", "due": "2026-12-31", "division": "市委办公室牵头"})
    records["rectifications/t2.yaml"]["measures_submitted_on"] = "2026-06-25"  # late, but submitted
    return records


EXPECTED = {
    "status.t3@talkdocs", "measures.t4@talkdocs", "reflection.t4@talkdocs", "status.t4@talkdocs",
    "plan_item.city-2026.p3@talkdocs", "plan_missing.city.2027@talkdocs", "term_end.city.1@talkdocs",
}


def _calendar(tmp_path: Path, records: dict[str, Any], *extra: str, name: str = "out.ics",
              as_of: str = "2026-11-27") -> bytes:
    folder = world.write(tmp_path, records)
    target = tmp_path / name
    assert main(["calendar", "--records", str(folder), "--as-of", as_of, "-o", str(target), "--force", *extra]) == 0
    return target.read_bytes()


def _events(data: bytes) -> dict[str, Any]:
    cal = icalendar.Calendar.from_ical(data)
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


def test_holds_exactly_the_open_deadlines(tmp_path: Path) -> None:
    events = _events(_calendar(tmp_path, _world()))
    assert set(events) == EXPECTED


def test_a_clean_world_has_only_the_next_plan_and_the_term_end(tmp_path: Path) -> None:
    events = _events(_calendar(tmp_path, world.base()))
    assert set(events) == {"plan_missing.city.2027@talkdocs", "term_end.city.1@talkdocs"}


def test_registering_a_report_removes_its_event(tmp_path: Path) -> None:
    records = _world()
    records["rectifications/t3.yaml"]["status_report_on"] = "2026-11-25"
    assert set(_events(_calendar(tmp_path, records))) == EXPECTED - {"status.t3@talkdocs"}


def test_events_are_all_day_on_the_due_day_with_a_reminder_and_chinese_text(tmp_path: Path) -> None:
    data = _calendar(tmp_path, _world())
    cal = icalendar.Calendar.from_ical(data)
    assert str(cal["X-WR-TIMEZONE"]) == "Asia/Shanghai"
    events = _events(data)
    for uid, event in events.items():
        start, end = event["DTSTART"].dt, event["DTEND"].dt
        assert type(start) is dt.date and end == start + dt.timedelta(days=1), uid
        alarms = event.walk("VALARM")
        assert len(alarms) == 1 and alarms[0]["TRIGGER"].dt < dt.timedelta(0), uid
        assert "《办法》第" in str(event["DESCRIPTION"]) and "应办事项：" in str(event["DESCRIPTION"]), uid
    assert b"DTSTART;VALUE=DATE:20261202" in data  # t4 on 11-02: measures due one calendar month later
    t4 = events["measures.t4@talkdocs"]
    assert "t4" in str(t4["SUMMARY"]) and "第十一条第一款" in str(t4["DESCRIPTION"])
    assert "提交整改措施" in str(t4["DESCRIPTION"])
    assert events["status.t4@talkdocs"]["DTSTART"].dt == dt.date(2027, 2, 2)
    assert "第十一条第二款" in str(events["status.t4@talkdocs"]["DESCRIPTION"])
    assert events["reflection.t4@talkdocs"]["DTSTART"].dt == dt.date(2026, 12, 2)
    assert events["plan_item.city-2026.p3@talkdocs"]["DTSTART"].dt == dt.date(2026, 12, 31)
    # The day the missing 2027 plan becomes a finding: the day after plan_missing_after (03-31).
    assert events["plan_missing.city.2027@talkdocs"]["DTSTART"].dt == dt.date(2027, 4, 1)
    not_yet = events["status.t3@talkdocs"]
    assert not_yet["DTSTART"].dt == dt.date(2027, 1, 1) and "已逾期" not in str(not_yet["DESCRIPTION"])


def test_an_overdue_deadline_stays_marked_overdue(tmp_path: Path) -> None:
    records = _world()
    records["talks/2026/t3.yaml"]["date"] = "2026-07-01"
    records["rectifications/t3.yaml"]["measures_submitted_on"] = "2026-07-20"
    records["rectifications/t3.yaml"]["reflection_submitted_on"] = "2026-07-20"
    records["talks/2026/t3.yaml"]["distribution"] = [{"unit": "discipline", "on": "2026-07-25"},
                                                      {"unit": "organization", "on": "2026-07-25"}]
    event = _events(_calendar(tmp_path, records))["status.t3@talkdocs"]
    assert event["DTSTART"].dt == dt.date(2026, 10, 1)
    assert "已逾期 57 天（截至2026年11月27日）" in str(event["DESCRIPTION"])


def test_estimated_term_end_is_marked_and_a_recorded_one_is_not(tmp_path: Path) -> None:
    estimated = _events(_calendar(tmp_path, world.base()))["term_end.city.1@talkdocs"]
    assert estimated["DTSTART"].dt == dt.date(2028, 12, 31)
    assert "推算" in str(estimated["SUMMARY"]) and "按5年推算" in str(estimated["DESCRIPTION"])
    records = world.base()
    records["orgs/city.yaml"]["terms"][0]["end"] = "2028-06-30"
    recorded = _events(_calendar(tmp_path, records, name="b.ics"))["term_end.city.1@talkdocs"]
    assert recorded["DTSTART"].dt == dt.date(2028, 6, 30) and "推算" not in str(recorded["SUMMARY"])


def test_same_input_same_bytes_and_dtstamp_from_the_as_of_date(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = _calendar(tmp_path, _world(), name="a.ics")
    second = _calendar(tmp_path, _world(), name="b.ics")
    assert first == second
    assert b"DTSTAMP:20261127T040000Z" in first
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    assert b"DTSTAMP:20270115T080000Z" in _calendar(tmp_path, _world(), name="c.ics")


def test_uids_survive_an_unrelated_edit_and_a_changed_date(tmp_path: Path) -> None:
    before = _events(_calendar(tmp_path, _world(), name="a.ics"))
    records = _world()
    records["people/la.yaml"]["name"] = "李甲改"  # text in the summary changes
    records["talks/2026/t4.yaml"]["date"] = "2026-11-05"  # the due dates move
    records["people/extra.yaml"] = {"id": "extra", "name": "无关人员"}
    after = _events(_calendar(tmp_path, records, name="b.ics"))
    assert set(after) == set(before) == EXPECTED
    assert after["measures.t4@talkdocs"]["DTSTART"].dt == dt.date(2026, 12, 5)
    assert "李甲改" in str(after["measures.t4@talkdocs"]["SUMMARY"])


def _with_canary() -> dict[str, Any]:
    records = _world()
    records["people/canary.yaml"] = {"id": "canary", "name": CANARY_NAME, "confidential": True}
    records["orgs/county-a.yaml"]["leaders"] = [{"person": "la", "from": "2020-01-01", "to": "2026-11-09"},
                                                {"person": "canary", "from": "2026-11-10", "to": None,
                                                 "confidential": True}]
    records[f"talks/2026/{CANARY_TALK}.yaml"] = {
        **copy.deepcopy(records["talks/2026/t3.yaml"]), "id": CANARY_TALK, "date": "2026-11-20",
        "interviewee": "canary", "interviewee_org": "county-a", "confidential": True}
    return records


def test_summary_calendar_leaves_out_confidential_deadlines(tmp_path: Path) -> None:
    full = _calendar(tmp_path, _with_canary(), name="full.ics")
    summary = _calendar(tmp_path, _with_canary(), "--audience", "summary", name="summary.ics")
    full_events = _events(full)
    assert f"measures.{CANARY_TALK}@talkdocs" in full_events
    assert str(full_events[f"measures.{CANARY_TALK}@talkdocs"]["CLASS"]) == "CONFIDENTIAL"
    assert CANARY_NAME in full.decode().replace("\r\n ", "")
    assert CANARY_TALK.encode() not in summary
    assert CANARY_NAME not in summary.decode().replace("\r\n ", "")
    assert set(_events(summary)) == EXPECTED


def test_a_confidential_plan_is_not_reported_missing_in_the_summary(tmp_path: Path) -> None:
    records = _world()
    records["plans/city/2027.yaml"] = {**copy.deepcopy(records["plans/city/2026.yaml"]), "year": 2027,
                                       "confidential": True, "approved_on": "2026-11-20"}
    for item in records["plans/city/2027.yaml"]["items"]:
        item["due"] = item["due"].replace("2026", "2027")
    summary = _events(_calendar(tmp_path, records, "--audience", "summary"))
    assert "plan_missing.city.2027@talkdocs" not in summary
    assert not any(uid.startswith("plan_item.city-2027") for uid in summary)


def test_committee_option_and_unknown_committee(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    events = _events(_calendar(tmp_path, _world(), "--committee", "city"))
    assert set(events) == EXPECTED
    folder = world.write(tmp_path, _world())
    code = main(["calendar", "--records", str(folder), "--as-of", "2026-11-27", "--committee", "nowhere",
                 "-o", str(tmp_path / "x.ics")])
    assert code == 2
    err = capsys.readouterr().err
    assert "“nowhere”不是本记录库中开展谈话的党委（党组）的组织编号" in err and "city" in err
    assert not (tmp_path / "x.ics").exists()


def test_refuses_the_records_folder_and_an_existing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = world.write(tmp_path, _world())
    assert main(["calendar", "--records", str(folder), "-o", str(folder / "x.ics")]) == 2
    assert "不能把日历文件写入记录文件夹" in capsys.readouterr().err
    (tmp_path / "old.ics").write_text("keep", encoding="utf-8")
    assert main(["calendar", "--records", str(folder), "-o", str(tmp_path / "old.ics")]) == 2
    assert "已存在，未覆盖" in capsys.readouterr().err
    assert (tmp_path / "old.ics").read_text(encoding="utf-8") == "keep"
