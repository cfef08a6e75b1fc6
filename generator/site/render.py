"""Pages → Markdown files: YAML front matter plus one raw HTML block rendered by Jinja2 with autoescape.

Record values never reach Markdown syntax.  Every ``{{ value }}`` in a template passes through
:func:`_finalize`, which escapes HTML (``< > & " '``), removes control characters (Python-Markdown uses
STX/ETX as placeholders) and writes line breaks as ``&#10;``, so the body is one raw HTML block without blank
lines that Python-Markdown passes through untouched: no emphasis, links, ``{: attr_list}`` or HTML from
record text.  Front matter is written with ``yaml.safe_dump``; titles are HTML-escaped there because
Material prints ``page.meta.title`` unescaped.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import jinja2
import yaml
from markupsafe import Markup, escape

from generator.findings import plain
from generator.model import catalog, wording
from generator.model.settings import POLICIES
from generator.site import links

# control characters, and the bidi embeddings, overrides and isolates that could reverse other text on the line
# (records refuse them; git authors and commit messages cannot be refused, so the page drops them)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
_UNUSUAL = re.compile("[\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]")  # the above and line breaks
CATALOGS: Mapping[str, Mapping[str, str]] = {
    "org_kind": catalog.ORG_KIND, "unit": catalog.UNIT, "role": catalog.ROLE, "basis": catalog.BASIS,
    "talk_kind": catalog.TALK_KIND, "trigger": catalog.TRIGGER, "step": catalog.STEP, "area": catalog.AREA,
    "progress": catalog.PROGRESS, "verification": catalog.VERIFICATION, "record_status": catalog.RECORD_STATUS,
    "severity": catalog.SEVERITY, "deadline": catalog.DEADLINE_STATE, "coverage": catalog.COVERAGE_STATE,
    "record_type": catalog.RECORD_TYPE, "out_of_scope_kind": catalog.OUT_OF_SCOPE_KIND,
}


def safe_text(value: object) -> Markup:
    """Any value as HTML text: escaped, without control or bidi-override characters, line breaks as ``&#10;``."""
    if isinstance(value, Markup):
        return value
    text = str(value)
    if _UNUSUAL.search(text) is None:  # nearly every value: one scan, then escaping alone
        return escape(text)
    text = _CONTROL.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    return Markup(str(escape(text)).replace("\n", "&#10;"))


def _finalize(value: object) -> object:
    if value is None:
        return ""
    return safe_text(value)


def cn_date(day: dt.date | None, empty: str = "—") -> str:
    """A date the Chinese way: 2026年4月12日 (``empty`` when there is none)."""
    return wording.cn_date(day, empty)


def label(value: str | None, table: str) -> str:
    """The Chinese label of a record value from the catalog."""
    return catalog.label(CATALOGS[table], value)


@jinja2.pass_context
def url(context: jinja2.runtime.Context, target: str, anchor: str = "") -> str:
    """The relative URL of page ``target`` from the page being rendered."""
    return links.relative(target, context["here"], anchor)


@jinja2.pass_context
def asset_url(context: jinja2.runtime.Context, path: str) -> str:
    """The relative URL of a site file from the page being rendered."""
    return links.asset(path, context["here"])


def percent(value: float) -> str:
    """A share in percent without a needless decimal."""
    return f"{value:.0f}%" if abs(value - round(value)) < 0.05 else f"{value:.1f}%"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The template environment (autoescape on, undefined names are errors)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator.site", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(cn_date=cn_date, label=label, team_role=catalog.role_label, url=url, asset_url=asset_url,
                       percent=percent, text=safe_text)
    env.globals.update(links=links, office=plain, confidential_badge=catalog.CONFIDENTIAL_BADGE, policies=POLICIES,
                       timedelta=lambda days: dt.timedelta(days=days))
    return env


def body(template: str, here: str, context: Mapping[str, Any]) -> str:
    """A page's body: one raw HTML block, one element per line, no blank lines."""
    html = environment().get_template(template).render(here=here, **context)
    lines = [line.strip() for line in html.splitlines()]
    out = "\n".join(line for line in lines if line)
    if not (out.startswith("<div") and out.endswith("</div>")):
        raise ValueError(f"template {template} must render one <div> block")
    return out


def front_matter(meta: Mapping[str, Any]) -> str:
    """YAML front matter; a ``title`` is written HTML-escaped, on one line."""
    data = dict(meta)
    if "title" in data:
        data["title"] = str(escape(" ".join(str(data["title"]).split())))
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=True, default_flow_style=False, width=1_000_000)
    return f"---\n{dumped}---\n\n"


def markdown(meta: Mapping[str, Any], template: str, here: str, context: Mapping[str, Any]) -> str:
    """The whole Markdown file of a page."""
    return front_matter(meta) + body(template, here, context) + "\n"
