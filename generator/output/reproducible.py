"""Same records and as-of date → same bytes, for every file talkdocs makes (pages, .ics, .docx, .xlsx).

A build's one clock is ``SOURCE_DATE_EPOCH`` (https://reproducible-builds.org/specs/source-date-epoch/): set
from the as-of date when the caller did not set it.  Office files are zip containers whose entries carry the
time they were written, and whose ``docProps/core.xml`` says when the document was created and modified:
:func:`zip_bytes` rewrites both from that clock.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile

_CORE = "docProps/core.xml"
_CORE_DATES = re.compile(rb"(<dcterms:(?:created|modified)\b[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")


def source_date_epoch(as_of: dt.date) -> int:
    """Noon of the as-of date in Beijing time, as a Unix time (the sitemap then shows the as-of date)."""
    return int(dt.datetime(as_of.year, as_of.month, as_of.day, 4, 0, tzinfo=dt.UTC).timestamp())


def stamp(as_of: dt.date) -> dt.datetime:
    """The build's clock in UTC: ``SOURCE_DATE_EPOCH`` when set (and valid), else noon of the as-of date."""
    given = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    epoch = int(given) if given.isdigit() else source_date_epoch(as_of)
    return dt.datetime.fromtimestamp(epoch, tz=dt.UTC)


def zip_bytes(data: bytes, when: dt.datetime) -> bytes:
    """An office file (.docx, .xlsx) rewritten so that it depends on its content and ``when`` only.

    Entries keep their order and content; each gets the date ``when`` (zip stores local time without a
    zone: the UTC wall time is written), the same permissions and deflate compression; ``dcterms:created``
    and ``dcterms:modified`` in ``docProps/core.xml`` become ``when`` too.
    """
    when = when.astimezone(dt.UTC)
    date_time = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    iso = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == _CORE:
                content = _CORE_DATES.sub(lambda m: m.group(1) + iso + m.group(2), content)
            entry = zipfile.ZipInfo(info.filename, date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3  # Unix, whatever the machine
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, content, compresslevel=9)
    return out.getvalue()
