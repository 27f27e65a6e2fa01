"""What every mail format shares: how messages and attachments are named (uris without '/' or '#' in a
step, unique within their folder), dated (the Date header, tz-aware or None with a note), bounded (container
limits) and who their parties are (keyed hashes only).

The mail connectors (mbox, Maildir, PST) build their message items here, so every export names and dates its
messages the same way; the extractors (MIME, .msg, TNEF) build their attachment items here.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from email import policy
from email.header import decode_header, make_header
from email.message import Message
from email.parser import BytesHeaderParser
from email.utils import getaddresses, parsedate_to_datetime
from typing import Iterator

from ..model import Item, ItemInfo
from .text import decode

PARTY_HEADERS = ("from", "sender", "reply-to", "to", "cc", "bcc")
MESSAGE_TYPES = ("message/rfc822", "message/global")


def clean(s: str) -> str:
    """Header and body text with undecodable 8-bit bytes (kept as surrogates by `email`) decoded by guess."""
    if any("\udc80" <= c <= "\udcff" for c in s):
        return decode(s.encode("utf-8", "surrogateescape"))
    return s


def raw_header(msg: Message, name: str) -> list[str]:
    """A header's values when `email`'s structured parser gives up: RFC 2047 decoded by hand, or as is."""
    out = []
    for key, value in msg.raw_items():
        if key.lower() != name:
            continue
        try:
            out.append(str(make_header(decode_header(str(value)))))
        except Exception:  # a malformed encoded word: the raw text still holds the address
            out.append(str(value))
    return out


def uri_label(s: str) -> str:
    """A name made safe as one uri path step: no '/', '#' or control characters."""
    s = "".join(c for c in s.strip() if c >= " " and c != "\x7f")
    return s.replace("%", "%25").replace("/", "%2F").replace("#", "%23") or "_"


def unique_label(label: str, seen: set[str], n: int | str) -> str:
    if label in seen:
        label = f"{label}~{n}"
    seen.add(label)
    return label


def attachment_item(message: Item, name: str | None, data: bytes, labels: set[str], n: int, options,
                    media_type: str | None = None, kind: str = "attachment") -> Item:
    """An attachment as a child item `<message>/attachments/<name>`, dated like its message; over
    --max-file-size it keeps its size but not its bytes, so the worker reports it skipped."""
    ext = ".eml" if media_type in MESSAGE_TYPES else ""
    label = unique_label(uri_label(name) if name else f"part{n}{ext}", labels, n)
    return message.child(f"attachments/{label}", kind, name=name, media_type=media_type, size=len(data),
                         payload=data if len(data) <= options.max_file_size else None,
                         modified=message.modified, timestamps=dict(message.timestamps))


HEADER_LIMIT = 256 * 1024  # header blocks longer than this are not mail; the rest is body
_HEADERS = BytesHeaderParser(policy=policy.compat32)


@dataclass(frozen=True)
class Envelope:
    message_id: str | None
    sent: datetime | None
    date_note: str | None
    parties: tuple[str, ...]  # keyed hashes of the addresses and names in the party headers


def sent_date(value: str | None) -> tuple[datetime | None, str | None]:
    """The Date header as a tz-aware datetime, or None and a note saying why."""
    if not value or not value.strip():
        return None, "no Date header"
    try:
        dt = parsedate_to_datetime(str(value))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None, "malformed Date header"
    if dt.tzinfo is None:
        return dt.replace(tzinfo=timezone.utc), "Date header without time zone: UTC assumed"
    return dt, None


def envelope(raw: bytes) -> Envelope:
    """What a connector needs to name and date a message, from its header block only."""
    from ..store.keys import hash_value

    end = raw.find(b"\n\n", 0, HEADER_LIMIT)
    end2 = raw.find(b"\r\n\r\n", 0, HEADER_LIMIT)
    cut = min(x for x in (end, end2, HEADER_LIMIT) if x >= 0)
    msg = _HEADERS.parsebytes(raw[:cut])
    mid = str(msg.get("message-id") or "").strip().strip("<>").strip() or None
    sent, note = sent_date(str(msg.get("date") or ""))
    parties: dict[str, None] = {}
    values = []
    for name in PARTY_HEADERS:
        values += raw_header(msg, name)
    for display, addr in getaddresses(values):
        if "@" in addr:
            parties[hash_value("EMAIL_ADDRESS", addr)] = None
        if display.strip():
            parties[hash_value("PERSON", clean(display))] = None
    return Envelope(clean(mid) if mid else None, sent, note, tuple(parties))


def envelope_meta(env: Envelope) -> dict:
    """The parties (keyed hashes) and the date note, for an item's meta: no raw address or name."""
    meta: dict = {}
    if env.parties:
        meta["parties"] = list(env.parties)
    if env.date_note:
        meta["date_note"] = env.date_note
    return meta


