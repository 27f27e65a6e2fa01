"""Outlook .pst/.ost through libpff (pypff): the folder tree, one item per message, contact, appointment...

Each Outlook item is rewritten as a MIME message (its transport headers, or headers rebuilt from its
sender and recipient properties; its body; its attachments, embedded items as attached messages), so it
crosses to a worker as plain bytes and reads like any other mail there. Items that are not mail
(contacts, appointments, tasks) add all their text properties as a body part.

A PST password is not encryption: libpff reads a password-protected PST without it, so its content is
scanned and the export's row says that it has a password.
"""
from __future__ import annotations

import struct
from datetime import timezone
from email import policy
from email.message import EmailMessage
from email.parser import HeaderParser
from email.utils import format_datetime
from typing import Iterator

from ..errors import MissingDependency
from ..model import Item, Segment
from ..plugins import extractor
from .mail_items import PARTY_HEADERS, describe, export_suffix, message_item, safe, within_limits
from .rtf import rtf_text
from .text import decode
from .unread import unread_child

# MAPI property tags (MS-OXPROPS).
PR_MESSAGE_CLASS = 0x001A
PR_SENDER_NAME, PR_SENDER_EMAIL = 0x0C1A, 0x0C1F
PR_SENT_REPRESENTING_EMAIL = 0x0065
PR_SENDER_SMTP = 0x5D01
PR_INTERNET_MESSAGE_ID = 0x1035
PR_RECIPIENT_TYPE, PR_DISPLAY_NAME, PR_EMAIL_ADDRESS, PR_SMTP_ADDRESS = 0x0C15, 0x3001, 0x3003, 0x39FE
PR_ATTACH_METHOD, PR_ATTACH_LONG_FILENAME, PR_ATTACH_FILENAME = 0x3705, 0x3707, 0x3704
PR_PST_PASSWORD = 0x67FF
ATTACH_EMBEDDED_MSG = 5
RECIPIENT_HEADER = {1: "To", 2: "Cc", 3: "Bcc"}
STRING_TYPES = (0x001F, 0x001E)
# Text properties that the rebuilt headers and body already carry.
COVERED = {PR_MESSAGE_CLASS, 0x0037, 0x0E1D, 0x0070, 0x007D, 0x1000, 0x1013, PR_INTERNET_MESSAGE_ID}
KINDS = {"IPM.NOTE": "message", "IPM.CONTACT": "contact", "IPM.DISTLIST": "distlist", "IPM.APPOINTMENT": "appointment",
         "IPM.SCHEDULE": "meeting", "IPM.TASK": "task", "IPM.STICKYNOTE": "note", "IPM.ACTIVITY": "journal",
         "IPM.POST": "post"}
KEEP_HEADERS = {*PARTY_HEADERS, "date", "message-id", "subject"}


def open_pst(item: Item):
    try:
        import pypff
    except ImportError as e:
        raise MissingDependency('Outlook .pst/.ost needs libpff: pip install "libpff-python>=20231205"') from e
    pff = pypff.file()
    if item.payload is not None:
        import io

        pff.open_file_object(io.BytesIO(item.payload))
    else:
        pff.open(item.path)
    return pff


def _entries(obj) -> Iterator:
    for rs in safe(lambda: list(obj.record_sets), []):
        yield from safe(lambda: list(rs.entries), [])


def _strings(obj) -> dict[int, str]:
    out: dict[int, str] = {}
    for e in _entries(obj):
        if e.value_type in STRING_TYPES:
            value = safe(e.get_data_as_string)
            if value and value.strip("\x00 \r\n\t"):
                out.setdefault(e.entry_type, value.replace("\x00", "").strip())
    return out


def _int(obj, tag: int) -> int | None:
    for e in _entries(obj):
        if e.entry_type == tag and e.data and len(e.data) >= 4:
            return struct.unpack("<i", e.data[:4])[0]
    return None


def has_password(pff) -> bool:
    store = safe(lambda: pff.message_store)
    return bool(store is not None and _int(store, PR_PST_PASSWORD))


def _address(name: str | None, *candidates: str | None) -> str | None:
    addr = next((c for c in candidates if c and "@" in c and not c.startswith("/")), None)
    if addr:
        return f'"{name}" <{addr}>' if name else addr
    return name


def _set(msg: EmailMessage, name: str, value: str) -> None:
    try:
        msg[name] = value.replace("\r", " ").replace("\n", " ")
    except Exception:  # a value the header model rejects: keep its text, unstructured
        msg[f"X-{name}"] = value.replace("\r", " ").replace("\n", " ")


def _text(data: bytes | None) -> str:
    if not data:
        return ""
    return decode(data).replace("\x00", "")


