"""What ``talkdocs init`` asks: the conducting body's id, name, kind and current term, each checked the way the
schemas check it, with the placeholder written when nobody answered (no terminal, no option).

A placeholder is a valid value (the new repository passes ``talkdocs check`` at once) that is plainly not the
office's own; every line that holds one is marked with :data:`MARK` so that the office finds them again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from generator.model import catalog
from generator.model.repository import APPOINTED_KINDS
from generator.schema import loader as schema_loader

MARK = "待填写"  # the comment on every line that holds a placeholder


class AnswerError(ValueError):
    """An answer the records could not hold; the message is Chinese and says what to write."""


@dataclass(frozen=True)
class Question:
    """One thing ``init`` needs: its option, the prompt, the placeholder and how an answer is checked."""

    key: str
    option: str
    prompt: str
    placeholder: Callable[[dt.date], str]
    parse: Callable[[str], str]
    edit: str  # where to change the placeholder later, said in the closing message
    needed: Callable[[Mapping[str, str]], bool] = lambda _answers: True


def _id(text: str) -> str:
    text = text.strip()
    if not schema_loader.matches(schema_loader.definition("id")["pattern"], text):
        raise AnswerError(f"编号“{text}”无效：只能用小写字母、数字和连字符，以字母或数字开头，"
                          "最长 64 个字符，例如 shanhai-sw")
    return text


def _text(text: str) -> str:
    text = text.strip()
    control = schema_loader.load().control_pattern
    if not text or schema_loader.matches(control, text):
        raise AnswerError("请写一行文字（不能为空，不能含控制字符）")
    return text


def _optional_text(text: str) -> str:
    return _text(text) if text.strip() else ""


def _kind(text: str) -> str:
    text = text.strip()
    kinds = list(catalog.ORG_KIND)
    if text.isascii() and text.isdigit() and 1 <= int(text) <= len(kinds):
        return kinds[int(text) - 1]
    if text in catalog.ORG_KIND:
        return text
    choices = "；".join(f"{k} {v}" for k, v in catalog.ORG_KIND.items())
    raise AnswerError(f"组织类型“{text}”无效，请写其一：{choices}")


def _number(text: str) -> str:
    text = text.strip()
    if not (text.isascii() and text.isdigit() and int(text) >= 1):
        raise AnswerError(f"届次“{text}”无效，请写正整数，例如 8")
    return str(int(text))


def _date(text: str) -> str:
    text = text.strip()
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise AnswerError(f"日期“{text}”无效，请写成 YYYY-MM-DD，例如 2021-09-28") from None
    if not schema_loader.matches(schema_loader.definition("date")["pattern"], day.isoformat()):
        raise AnswerError(f"日期“{text}”超出记录可用的范围（1900-01-01 至 2099-12-31）")
    return day.isoformat()


def _appointed(answers: Mapping[str, str]) -> bool:
    return answers.get("kind") in APPOINTED_KINDS


QUESTIONS: tuple[Question, ...] = (
    Question("name", "--name", "开展谈话的党委（党组）全称，例如 中共山海市委员会",
             lambda _d: "请填写党委（党组）全称", _text, "组织全称 name"),
    Question("short_name", "--short-name", "简称，例如 山海市委（可直接回车略过）",
             lambda _d: "", _optional_text, "简称 short_name"),
    Question("id", "--id", "组织编号（文件名），小写字母、数字和连字符，例如 shanhai-sw",
             lambda _d: "committee", _id, "组织编号 id（同时改文件名和 settings.yaml 的 bodies）"),
    Question("kind", "--kind", "组织类型（写编号或英文名）：" + "；".join(
        f"{n} {k} {v}" for n, (k, v) in enumerate(catalog.ORG_KIND.items(), start=1)),
             lambda _d: "municipal_committee", _kind, "组织类型 kind"),
    Question("approved_by", "--approved-by", "批准设立本党组（党工委）的党委的组织编号，例如 shanhai-sw",
             lambda _d: "approving-committee", _id, "批准设立机关 approved_by（及该党委的记录）", _appointed),
    Question("term", "--term", "本届届次（正整数），例如 8",
             lambda _d: "1", _number, "届次 terms[0].number"),
    Question("term_start", "--term-start", "本届开始日期 YYYY-MM-DD，例如 2021-09-28",
             lambda d: f"{d.year}-01-01", _date, "本届开始日期 terms[0].start"),
)


@dataclass(frozen=True)
class Answers:
    """Every answer ``init`` writes, and which of them are placeholders."""

    values: Mapping[str, str]
    placeholders: frozenset[str] = field(default_factory=frozenset)

    def __getitem__(self, key: str) -> str:
        return self.values.get(key, "")

    def is_placeholder(self, key: str) -> bool:
        """Whether ``key`` holds a placeholder the office must replace."""
        return key in self.placeholders

    @property
    def appointed(self) -> bool:
        """The body is a 党组 or 党工委: its coverage period is the term of the committee that approved it."""
        return _appointed(self.values)

    @property
    def label(self) -> str:
        """The body's short name, else its full name."""
        return self["short_name"] or self["name"]


def question(key: str) -> Question:
    """The question for ``key``."""
    return next(q for q in QUESTIONS if q.key == key)


def collect(given: Mapping[str, str | None], ask: Callable[[Question], str] | None, today: dt.date) -> Answers:
    """The answers: ``given`` (the options), else ``ask`` (a terminal), else the placeholder.

    ``ask`` returns an answer already checked with the question's ``parse`` (it asks again until one passes),
    or "" to take the placeholder.  An option that fails its check raises :class:`AnswerError`.
    """
    values: dict[str, str] = {}
    placeholders: set[str] = set()
    for q in QUESTIONS:
        if not q.needed(values):
            continue
        raw = given.get(q.key)
        if raw is not None:
            try:
                values[q.key] = q.parse(raw)
            except AnswerError as exc:
                raise AnswerError(f"{q.option}：{exc}") from None
            continue
        typed = ask(q) if ask is not None else ""
        if typed:
            values[q.key] = typed
        else:
            values[q.key] = q.placeholder(today)
            if values[q.key]:
                placeholders.add(q.key)
    return Answers(values, frozenset(placeholders))
