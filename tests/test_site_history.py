"""The site shows git history: per-record 修改记录 and an audit page grouped by commit, fields not values."""

from __future__ import annotations

import copy
import os
import subprocess
from pathlib import Path

import world

from generator.site import builder
from generator.site.git_history import site_history

ENV = {**os.environ, "GIT_AUTHOR_NAME": "王审计", "GIT_AUTHOR_EMAIL": "a@example.invalid",
       "GIT_COMMITTER_NAME": "王审计", "GIT_COMMITTER_EMAIL": "a@example.invalid",
       "GIT_AUTHOR_DATE": "2026-06-01T10:00:00+08:00", "GIT_COMMITTER_DATE": "2026-06-01T10:00:00+08:00"}


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "core.hooksPath=/dev/null", *args], cwd=repo, env=ENV, check=True,
                   capture_output=True)


def test_history_reaches_record_pages_and_the_audit_page(tmp_path: Path) -> None:
    records = world.base()
    folder = world.write(tmp_path, records)
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "初始记录")
    records["talks/2026/t1.yaml"]["steps"][2]["summary"] = "秘密内容不应出现"
    world.write(tmp_path, records)
    _git(tmp_path, "commit", "-qam", "更正 t1 的说明")

    history, note = site_history(folder, "summary")
    assert note == ""
    # fields are named by their Chinese titles from the schema
    assert [e.summary for e in history["talks/2026/t1.yaml"]] == ["修改：谈话步骤", "新增记录"]
    builder.build(folder, tmp_path / "site", world.AS_OF, "summary", history=history)
    audit = (tmp_path / "site" / "audit.html").read_text(encoding="utf-8")
    # grouped by commit, the record named by its title and linked to its page, the author as in git
    assert "王审计" in audit and "谈话步骤" in audit and 'href="talks/t1.html"' in audit
    assert audit.count('class="td-commit"') == 2 and "talks/2026/t1.yaml" not in audit
    assert "秘密内容不应出现" not in audit and "更正 t1 的说明" not in audit  # no values, no messages
    talk_page = next((tmp_path / "site" / "talks").glob("t1*"))
    page = (talk_page / "index.html" if talk_page.is_dir() else talk_page).read_text(encoding="utf-8")
    assert "修改记录" in page and "2026年6月1日" in page
    # a talk with a rectification has two histories, each heading saying whose it is
    both = (tmp_path / "site" / "talks" / "t3.html").read_text(encoding="utf-8")
    assert both.count(">谈话记录的修改记录</h2>") == 1 and both.count(">整改记录的修改记录</h2>") == 1
    assert ">修改记录</h2>" not in both


def test_the_site_says_when_history_is_unavailable(tmp_path: Path) -> None:
    folder = world.write(tmp_path, world.base())
    history, note = site_history(folder, "full")
    assert history == {} and "git" in note
    builder.build(folder, tmp_path / "site", world.AS_OF, "full", history=history, history_note=note)
    for page in ("audit.html", "index.html"):
        assert note in (tmp_path / "site" / page).read_text(encoding="utf-8")


def _summary_site_from_git(tmp_path: Path) -> tuple[Path, Path]:
    """A git repository whose history edits a confidential talk, a confidential item of a public talk and a
    public talk; returns (records folder, built summary site) — built by the command an office runs."""
    from generator.cli.app import main

    records = world.base()
    secret = {**copy.deepcopy(records["talks/2026/t3.yaml"]), "id": "tmimi", "date": "2026-10-05", "confidential": True}
    records["talks/2026/tmimi.yaml"] = secret
    records["rectifications/tmimi.yaml"] = {**records["rectifications/t3.yaml"], "talk": "tmimi"}
    records["talks/2026/t1.yaml"]["problems"].append(
        {"id": "q7", "area": "other", "text": "保密问题甲", "confidential": True})
    folder = world.write(tmp_path, records)
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "初始记录")
    secret["steps"][0]["summary"] = "保密谈话的更正"
    world.write(tmp_path, records)
    _git(tmp_path, "commit", "-qam", "更正 tmimi 保密谈话的步骤")
    records["talks/2026/t1.yaml"]["problems"][1]["text"] = "保密问题乙"
    world.write(tmp_path, records)
    _git(tmp_path, "commit", "-qam", "改写保密问题")
    records["talks/2026/t2.yaml"]["steps"][1]["summary"] = "公开的更正"
    world.write(tmp_path, records)
    _git(tmp_path, "commit", "-qam", "更正 t2")
    site = tmp_path / "site"
    assert main(["build", "--records", str(folder), "--site-dir", str(site), "--as-of",
                 world.AS_OF.isoformat(), "--audience", "summary"]) == 0
    return folder, site


