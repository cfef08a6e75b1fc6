"""Read a built site back: references that leave it, and links within it that lead nowhere.

Used by the builder (a build with either fails, so the site is strict about raw-HTML links that MkDocs does
not check) and by the tests.  "Leaves the site" means a browser would fetch it without a click being enough
to count as consent: any ``src``/``href``/``srcset``/``action``/``poster``/``data`` attribute, CSS ``url()``
or ``@import``, or JavaScript ``import``/``importScripts`` whose target has a scheme other than ``data:``/
``blob:`` or starts with ``//``.  A plain ``<a href="https://…">`` counts too: nothing in this site may point
outside.  URLs that are only text (record text, XML namespaces, string constants in Material's bundle that
it loads only for features this site does not use) are not references.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.engine import parallel

URL_ATTRS = frozenset({"src", "href", "srcset", "action", "formaction", "poster", "data", "background",
                       "manifest", "ping", "xlink:href", "imagesrcset"})
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")\s]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""", re.IGNORECASE)
_JS_IMPORT = re.compile(
    r"""(?:\bimport\s*\(\s*|\bimport\b[^;'"]*?\bfrom\s*|\bimport\s+|\bimportScripts\s*\(\s*|@import\s+)(['"`])([^'"`]+)\1"""
)
_REFRESH = re.compile(r"url\s*=\s*['\"]?([^'\"\s;]+)", re.IGNORECASE)
LOCAL_SCHEMES = frozenset({"", "data", "blob", "about"})


@dataclass(frozen=True)
class Ref:
    """A reference found in a file of the site."""

    file: str  # relative to the site folder
    url: str
    where: str  # e.g. "a href", "css url()", "js import"


def is_external(url: str) -> bool:
    """Whether a reference points outside the site (any scheme other than data/blob, or protocol-relative)."""
    url = url.strip()
    if url.startswith("//") or url.startswith("\\\\"):
        return True
    scheme = urlsplit(url).scheme.lower()
    return scheme not in LOCAL_SCHEMES


