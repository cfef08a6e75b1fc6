"""Bar and line charts as inline SVG, drawn at build time: no JavaScript, nothing loaded from outside.

The charts must read on a black-and-white printout, so series differ by fill pattern (solid dark grey,
black hatching on white, light grey, dots) and line style (solid, dashed, dotted, with different markers),
every bar and point has its value written on it, and every bar has a black outline.  All text is escaped.
Pattern ids are prefixed with the chart's id, so several charts can share one page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from generator.output import textwidth

FONT = "'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','SimHei',sans-serif"
FONT_SIZE = 15
WIDTH = 640
BAR = 22  # bar thickness
GAP = 10  # space between rows
LABEL_MAX = 260  # widest label column; longer labels are shortened (the table next to the chart has them)
_MID = FONT_SIZE * 0.36  # from a row's middle to the baseline that centres the text on it
_ID = re.compile(r"[^a-z0-9-]")


@dataclass(frozen=True)
class Row:
    """One bar (or group/stack of bars): a label and one value per series."""

    label: str
    values: tuple[int, ...]


@dataclass(frozen=True)
class _Style:
    fill: str  # a colour or a pattern reference
    text: str  # value text colour inside the bar
    halo: str  # outline drawn behind the value text, for hatched fills


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _safe_id(chart_id: str) -> str:
    cleaned = _ID.sub("-", chart_id.lower()).strip("-")
    return f"chart-{cleaned or 'x'}"


def text_width(text: str, size: int = FONT_SIZE) -> float:
    """Approximate rendered width: a CJK character is one em, other characters a little over half."""
    return textwidth.width(text) * size * 0.55


def _shorten(text: str, limit: float) -> str:
    if text_width(text) <= limit:
        return text
    while text and text_width(text + "…") > limit:
        text = text[:-1]
    return text + "…"


def _defs(cid: str) -> str:
    """Fill patterns for series 2 (hatching) and 4 (dots)."""
    return (
        "<defs>"
        f'<pattern id="{cid}-hatch" patternUnits="userSpaceOnUse" width="6" height="6" '
        'patternTransform="rotate(45)">'
        '<rect width="6" height="6" fill="#fff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#000" stroke-width="2"/>'
        "</pattern>"
        f'<pattern id="{cid}-dots" patternUnits="userSpaceOnUse" width="5" height="5">'
        '<rect width="5" height="5" fill="#fff"/><circle cx="2.5" cy="2.5" r="1.2" fill="#000"/>'
        "</pattern>"
        "</defs>"
    )


def _styles(cid: str) -> tuple[_Style, ...]:
    return (
        _Style("#4d4d4d", "#fff", "none"),
        _Style(f"url(#{cid}-hatch)", "#000", "#fff"),
        _Style("#c8c8c8", "#000", "none"),
        _Style(f"url(#{cid}-dots)", "#000", "#fff"),
    )


def _text(x: float, y: float, text: str, *, anchor: str = "start", size: int = FONT_SIZE, fill: str = "#000",
          halo: str = "none", bold: bool = False) -> str:
    extra = f' stroke="{halo}" stroke-width="3" paint-order="stroke"' if halo != "none" else ""
    weight = ' font-weight="bold"' if bold else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" fill="{fill}"{extra}{weight}>'
            f"{_esc(text)}</text>")


def _open(cid: str, title: str, height: float, desc: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="talkdocs-chart" id="{cid}" role="img" '
            f'aria-labelledby="{cid}-title {cid}-desc" viewBox="0 0 {WIDTH} {height:.0f}" width="{WIDTH}" '
            f'height="{height:.0f}" style="max-width:100%;height:auto" font-family="{_esc(FONT)}">\n'
            f'<title id="{cid}-title">{_esc(title)}</title>\n<desc id="{cid}-desc">{_esc(desc)}</desc>\n'
            f'{_defs(cid)}\n<rect width="{WIDTH}" height="{height:.0f}" fill="#fff"/>\n'
            + _text(0, 20, title, size=FONT_SIZE + 2, bold=True) + "\n")


def _legend(series: Sequence[str], styles: Sequence[_Style], y: float) -> str:
    if len(series) < 2:
        return ""
    parts, x = [], 0.0
    for name, style in zip(series, styles, strict=False):
        parts.append(f'<rect x="{x:.1f}" y="{y - 12:.1f}" width="18" height="14" fill="{style.fill}" '
                     'stroke="#000" stroke-width="1"/>')
        parts.append(_text(x + 24, y, name))
        x += 24 + text_width(name) + 24
    return "\n".join(parts) + "\n"


def _describe(rows: Sequence[Row], series: Sequence[str]) -> str:
    """The figures as one sentence, for screen readers."""
    def one(row: Row) -> str:
        if len(series) < 2:
            return f"{row.label} {row.values[0]}"
        return f"{row.label}：" + "，".join(f"{s} {v}" for s, v in zip(series, row.values, strict=False))
    return "；".join(one(r) for r in rows)


def hbar(title: str, rows: Sequence[Row], series: Sequence[str], *, chart_id: str, stacked: bool = True) -> str:
    """Horizontal bars, one row per label: stacked series (with the total at the end) or grouped bars.

    Values are written inside each segment that is wide enough, and at the end of every bar.
    """
    cid = _safe_id(chart_id)
    styles = _styles(cid)
    n = max(1, len(series))
    label_w = min(LABEL_MAX, max((text_width(r.label) for r in rows), default=0.0)) + 10
    top = 36 + (24 if n > 1 else 0)
    per_row = BAR if stacked else BAR * n
    height = top + len(rows) * (per_row + GAP) + 10
    peak = max((sum(r.values) if stacked else max(r.values, default=0) for r in rows), default=0) or 1
    plot = WIDTH - label_w - 50  # room for the total at the end
    out = [_open(cid, title, height, _describe(rows, series)), _legend(series, styles, 46)]
    for i, row in enumerate(rows):
        y = top + i * (per_row + GAP)
        out.append(_text(label_w - 8, y + per_row / 2 + _MID, _shorten(row.label, LABEL_MAX), anchor="end"))
        x = label_w
        for j, value in enumerate(row.values[:n]):
            style = styles[j % len(styles)]
            w = plot * value / peak
            by = y if stacked else y + j * BAR
            if value:
                out.append(f'<rect x="{x:.1f}" y="{by:.1f}" width="{w:.1f}" height="{BAR}" fill="{style.fill}" '
                           'stroke="#000" stroke-width="1"/>')
            if stacked and value and w >= text_width(str(value)) + 6 and n > 1:
                out.append(_text(x + w / 2, by + BAR / 2 + _MID, str(value), anchor="middle", fill=style.text,
                                 halo=style.halo))
            if not stacked:
                out.append(_text(x + w + 4, by + BAR / 2 + _MID, str(value)))
            if stacked:
                x += w
        if stacked:
            out.append(_text(x + 4, y + BAR / 2 + _MID, str(sum(row.values[:n])), bold=n > 1))
        out.append("\n")
    out.append(f'<line x1="{label_w:.1f}" y1="{top - 4}" x2="{label_w:.1f}" y2="{height - 10:.1f}" '
               'stroke="#000" stroke-width="1"/>\n</svg>')
    return "".join(out)


def columns(title: str, rows: Sequence[Row], series: Sequence[str], *, chart_id: str) -> str:
    """Vertical stacked columns (months along the bottom), with each segment's value and the total."""
    cid = _safe_id(chart_id)
    styles = _styles(cid)
    n = max(1, len(series))
    top, bottom, left = 84.0, 30.0, 10.0  # room above the tallest column for its total
    height = 300.0
    plot_h = height - top - bottom
    slot = (WIDTH - left * 2) / max(1, len(rows))
    bar_w = min(40.0, slot * 0.6)
    peak = max((sum(r.values[:n]) for r in rows), default=0) or 1
    base = height - bottom
    out = [_open(cid, title, height, _describe(rows, series)), _legend(series, styles, 46)]
    for i, row in enumerate(rows):
        cx = left + slot * (i + 0.5)
        y = base
        for j, value in enumerate(row.values[:n]):
            style = styles[j % len(styles)]
            h = plot_h * value / peak
            if value:
                out.append(f'<rect x="{cx - bar_w / 2:.1f}" y="{y - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                           f'fill="{style.fill}" stroke="#000" stroke-width="1"/>')
                if h >= FONT_SIZE + 2 and n > 1:
                    out.append(_text(cx, y - h / 2 + _MID, str(value), anchor="middle", fill=style.text,
                                     halo=style.halo))
            y -= h
        out.append(_text(cx, y - 4, str(sum(row.values[:n])), anchor="middle", bold=n > 1))
        out.append(_text(cx, base + 18, _shorten(row.label, slot - 2), anchor="middle"))
        out.append("\n")
    out.append(f'<line x1="{left}" y1="{base}" x2="{WIDTH - left}" y2="{base}" stroke="#000" stroke-width="1"/>\n'
               "</svg>")
    return "".join(out)


_DASHES = ("", ' stroke-dasharray="8 4"', ' stroke-dasharray="2 3"', ' stroke-dasharray="10 3 2 3"')


def _marker(kind: int, x: float, y: float) -> str:
    if kind % 2 == 0:
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#000"/>'
    return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="#fff" stroke="#000" stroke-width="1.5"/>'


def line(title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[int]]], *, chart_id: str) -> str:
    """Lines over ``labels`` (e.g. months), one per series, with every point's value written next to it."""
    cid = _safe_id(chart_id)
    top, bottom, left, right = 74.0, 44.0, 30.0, 30.0
    height = 300.0
    plot_h = height - top - bottom
    slot = (WIDTH - left - right) / max(1, len(labels))
    peak = max((v for _n, values in series for v in values), default=0) or 1
    base = height - bottom
    desc = "；".join(f"{name}：" + "，".join(f"{lab} {v}" for lab, v in zip(labels, values, strict=False))
                    for name, values in series)
    out = [_open(cid, title, height, desc)]
    x = 0.0
    for k, (name, _values) in enumerate(series):  # legend: a line sample with its marker
        out.append(f'<line x1="{x:.1f}" y1="40" x2="{x + 28:.1f}" y2="40" stroke="#000" stroke-width="2"'
                   f"{_DASHES[k % len(_DASHES)]}/>" + _marker(k, x + 14, 40) + _text(x + 34, 40 + _MID, name))
        x += 34 + text_width(name) + 24
    out.append("\n")
    for i, lab in enumerate(labels):  # below the values written under the points of the second series
        out.append(_text(left + slot * (i + 0.5), base + 38, _shorten(lab, slot - 2), anchor="middle"))
    for k, (_name, values) in enumerate(series):
        points = [(left + slot * (i + 0.5), base - plot_h * v / peak) for i, v in enumerate(values)]
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            out.append(f'\n<polyline points="{path}" fill="none" stroke="#000" stroke-width="2"'
                       f"{_DASHES[k % len(_DASHES)]}/>")
        for (px, py), v in zip(points, values, strict=False):
            dy = -8 if k % 2 == 0 else 18  # first series above its points, second below, so they do not collide
            out.append(_marker(k, px, py) + _text(px, py + dy, str(v), anchor="middle", halo="#fff"))
    out.append(f'\n<line x1="{left}" y1="{base}" x2="{WIDTH - right}" y2="{base}" stroke="#000" stroke-width="1"/>\n'
               "</svg>")
    return "".join(out)
