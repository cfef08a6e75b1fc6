"""Records as office pages name them: each record file's title and page, and the archived documents the site
carries.

The audit page, the dashboard's latest changes, the findings list and the accountability leads name a record by
its title ("shanhai-2026-016：山海港务集团党委 宋涛"), linked to its page, never by its YAML path.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from generator.load import layout
from generator.model.repository import Repository, Talk
from generator.site import links


def talk_title(talk: Talk, org_label: Callable[[str], str], person_name: Callable[[str], str]) -> str:
    """A talk's page title: its id, the interviewee's org and name."""
    return f"{talk.id}：{org_label(talk.interviewee_org)} {person_name(talk.interviewee)}"


def titles_by_path(repo: Repository, org_label: Callable[[str], str],
                   person_name: Callable[[str], str]) -> Mapping[str, tuple[str, str]]:
    """Record file (relative to the records folder) → (title, page) for every record the view shows."""
    out: dict[str, tuple[str, str]] = {layout.SETTINGS_FILE: ("仓库设置", links.RULES)}
    for talk in repo.talks.values():
        out[talk.path] = (talk_title(talk, org_label, person_name), links.talk(talk.id))
    for rect in repo.rectifications.values():
        subject = repo.talks.get(rect.talk)
        if subject is not None:
            out[rect.path] = (f"{talk_title(subject, org_label, person_name)} 的整改", links.talk(rect.talk))
    for org in repo.orgs.values():
        out[org.path] = (org.name, links.org(org.id))
    for person in repo.people.values():
        out[person.path] = (person.name, links.person(person.id))
    for plan in repo.plans.values():
        title = f"{org_label(plan.committee)}{plan.year}年度定期谈话计划"
        out[plan.path] = (title, links.plan(plan.committee, plan.year))
    return out


def archived_files(repo: Repository) -> tuple[str, ...]:
    """The archived documents the site carries: those the shown records name, the repository has, and of a kind
    the site serves as a file (:func:`generator.site.links.archive`)."""
    named = [t.record.file for t in repo.talks.values() if t.record is not None and t.record.file]
    named += [d.file for r in repo.rectifications.values() for d in r.documents if d.file]
    return tuple(sorted({f for f in named if f in repo.files and links.archive(f)}))
