"""Where each page of the site lives, and relative links between pages.

Pages are written as ``<path>.md`` under the generated docs folder and built to ``<path>.html`` (Material's
offline plugin turns directory URLs off, so the site also works when opened from the file system).  Links
inside record content are written as raw HTML, which MkDocs does not rewrite: they are computed here as
paths relative to the linking page, and :mod:`generator.site.crawl` checks that every one resolves.

Record ids match ``^[a-z0-9][a-z0-9-]{0,63}$`` (schema), so they are safe as file names.
"""

from __future__ import annotations

import json
import posixpath
import re
from functools import lru_cache

HOME = "index"
COVERAGE = "coverage/index"
PLANS = "plans/index"
TALKS = "talks/index"
RECTIFICATIONS = "rectifications"
ORGS = "orgs/index"
PEOPLE = "people/index"
FINDINGS = "findings"
RULES = "rules"
ACCOUNTABILITY = "accountability"
ROLLUP = "rollup"
REPORTS = "reports/index"
AUDIT = "audit"
# Files the site offers for download (:mod:`generator.site.downloads`), relative to the site folder.
LEDGER_FILE = "downloads/ledger.xlsx"
CALENDAR_FILE = "downloads/deadlines.ics"


def talk(talk_id: str) -> str:
    """The page of one talk."""
    return f"talks/{talk_id}"


def org(org_id: str) -> str:
    """The page of one organization."""
    return f"orgs/{org_id}"


def person(person_id: str) -> str:
    """The page of one person."""
    return f"people/{person_id}"


def plan(committee: str, year: int) -> str:
    """The page of one body's annual plan."""
    return f"plans/{committee}-{year}"


def coverage(body: str, term: int) -> str:
    """The coverage matrix of one body in one term."""
    return f"coverage/{body}-{term}"


def report(committee: str, year: int) -> str:
    """The annual report of one body for one year."""
    return f"reports/{committee}-{year}"


def report_docx(committee: str, year: int) -> str:
    """The Word file of one annual report (a file of the site, not a page)."""
    return f"downloads/reports/{committee}-{year}.docx"


def report_print(committee: str, year: int) -> str:
    """The print view of one annual report: a standalone HTML file without the site's navigation."""
    return f"downloads/reports/{committee}-{year}-print.html"


def source(page: str) -> str:
    """The Markdown file of a page, relative to the docs folder."""
    return f"{page}.md"


def built(page: str) -> str:
    """The HTML file of a page, relative to the site folder."""
    return f"{page}.html"


@lru_cache(maxsize=1 << 16)  # a province's site computes the same few hundred thousand links again and again
def relpath(path: str, start: str) -> str:
    """``posixpath.relpath`` for paths inside the site (relative, no ``..``), without its two ``abspath``
    calls, which took 2 of 27 profiled seconds of rendering the 10k demo's 8,000 pages."""
    parts = [p for p in path.split("/") if p and p != "."]
    base = [p for p in start.split("/") if p and p != "."]
    common = 0
    for a, b in zip(parts, base, strict=False):  # the shorter one ends the common part
        if a != b:
            break
        common += 1
    rest = [".."] * (len(base) - common) + parts[common:]
    return "/".join(rest) if rest else "."


def relative(target: str, here: str, anchor: str = "") -> str:
    """The URL of page ``target`` as written on page ``here`` (both page paths as above)."""
    url = relpath(built(target), posixpath.dirname(built(here)))
    return f"{url}#{anchor}" if anchor else url


def asset(path: str, here: str) -> str:
    """The URL of a file under the site folder (e.g. ``assets/…``) as written on page ``here``."""
    return relpath(path, posixpath.dirname(built(here)))


# Archived documents (records/files/…) the site carries, so that a talk page links to its record or scan.
# Web pages, scripts and styles are left out: the site would serve them as its own pages.
ARCHIVE_SUFFIXES = frozenset({".pdf", ".ofd", ".txt", ".doc", ".docx", ".wps", ".xls", ".xlsx", ".et", ".jpg",
                              ".jpeg", ".png", ".tif", ".tiff", ".zip"})


def archive(file: str) -> str:
    """The site path of an archived document (``files/2026/x.pdf``: the same path as under the records folder),
    or "" for a kind of file the site does not carry."""
    return file if file.startswith("files/") and posixpath.splitext(file)[1].lower() in ARCHIVE_SUFFIXES else ""


def root_relative(html: str, prefix: str = "/") -> str:
    """A page at the site root (404.html) with its root-absolute ``href``/``src`` (``/assets/…`` or, under a
    ``site_url`` path, ``/talkdocs/assets/…``) and Material's ``"base"`` and ``"search"`` made relative to the root.

    A server shows this page for any missing address, ``/talks/2026/x.html`` too, where links relative to the
    root would point below ``/talks/2026/``: over http(s) a script at the top of ``<head>`` sets the document's
    base to the site root (``prefix``) before any style sheet is fetched, and a second one, after Material's
    configuration, points its base there too (Material resolves it against the address, not the document's
    base).  Opened from disk, nothing is changed and the relative links hold."""
    prefix = prefix if prefix.endswith("/") else prefix + "/"
    rooted = re.compile(r'(\b(?:href|src)=")' + re.escape(prefix) + r"(?!/)")
    html = rooted.sub(r"\1./", html)
    html = re.sub(r'"search":\s*"' + re.escape(prefix) + r"(?!/)", '"search": "./', html)
    html = re.sub(r'"base":\s*"' + re.escape(prefix.rstrip("/") or "/") + '"', '"base": "."', html)
    root = json.dumps(prefix).replace("<", "\\u003c")
    html = html.replace('<meta charset="utf-8">', '<meta charset="utf-8">' + _SERVER_BASE.format(root=root), 1)
    return re.sub(r'(<script id="__config"[^>]*>.*?</script>)', lambda m: m.group(1) + _CONFIG_BASE, html,
                  count=1, flags=re.S)


_SERVER_BASE = ('<script>(function(){{if(/^https?:$/.test(location.protocol)){{var b=document.createElement("base");'
                'b.href=new URL({root},location.href).href;document.head.appendChild(b)}}}})()</script>')
_CONFIG_BASE = ('<script>(function(){var c=document.getElementById("__config"),j=JSON.parse(c.textContent);'
                'j.base=document.baseURI.replace(/[^/]*$/,"");c.textContent=JSON.stringify(j)})()</script>')
