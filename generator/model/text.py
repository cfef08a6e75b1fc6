"""Spacing of Chinese text built from templates.

Templates such as ``"{person} 不是 {org} 的“一把手”"`` keep a space around each placeholder so that an ASCII value
(a record id, a field name) stays apart from the Chinese around it.  Between two Chinese characters, or between a
Chinese character and a plain number, 公文 text has no space: :func:`tidy` removes exactly those spaces, so a
finding reads "宋涛不是山海港务集团党委的“一把手”" and "已逾期49天", while "计划条目 p04" and
"写 kind: timely" keep theirs.
"""

from __future__ import annotations

import re

# CJK ideographs and punctuation, full-width forms, Chinese quotation marks and the middle dot
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef\u201c\u201d\u2018\u2019\u00b7\u2014\u2026"
_IS_CJK = re.compile(f"[{_CJK}]")
_NUMBER_START = re.compile(rf"\d+(?:\.\d+)?%?(?=[{_CJK}]|$)")  # a plain number at the start of a word
_NUMBER_END = re.compile(rf"(?:^|(?<=[{_CJK}]))\d+(?:\.\d+)?%?$")  # a plain number at the end of a word


def _joins(left: str, right: str) -> bool:
    if _IS_CJK.match(left[-1]):
        return bool(_IS_CJK.match(right[0]) or _NUMBER_START.match(right))
    return bool(_IS_CJK.match(right[0]) and _NUMBER_END.search(left))


def tidy(text: str) -> str:
    """``text`` without the single spaces between Chinese characters and between Chinese and plain numbers."""
    if " " not in text:
        return text
    parts = text.split(" ")
    out = parts[0]
    for part in parts[1:]:
        out += part if out and part and _joins(out, part) else " " + part
    return out