def sent_info(item: Item, raw: bytes) -> ItemInfo | None:
    """For a message its source could not date (an .eml file on a share, an attached message): its Date
    header and parties, for the worker to add to the item's row."""
    if "sent" in item.timestamps:
        return None
    env = envelope(raw)
    return ItemInfo(timestamps={"sent": env.sent}, meta=envelope_meta(env))


def describe(e: Exception) -> str:
    """An exception for a row: I/O errors (libpff's included) with their message, anything else by type only,
    because parsers quote the header or text they choke on, and that may be personal data."""
    first = str(e).strip().splitlines()[0][:200] if str(e).strip() else ""
    return f"{type(e).__name__}: {first}" if isinstance(e, OSError) and first else type(e).__name__


def safe(fn, default=None):
    """One property of a damaged Outlook item: its absence is no reason to lose the others."""
    try:
        value = fn()
    except Exception:
        return default
    return default if value is None else value


def within_limits(container: Item, children: Iterator[Item], options, noun: str) -> Iterator[Item]:
    """The messages of an mbox or PST found inside a scan, up to the container limits; past them, one
    `skipped` row says what was left (a mailbox given as a source streams instead, without these limits)."""
    from .unread import unread_child

    count = total = 0
    for child in children:
        count += 1
        total += child.size or 0
        if count > options.archive_members or total > options.archive_total:
            reason = (f"{noun} after number {count - 1} not read (--archive-members {options.archive_members}, "
                      f"--archive-total {options.archive_total} bytes); scan it as a source to read it all")
            yield unread_child(container, "unread", "skipped", reason, kind="remainder")
            return
        yield child


def export_suffix(export: Item, folder: list[str], label: str) -> str:
    """`/<folder path>/<label>` after the export's own uri (`x.pst#/Inbox/<id>`; `a.zip#x.mbox/<id>` inside)."""
    suffix = "/".join([*(uri_label(f) for f in folder), label])
    return suffix if "#" in export.uri else "/" + suffix


def message_item(parent: Item, folder: list[str], fallback: str, raw: bytes | None, seen: set[str], options,
                 size: int | None = None, kind: str = "message", modified: datetime | None = None,
                 path: str | None = None, meta: dict | None = None) -> Item:
    """A message of an export: uri `<export>#/<folder path>/<message-id or fallback>`, dated by its Date header.

    `raw` is the message, or at least its header block when `path` says where the worker reads it from.
    `seen` holds the labels already used in this folder, so two messages never share a uri.
    """
    env = envelope(raw or b"")
    label = unique_label(uri_label(env.message_id) if env.message_id else uri_label(fallback), seen, fallback)
    suffix = export_suffix(parent, folder, label)
    size = len(raw or b"") if size is None else size
    keep = path is None and raw is not None and size <= options.max_file_size
    info = {**(meta or {}), "folder": "/".join(folder), **envelope_meta(env)}
    return parent.child(suffix, kind, media_type="message/rfc822", size=size, path=path,
                        payload=raw if keep else None, modified=modified or env.sent,
                        timestamps={"sent": env.sent}, meta=info)