def to_mime(m, options, props: dict[int, str] | None = None) -> EmailMessage:
    """An Outlook item as a MIME message: headers, body, attachments."""
    props = _strings(m) if props is None else props
    msg = EmailMessage(policy=policy.default)
    transport = safe(lambda: m.transport_headers, "") or ""
    have = set()
    for name, value in HeaderParser(policy=policy.compat32).parsestr(transport).items():
        if name.lower() in KEEP_HEADERS and name.lower() not in have:
            have.add(name.lower())
            _set(msg, name, str(value))
    if "subject" not in have and safe(lambda: m.subject):
        _set(msg, "Subject", m.subject)
    if "from" not in have:
        sender = _address(props.get(PR_SENDER_NAME) or safe(lambda: m.sender_name), props.get(PR_SENDER_SMTP),
                          props.get(PR_SENDER_EMAIL), props.get(PR_SENT_REPRESENTING_EMAIL))
        if sender:
            _set(msg, "From", sender)
    if not have & {"to", "cc", "bcc"}:
        rows: dict[str, list[str]] = {}
        recipients = safe(lambda: m.recipients)
        for rs in safe(lambda: list(recipients.record_sets), []) if recipients is not None else []:
            strings = {e.entry_type: safe(e.get_data_as_string) for e in safe(lambda: list(rs.entries), [])
                       if e.value_type in STRING_TYPES}
            kind = next((struct.unpack("<i", e.data[:4])[0] for e in rs.entries
                         if e.entry_type == PR_RECIPIENT_TYPE and e.data), 1)
            who = _address(strings.get(PR_DISPLAY_NAME), strings.get(PR_SMTP_ADDRESS), strings.get(PR_EMAIL_ADDRESS))
            if who:
                rows.setdefault(RECIPIENT_HEADER.get(kind & 0xF, "To"), []).append(who)
        for header, people in rows.items():
            _set(msg, header, ", ".join(people))
    if "date" not in have:
        when = safe(lambda: m.client_submit_time) or safe(lambda: m.delivery_time) or safe(lambda: m.creation_time)
        if when:
            _set(msg, "Date", format_datetime(when.replace(tzinfo=timezone.utc)))
    if "message-id" not in have and props.get(PR_INTERNET_MESSAGE_ID):
        _set(msg, "Message-ID", props[PR_INTERNET_MESSAGE_ID])

    body = _text(safe(lambda: m.plain_text_body))
    html = safe(lambda: m.html_body)
    data = safe(lambda: m.rtf_body)
    if body.strip():
        msg.set_content(body)
    elif html:
        msg.set_content(_text(html), subtype="html")
    elif data:
        msg.set_content(rtf_text(data))
    cls = (props.get(PR_MESSAGE_CLASS) or "").upper()
    if not cls.startswith("IPM.NOTE"):
        extra = "\n".join(dict.fromkeys(v for k, v in props.items() if k not in COVERED))
        if extra:
            if not msg.is_multipart() and msg.get_content_type() == "text/plain" and msg.get_payload():
                msg.add_attachment(extra, disposition="inline")
            else:
                msg.set_content(extra)
    for n, a in enumerate(safe(lambda: list(m.attachments), []), 1):
        _attach(msg, a, n, options)
    return msg


def _attach(msg: EmailMessage, a, n: int, options) -> None:
    strings = _strings(a)
    name = strings.get(PR_ATTACH_LONG_FILENAME) or strings.get(PR_ATTACH_FILENAME) or strings.get(PR_DISPLAY_NAME)
    if _int(a, PR_ATTACH_METHOD) == ATTACH_EMBEDDED_MSG and safe(lambda: a.number_of_sub_items, 0):
        inner = to_mime(a.get_sub_item(0), options)
        msg.add_attachment(inner, filename=f"{name or f'item{n}'}.eml")
        return
    size = safe(lambda: a.size, 0)
    data = safe(lambda: a.read_buffer(size), b"") if size else b""
    msg.add_attachment(data, maintype="application", subtype="octet-stream", filename=name or f"attachment{n}")


def kind_of(props: dict[int, str]) -> str:
    cls = (props.get(PR_MESSAGE_CLASS) or "").upper()
    return next((k for prefix, k in KINDS.items() if cls.startswith(prefix)), "item")


def pst_items(export: Item, pff, options) -> Iterator[Item]:
    """Every item in the folder tree, depth first; an item libpff cannot read is an error row."""
    meta = {"pst_password": True} if has_password(pff) else {}
    seen: dict[str, set[str]] = {}

    def damaged(path: list[str], label: str, e: Exception) -> Item:
        return unread_child(export, export_suffix(export, path, label), "error",
                            f"read: {describe(e)}", kind="message")

    def walk(folder, path: list[str]) -> Iterator[Item]:
        # By index, one handle at a time: a folder may hold a hundred thousand messages.
        for i in range(safe(lambda: folder.number_of_sub_items, 0)):
            try:
                sub = folder.get_sub_item(i)
            except Exception as e:  # an unreadable index entry: its own error row
                yield damaged(path, f"index-{i}", e)
                continue
            if type(sub).__name__ == "folder":
                yield from walk(sub, [*path, safe(lambda: sub.name, "") or f"folder-{sub.identifier}"])
                continue
            ident = str(safe(lambda: sub.identifier, i))
            try:
                props = _strings(sub)
                raw = to_mime(sub, options, props).as_bytes()
                modified = safe(lambda: sub.modification_time)
                yield message_item(export, path, ident, raw, seen.setdefault("/".join(path), set()), options,
                                   kind=kind_of(props), meta=dict(meta, pst_id=ident),
                                   modified=modified.replace(tzinfo=timezone.utc) if modified else None)
            except Exception as e:  # one damaged item: its own error row
                yield damaged(path, ident, e)

    root = pff.get_root_folder()
    yield from walk(root, [])


def password_note(pff) -> str | None:
    if has_password(pff):
        return ("the PST has a password; PST passwords do not encrypt the content, so it was read "
                "without it")
    return None


@extractor(["application/vnd.ms-outlook-pst"])
def pst(item: Item, options) -> Iterator[Segment | Item]:
    pff = open_pst(item)
    try:
        yield from within_limits(item, pst_items(item, pff, options), options, "items")
    finally:
        safe(pff.close)