def test_summary_site_builds_from_git_without_confidential_history(tmp_path: Path) -> None:
    _folder, site = _summary_site_from_git(tmp_path)
    text = "\n".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    # Nothing about the confidential talk (its path, id, rectification) nor the message of its commit…
    assert "tmimi" not in text and "更正 tmimi" not in text
    # …nor the confidential item's field, and the commit that changed only that item is not listed.
    assert "q7" not in text and "problems[1]" not in text and "改写保密问题" not in text
    audit = (site / "audit.html").read_text(encoding="utf-8")
    # The public history is still there: the public talk's change, and the initial commit's public records.
    assert "谈话步骤" in audit and 'href="talks/t2.html"' in audit and 'href="talks/t1.html"' in audit
    # the initial commit and 更正 t2; not the two about confidential content only
    assert audit.count('class="td-commit"') == 2


def test_full_site_from_the_same_history_shows_and_marks_everything(tmp_path: Path) -> None:
    folder, _site = _summary_site_from_git(tmp_path)
    history, _note = site_history(folder, "full")
    tm = history["talks/2026/tmimi.yaml"]
    assert [e.confidential for e in tm] == [True, False]  # an added file is not read: its path keeps it out
    t1 = history["talks/2026/t1.yaml"]
    assert t1[0].confidential and "指出的问题" in t1[0].summary and "改写保密问题" in t1[0].summary
    assert t1[0].public_summary is not None and "指出的问题" not in t1[0].public_summary
    builder.build(folder, tmp_path / "full", world.AS_OF, "full", history=history)
    audit = (tmp_path / "full" / "audit.html").read_text(encoding="utf-8")
    assert 'href="talks/tmimi.html"' in audit and "更正 tmimi 保密谈话的步骤" in audit


def test_sample_summary_builds_in_its_git_repository(tmp_path: Path) -> None:
    """The issue as an office meets it: the sample in git, its confidential talk edited in a later commit."""
    import shutil

    from generator.cli.app import main

    shutil.copytree(Path(__file__).resolve().parent.parent / "records", tmp_path / "records")
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "示例记录")
    secret = tmp_path / "records" / "talks" / "2026" / "shanhai-2026-017.yaml"
    assert "confidential: true" in secret.read_text(encoding="utf-8")
    secret.write_text(secret.read_text(encoding="utf-8") + "note: 补充说明\n", encoding="utf-8")
    _git(tmp_path, "commit", "-qam", "补充 shanhai-2026-017")
    site = tmp_path / "site"
    assert main(["build", "--records", str(tmp_path / "records"), "--site-dir", str(site),
                 "--audience", "summary", "--as-of", "2026-11-27"]) == 0
    audit = (site / "audit.html").read_text(encoding="utf-8")
    assert "shanhai-2026-017" not in audit and 'href="talks/shanhai-2026-001.html"' in audit


def test_summary_history_of_a_plan_says_nothing_of_an_item_for_a_confidential_org(tmp_path: Path) -> None:
    """A public plan item whose org is confidential: the summary edition's plan page, history, audit page and
    search index name neither the org nor the item, even after the item was edited in a later commit."""
    from generator.cli.app import main

    records = world.base()
    records["orgs/county-x.yaml"] = {"id": "county-x", "name": "中共秘县委员会", "short_name": "秘县委",
                                     "kind": "county_committee", "parent": "city", "confidential": True,
                                     "leaders": [{"person": "la", "from": "2020-01-01", "to": None}]}
    plan = records["plans/city/2026.yaml"]
    plan["items"].append({"id": "p9", "org": "county-x", "talker": "sec", "due": "2026-11-30",
                          "division": "秘县专项安排"})
    folder = world.write(tmp_path, records)
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "初始记录")
    plan["items"][-1]["due"] = "2026-12-20"
    world.write(tmp_path, records)
    _git(tmp_path, "commit", "-qam", "调整秘县委谈话时限")
    site = tmp_path / "site"
    assert main(["build", "--records", str(folder), "--site-dir", str(site), "--as-of",
                 world.AS_OF.isoformat(), "--audience", "summary"]) == 0  # the Art. 16 guard passed too
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*")
                     if p.is_file() and p.suffix in (".html", ".js", ".json", ".xml"))
    for secret in ("秘县委", "中共秘县委员会", "county-x", "秘县专项安排", "调整秘县委谈话时限", "p9"):
        assert secret not in text, secret
    plan_page = (site / "plans" / "city-2026.html").read_text(encoding="utf-8")
    assert "甲县委" in plan_page  # the public items are still there
    audit = (site / "audit.html").read_text(encoding="utf-8")
    assert 'href="plans/city-2026.html"' in audit  # the plan's public history is kept, named by its title
