"""vCard (.vcf) and iCalendar (.ics, meeting invitations in mail): one `NAME: value` line per property.

Both formats fold long lines and escape their values (RFC 6350, RFC 5545); vCard 2.1 may also
quoted-printable-encode them. The lines are unfolded and decoded, and the property name is kept in front of
its value so the detectors see the context word (TEL, EMAIL, ATTENDEE, DESCRIPTION).
"""
from __future__ import annotations

import quopri
import re
from typing import Iterator

from ..model import Item, Segment
from ..plugins import extractor
from ._segments import lines_to_segments
from .text import decode

FOLD = re.compile(r"\r?\n[ \t]")
# Structure, not content: these properties say nothing about a person.
STRUCTURAL = {"BEGIN", "END", "VERSION", "PRODID", "CALSCALE", "METHOD", "UID", "SEQUENCE", "TZID", "TZOFFSETFROM",
              "TZOFFSETTO", "TZNAME", "RRULE", "DTSTAMP", "STATUS", "TRANSP", "CLASS", "PRIORITY", "X-ABADR",
              "X-ABLABEL", "REV", "X-MICROSOFT-CDO-BUSYSTATUS", "X-MICROSOFT-CDO-INTENDEDSTATUS",
              "PHOTO", "LOGO", "SOUND", "KEY"}  # and binary data


def content_lines(text: str) -> Iterator[str]:
    lines = iter(FOLD.sub("", text).splitlines())
    for line in lines:
        head, sep, value = line.partition(":")
        if not sep:
            continue
        name, *params = head.split(";")
        name = name.rsplit(".", 1)[-1].upper()  # vCard groups: item1.ADR
        qp = any(p.upper() in ("ENCODING=QUOTED-PRINTABLE", "QUOTED-PRINTABLE") for p in params)
        while qp and value.endswith("="):  # a quoted-printable soft line break
            value = value[:-1] + next(lines, "")
        if name in STRUCTURAL:
            continue
        if qp:
            charset = next((p.split("=", 1)[1] for p in params if p.upper().startswith("CHARSET=")), "utf-8")
            raw = quopri.decodestring(value.encode("latin-1", "replace"))
            try:
                value = raw.decode(charset)
            except (LookupError, UnicodeDecodeError):
                value = decode(raw)
        value = value.replace("\\n", " ").replace("\\N", " ").replace("\\,", ",").replace("\\;", ";")
        value = value.replace(";", " ").strip()
        if value:
            yield f"{name}: {value}"


@extractor(["text/vcard", "text/x-vcard", "text/directory", "text/calendar"])
def vcard_ical(item: Item, options) -> Iterator[Segment]:
    yield from lines_to_segments(content_lines(decode(item.read())), field="body", prose=False)