# HTML is read with regular expressions rather than html.parser: a province's site is hundreds of megabytes
# and the pure-Python parser needed about a minute per pass.  This is exact for what MkDocs and the templates
# write: record text is escaped, so "<" only ever starts a tag, a comment, or script/style content.
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_RAW = re.compile(r"<(script|style)\b([^>]*)>(.*?)</\1\s*>", re.DOTALL | re.IGNORECASE)
_ATTR = re.compile(r"""([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
# Only tags with an attribute that can hold a URL matter; finding them in one regular expression keeps the
# ~300 other tags of a page (td, span…) out of Python code.  Generated HTML writes attribute names in lower case.
_REF_TAG = re.compile(
    r"<([a-zA-Z][\w:-]*)(\s[^<>]*?(?<![\w:-])(?:src|href|srcset|action|formaction|poster|data|background"
    r"|manifest|ping|xlink:href|imagesrcset|style|content)\s*=[^<>]*)>")
_SCRIPT_URL = re.compile(r"""['"`]((?:https?:)?//[^'"`\s]+)""")


def _attrs(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in _ATTR.finditer(text):
        value = m.group(2) if m.group(2) is not None else m.group(3) if m.group(3) is not None else m.group(4)
        out.setdefault(m.group(1).lower(), html.unescape(value or ""))
    return out


def _tag_refs(tag: str, attrs: dict[str, str]) -> list[tuple[str, str]]:
    refs: list[tuple[str, str]] = []
    for name, value in attrs.items():
        if name in URL_ATTRS:
            urls = [u.strip().split(" ")[0] for u in value.split(",")] if "srcset" in name else [value]
            refs += [(f"{tag} {name}", u) for u in urls if u]
        elif name == "style":
            refs += [(f"{tag} style", u) for u in _css_urls(value)]
    if tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
        refs += [("meta refresh", m.group(1)) for m in _REFRESH.finditer(attrs.get("content", ""))]
    return refs


def _html_refs(text: str) -> list[tuple[str, str]]:
    """(where, url) for every reference in an HTML or SVG document."""
    text = _COMMENT.sub("", text)
    refs: list[tuple[str, str]] = []
    for m in _RAW.finditer(text):
        kind, attrs, body = m.group(1).lower(), _attrs(m.group(2)), m.group(3)
        refs += _tag_refs(kind, attrs)
        if kind == "style":
            refs += [("style url()", u) for u in _css_urls(body)]
        else:
            imports = [i.group(2) for i in _JS_IMPORT.finditer(body)]
            refs += [("script import", u) for u in imports]
            # An inline script of this site has no business naming an outside address at all.
            refs += [("script url", u) for u in _SCRIPT_URL.findall(body) if u not in imports]
    for m in _REF_TAG.finditer(_RAW.sub("", text)):
        refs += _tag_refs(m.group(1).lower(), _attrs(m.group(2)))
    return refs


def _css_urls(text: str) -> list[str]:
    return [m.group(2) or m.group(4) for m in _CSS_URL.finditer(text)]


def _files(site_dir: Path) -> list[str]:
    return sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file())


def _file_refs(site_dir: Path, rel: str) -> Iterator[Ref]:
    suffix = posixpath.splitext(rel)[1].lower()
    if suffix not in (".html", ".htm", ".css", ".js", ".svg", ".xml"):
        return
    text = (site_dir / rel).read_text(encoding="utf-8", errors="replace")
    if suffix in (".html", ".htm", ".svg"):
        yield from (Ref(rel, url, where) for where, url in _html_refs(text))
    elif suffix == ".css":
        yield from (Ref(rel, url, "css url()") for url in _css_urls(text))
    elif suffix == ".js":
        yield from (Ref(rel, m.group(2), "js import") for m in _JS_IMPORT.finditer(text))
    else:  # sitemap: <loc> entries are what a crawler would fetch
        yield from (Ref(rel, u, "xml loc") for u in re.findall(r"<loc>([^<]+)</loc>", text))


def references(site_dir: Path) -> Iterator[Ref]:
    """Every reference in the HTML, CSS and JavaScript files of a site."""
    for rel in _files(site_dir):
        yield from _file_refs(site_dir, rel)


def external(site_dir: Path) -> list[Ref]:
    """References that point outside the site."""
    return check(site_dir)[0]


def broken(site_dir: Path) -> list[Ref]:
    """Relative references in HTML files whose target file does not exist in the site."""
    return check(site_dir)[1]


def check(site_dir: Path, jobs: int = 1) -> tuple[list[Ref], list[Ref]]:
    """(references that point outside the site, links within it that lead nowhere), in one reading; with
    ``jobs`` > 1 the files are shared between forked processes.  The order is the same either way."""
    names = _files(site_dir)
    files = frozenset(names)
    shares = parallel.split_map(lambda share: _check_files(site_dir, share, files), names, jobs)
    order = {name: i for i, name in enumerate(names)}
    leaving = sorted((r for share in shares for r in share[0]), key=lambda r: order[r.file])  # stable
    dead = sorted((r for share in shares for r in share[1]), key=lambda r: order[r.file])
    return leaving, dead


def _check_files(site_dir: Path, names: list[str], files: frozenset[str]) -> tuple[list[Ref], list[Ref]]:
    leaving: list[Ref] = []
    out: list[Ref] = []
    for ref in (ref for rel in names for ref in _file_refs(site_dir, rel)):
        if is_external(ref.url):
            leaving.append(ref)
            continue
        if not ref.file.endswith(".html") or ref.where.startswith(("script", "meta")):
            continue
        parts = urlsplit(ref.url)
        if not parts.path or parts.scheme:  # "#anchor", data: …
            continue
        path = unquote(parts.path)
        base = "" if path.startswith("/") else posixpath.dirname(ref.file)  # 404.html links from the site root
        target = posixpath.normpath(posixpath.join(base, path.lstrip("/")))
        if target.startswith("../") or target == "..":
            out.append(ref)
            continue
        if target not in files and f"{target}/index.html" not in files:
            out.append(ref)
    return leaving, out
