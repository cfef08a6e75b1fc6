"""An :class:`~generator.annual.report.AnnualReport` as a site page (Markdown) or a printable HTML file.

Both are drawn from the report's outline (:func:`generator.annual.outline.outline`), as is the Word file
(:mod:`generator.annual.word`).  Every piece of text is escaped for where it goes: the Markdown page is made of
Markdown headings written with numeric character references and HTML blocks escaped with :func:`html.escape`;
nothing from the records (nor the office's narrative) is ever passed through as HTML or Markdown.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from generator.annual import report as annual
from generator.annual.outline import Block, Chart, Items, Para, Table, outline, preamble


# --- HTML pieces -------------------------------------------------------------------------------------------
def _esc(text: str) -> str:
    return html.escape(text, quote=True)


TalkHref = Callable[[str], str]  # a talk id → the URL of its page, as written on the page being drawn
LINKED_COLUMN = 1  # the record-id column of a table that lists talks (the appendix): it links to the talk page


def _html_table(t: Table, talk_href: TalkHref | None = None) -> str:
    def cell(tag: str, text: str, col: int, talk: str = "") -> str:
        styles = (["text-align:right"] if 0 <= col < len(t.numeric) and t.numeric[col] else []) + (
            ["white-space:nowrap"] if col in t.nowrap else [])
        style = f' style="{";".join(styles)}"' if styles else ""
        inner = _esc(text)
        if talk and talk_href is not None and col == LINKED_COLUMN:
            inner = f'<a href="{_esc(talk_href(talk))}">{inner}</a>'
        return f"<{tag}{style}>{inner}</{tag}>"
    head = "".join(cell("th", h, -1) for h in t.head)
    talks = t.talks or ("",) * len(t.rows)
    body = "\n".join("<tr>" + "".join(cell("td", c, i, talk) for i, c in enumerate(row)) + "</tr>"
                     for row, talk in zip(t.rows, talks, strict=True))
    return (f"<table>\n<caption>{_esc(t.caption)}</caption>\n<thead><tr>{head}</tr></thead>\n"
            f"<tbody>\n{body}\n</tbody>\n</table>")


def _html_block(b: Block, h_level: int, talk_href: TalkHref | None = None) -> str:
    if isinstance(b, Table):
        return _html_table(b, talk_href)
    if isinstance(b, Chart):
        return f'<figure class="talkdocs-figure">\n{b.svg}\n</figure>'
    if isinstance(b, Items):
        return "<ul>\n" + "\n".join(f"<li>{_esc(i)}</li>" for i in b.items) + "\n</ul>"
    if b.heading:
        return f"<h{h_level}>{_esc(b.text)}</h{h_level}>"
    cls = ' class="note"' if b.note else ""
    return f"<p{cls}>{_esc(b.text)}</p>"


# --- Markdown (site page body) ------------------------------------------------------------------------------
def md_text(text: str) -> str:
    """Text for a Markdown heading: every character Markdown or HTML could act on as a numeric reference."""
    return "".join(f"&#{ord(c)};" if c in "\\`*_{}[]()<>#+-.!|~&:=\"'" else c for c in text)


def to_markdown(report: annual.AnnualReport, talk_href: TalkHref | None = None) -> str:
    """The report as a Markdown page body: escaped headings, escaped HTML blocks, inline SVG charts.

    ``talk_href`` (the site gives it): the appendix's dates link to the talk pages; without it, plain text."""
    out = [f"# {md_text(report.title)}", ""]
    out += [f'<p class="talkdocs-report-note">{_esc(line)}</p>\n' for line in preamble(report)]
    for section in outline(report):
        out += [f"## {md_text(section.title)}", ""]
        for block in section.blocks:
            if isinstance(block, Para) and block.heading:
                out += [f"### {md_text(block.text)}", ""]  # in the page's table of contents
            else:
                out += [_html_block(block, 3, talk_href), ""]
    return "\n".join(out)


# --- standalone printable HTML -------------------------------------------------------------------------------
CSS = """
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
html { background: #fff; }
body { font-family: "FangSong", "STFangsong", "仿宋", "仿宋_GB2312", "Noto Serif CJK SC", "Source Han Serif SC", serif;
       font-size: 16pt; line-height: 1.75; color: #000; max-width: 156mm; margin: 2em auto; }
h1 { font-family: "SimSun", "宋体", "Noto Serif CJK SC", "Source Han Serif SC", serif; font-weight: bold;
     font-size: 22pt; text-align: center; line-height: 1.5; margin: 0 0 .5em; }
h2 { font-family: "SimHei", "黑体", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; font-weight: normal;
     font-size: 16pt; margin: 1em 0 .3em; page-break-after: avoid; }
h3 { font-family: "KaiTi", "楷体", "STKaiti", "Noto Serif CJK SC", serif; font-weight: normal; font-size: 16pt;
     margin: .6em 0 .2em; text-indent: 2em; page-break-after: avoid; }
p { margin: 0; text-indent: 2em; text-align: justify; }
p.preamble, p.note { text-indent: 0; font-size: 12pt; color: #000; }
p.preamble { text-align: center; }
table { border-collapse: collapse; width: 100%; font-size: 12pt; line-height: 1.4; margin: .4em 0 1em; }
caption { font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; font-size: 12pt; padding: .2em; }
th, td { border: 1px solid #000; padding: 2pt 5pt; vertical-align: top; }
th { font-weight: bold; background: #eee; }
thead { display: table-header-group; }
tr, figure { page-break-inside: avoid; }
figure { margin: .6em 0; }
svg { max-width: 100%; height: auto; }
ul { font-size: 14pt; margin: .2em 0 .6em 2em; }
@media print { body { margin: 0; max-width: none; } th { background: #eee; -webkit-print-color-adjust: exact;
  print-color-adjust: exact; } }
@media screen and (max-width: 640px) {  /* a phone: the text reflows, wide tables scroll on their own */
  body { font-size: 13pt; margin: 1em .9em; }
  h1 { font-size: 17pt; }
  h2, h3 { font-size: 13pt; }
  table { display: block; overflow-x: auto; font-size: 11pt; }
  ul { font-size: 12pt; margin-left: 1.2em; }
  p { overflow-wrap: anywhere; }
}
"""


def to_html(report: annual.AnnualReport) -> str:
    """The report as one printable HTML file: embedded CSS, inline SVG, nothing loaded from outside."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_esc(report.title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{_esc(report.title)}</h1>",
        *(f'<p class="preamble">{_esc(line)}</p>' for line in preamble(report)),
    ]
    for section in outline(report):
        parts.append(f"<h2>{_esc(section.title)}</h2>")
        parts += [_html_block(b, 3) for b in section.blocks]
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)
