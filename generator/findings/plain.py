"""A finding in an office worker's words: what is wrong and what to do, named by the rule's Chinese short name
and article.

The rule table's message names the fields it is about in parentheses (``（team_notified_on）``) and its hint says
what to write in the file; both help whoever maintains the records (the CLI prints them), but an office page shows
them apart, in its technical details.  This module gives the office's sentence; the pages put the rest aside.
"""

from __future__ import annotations

import re
import string

from generator.findings.finding import Finding, prose_text
from generator.model.wording import tidy
from generator.rules.table import RULES

# "（team_notified_on）", "（participants / materials_provided）", "（record.file、record.archive_ref）"
_FIELD_NOTE = re.compile(r"（[A-Za-z_][\w.\[\]:]*(?:\s*[/、,，:]\s*[A-Za-z_][\w.\[\]]*)*）")
_FORM_GROUPS = ("input", "schema", "reference")  # rules about how a file is written, not about the work


class _Params(dict[str, object]):
    def __missing__(self, key: str) -> str:  # an action that names a value the finding did not keep
        return ""


def short_name(rule_id: str) -> str:
    """The rule's Chinese short name ("整改措施期限"), or the id for a rule the table does not know."""
    rule = RULES.get(rule_id)
    return rule.short if rule is not None and rule.short else rule_id


_RULE_ID = re.compile(r"\b[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+\b")


def with_short_names(text: str) -> str:
    """``text`` with each rule id it names replaced by the rule's short name: "（A5-PLAN-EXISTS）" → "（年度计划）"."""
    return _RULE_ID.sub(lambda m: short_name(m.group()) if m.group() in RULES else m.group(), text)


def rule_label(f: Finding) -> str:
    """The rule as an office page names it: "整改措施期限（第十一条第一款）"."""
    return f"{short_name(f.rule)}（{f.article}）" if f.article else short_name(f.rule)


def plain_message(message: str) -> str:
    """The message without the field names it mentions in parentheses."""
    return tidy(_FIELD_NOTE.sub("", message)).rstrip("。")


def action(f: Finding) -> str:
    """What the office does about the finding (the rule table's action for its variant)."""
    rule = RULES.get(f.rule)
    if rule is None:
        return ""
    variant = str(dict(f.data).get("variant", "default"))
    text = rule.variants.get(variant)
    if text is None or not text.action:
        return ""
    return tidy(string.Formatter().vformat(text.action, (), _Params(f.data)))


def sentence(f: Finding) -> str:
    """What is wrong and what to do, as one or two sentences: "整改措施期限为…，已逾期49天仍未提交。请督促…".

    A finding about how a file is written (its encoding, YAML, a field, a reference) names only the rule: its
    message is about the file, and the technical details say what to change."""
    todo = action(f)
    rule = RULES.get(f.rule)
    if rule is None or rule.group in _FORM_GROUPS:
        return f"该记录文件的“{short_name(f.rule)}”不符合要求。{todo}"
    # the report wording (issue 12's prose: no ids, no field names) where the rule has one, else the message
    said = plain_message(prose_text(f))
    return f"{said}。{todo}" if todo else f"{said}。"
