"""Outlook .msg files (mail, contacts, appointments, tasks, notes) through extract-msg.

Mail gives the same segments as an RFC 822 message: parties per header, subject, body (plain, else HTML,
else RTF), quoted text apart. Other Outlook items (contacts, tasks, ...) keep their data in properties
rather than a body, so every text property becomes one `properties` segment. Attachments, embedded .msg
included, are child items.
"""
from __future__ import annotations

import logging
import re
from datetime import datetime, timezone
from typing import Iterator

from ..errors import MissingDependency
from ..model import Item, ItemInfo, Segment
from ..plugins import extractor
from .email import body_segments, html_text
from .mail_items import attachment_item, safe, unique_label, uri_label
from .rtf import rtf_text
from .unread import unread_child

PARTIES = (("sender", "from"), ("to", "to"), ("cc", "cc"), ("bcc", "bcc"))
# Properties that the mail segments already cover or that hold no text of a person: bodies, subject, class,
# transport headers, RTF sync data.
COVERED_PROPERTIES = {"1000", "1013", "1009", "0037", "001A", "007D", "0E1D", "0070", "1035"}
STRING_STREAM = re.compile(r"^__substg1\.0_([0-9A-F]{4})(001F|001E)$", re.I)
ENCRYPTED_NAMES = {".p7m": "application/pkcs7-mime", ".pgp": "application/pgp-encrypted"}


def _open(item: Item):
    try:
        import extract_msg
        from extract_msg.exceptions import ExMsgBaseException
    except ImportError as e:
        raise MissingDependency('Outlook .msg needs extract-msg: pip install "extract-msg>=0.48"') from e
    # extract-msg logs every odd property at WARNING; the scan reports per item instead.
    logging.getLogger("extract_msg").setLevel(logging.ERROR)
    try:
        return extract_msg.openMsg(item.path if item.payload is None else item.payload, delayAttachments=False)
    except ExMsgBaseException as e:
        raise ValueError(f"not a readable Outlook item: {e}") from e


def _party_lines(value: str) -> str:
    lines = (p.replace("<None>", "").strip() for p in re.split(r"[;\n]", value))
    return "\n".join(p for p in lines if p)


def _body(msg) -> str:
    text = safe(lambda: msg.body, "")
    if text and text.strip("\x00 \r\n\t"):
        return text.replace("\x00", "")
    html = safe(lambda: msg.htmlBody, b"")
    if html:
        return html_text(html)
    data = safe(lambda: msg.rtfBody, b"")
    if data:
        return rtf_text(data)
    return ""


def _properties(msg) -> str:
    """Every distinct text property of the item, one per line."""
    values: dict[str, None] = {}
    for path in safe(lambda: msg.listDir(True, False), []):
        m = STRING_STREAM.match(path[-1]) if len(path) == 1 else None
        if not m or m.group(1).upper() in COVERED_PROPERTIES:
            continue
        value = safe(lambda: msg.getStringStream(f"__substg1.0_{m.group(1)}"))
        if isinstance(value, str) and value.strip("\x00 \r\n\t"):
            values[value.replace("\x00", "").strip()] = None
    return "\n".join(values)


def _attachments(item: Item, msg, options) -> Iterator[Item]:
    from extract_msg.enums import AttachmentType

    labels: set[str] = set()
    for n, att in enumerate(safe(lambda: msg.attachments, []), 1):
        name = safe(lambda: att.longFilename) or safe(lambda: att.shortFilename) or safe(lambda: att.displayName)
        media_type = None
        kind = "attachment"
        if att.type in (AttachmentType.MSG, AttachmentType.SIGNED_EMBEDDED):
            data = safe(lambda: att.data.exportBytes())
            media_type = "application/vnd.ms-outlook"
            name = name or f"{safe(lambda: att.data.subject, '') or f'item{n}'}.msg"
        else:
            data = safe(lambda: att.data)
            if not isinstance(data, bytes):
                data = None
            ext = ("." + name.rsplit(".", 1)[-1].lower()) if name and "." in name else ""
            if ext in ENCRYPTED_NAMES:
                media_type, kind = ENCRYPTED_NAMES[ext], "encrypted"
        if data is None:  # a web link or a type extract-msg cannot decode: a row that says so, not a gap
            suffix = f"attachments/{unique_label(uri_label(name) if name else f'part{n}', labels, n)}"
            yield unread_child(item, suffix, "skipped", f"attachment not read: extract-msg gives no data for its type "
                                                        f"({getattr(att.type, 'name', att.type)})", kind=kind, name=name)
            continue
        yield attachment_item(item, name, data, labels, n, options, media_type, kind)


def _sent(msg) -> datetime | None:
    when = safe(lambda: msg.date)
    if not isinstance(when, datetime):
        return None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


@extractor(["application/vnd.ms-outlook"])
def outlook_msg(item: Item, options) -> Iterator[Segment | Item | ItemInfo]:
    msg = _open(item)
    try:
        if "sent" not in item.timestamps:  # a .msg file on a share: its source could not date it
            sent = _sent(msg)
            yield ItemInfo(timestamps={"sent": sent}, meta={} if sent else {"date_note": "no sent date"})
            item = item.with_(timestamps={**item.timestamps, "sent": sent})  # attachments are dated like it
        cls = (safe(lambda: msg.classType, "") or "").upper()
        for attr, field in PARTIES:
            value = safe(lambda: getattr(msg, attr), "")
            if isinstance(value, str) and _party_lines(value):
                yield Segment(_party_lines(value), field=f"header:{field}", prose=False)
        reply_to = safe(lambda: msg.header.get("reply-to"), "")
        if reply_to:
            yield Segment(_party_lines(str(reply_to)), field="header:reply-to", prose=False)
        subject = (safe(lambda: msg.subject, "") or "").replace("\x00", "")
        if subject.strip():
            yield Segment(subject, field="subject")
        yield from body_segments(_body(msg))
        if not cls.startswith("IPM.NOTE"):
            props = _properties(msg)
            if props:
                yield Segment(props, field="properties", prose=False)
        yield from _attachments(item, msg, options)
    finally:
        safe(msg.close)
