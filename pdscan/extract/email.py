"""RFC 822 / MIME messages: .eml files on a share, messages from mail exports, attached messages.

Parties (From, To, Cc, Bcc, Reply-To, Sender) and the subject become their own segments, so a finding says
which header a person was in. Bodies become text (HTML made visible); quoted replies get their own field,
`body:quoted`, so the engine can analyse a text repeated down a thread once. Every attachment is a child
item that goes through the same extractors as a file; encrypted parts are `unscannable`, never clean.

The helpers at the bottom (`envelope`, `message_item`, `uri_label`) build message items for the mail
connectors (mbox, Maildir, PST), so every export names and dates its messages the same way.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email import policy
from email.header import decode_header, make_header
from email.message import EmailMessage, Message
from email.parser import BytesHeaderParser, BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from typing import Iterator

from ..errors import Unscannable
from ..model import Item, Segment
from ..plugins import extractor
from ._segments import lines_to_segments
from .html import visible_lines
from .text import decode

PARTY_HEADERS = ("from", "sender", "reply-to", "to", "cc", "bcc")
BODY_TYPES = ("text/plain", "text/html")
ENCRYPTED_TYPES = ("application/pkcs7-mime", "application/x-pkcs7-mime", "multipart/encrypted",
                   "application/pgp-encrypted")
# Detached signatures carry the signer's certificate, whose name and address are already the From party.
SIGNATURE_TYPES = ("application/pkcs7-signature", "application/x-pkcs7-signature", "application/pgp-signature")
MESSAGE_TYPES = ("message/rfc822", "message/global")
PGP_BLOCK = re.compile(r"-----BEGIN PGP MESSAGE-----.*?(?:-----END PGP MESSAGE-----|\Z)", re.S)
# Where a reply starts repeating the message it answers: "> " lines, and the separators mail clients write
# above a quoted or forwarded message (Outlook in English and Norwegian, Gmail, Apple Mail, Lotus).
QUOTE_LINE = re.compile(r"^[ \t]*>")
QUOTE_START = re.compile(
    r"^[ \t]*(?:-{2,}[ \t]*(?:Original Message|Opprinnelig melding|Forwarded message|Videresendt melding|"
    r"Begin forwarded message|Ursprüngliche Nachricht)[ \t]*-{2,}|-{5,}[ \t]*Forwarded by\b.*|"
    r"From:[^\n]*\n[ \t]*(?:Sent|Date|Sendt|Dato):[^\n]*\n)", re.I | re.M)

_PARSER = BytesParser(policy=policy.default)


def parse(raw: bytes) -> EmailMessage:
    return _PARSER.parsebytes(raw)


def clean(s: str) -> str:
    """Header and body text with undecodable 8-bit bytes (kept as surrogates by `email`) decoded by guess."""
    if any("\udc80" <= c <= "\udcff" for c in s):
        return decode(s.encode("utf-8", "surrogateescape"))
    return s


def _raw_header(msg: Message, name: str) -> list[str]:
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


def party_text(msg: Message, name: str) -> str:
    """`Name <address>` per line: the form the detectors read best."""
    try:
        values = msg.get_all(name) or []
        lines = []
        for v in values:
            addresses = getattr(v, "addresses", None)
            if addresses is None:
                lines.append(str(v))
                continue
            for a in addresses:
                lines.append(f"{a.display_name} <{a.addr_spec}>" if a.display_name else a.addr_spec)
            if not addresses and str(v).strip():
                lines.append(str(v))
    except Exception:
        lines = [f"{n} <{a}>" if n else a for n, a in getaddresses(_raw_header(msg, name))]
    return clean("\n".join(x.strip() for x in lines if x and x.strip()))


def header_text(msg: Message, name: str) -> str:
    try:
        return clean(" ".join(str(v) for v in msg.get_all(name) or []))
    except Exception:
        return clean(" ".join(_raw_header(msg, name)))


def part_text(part: Message) -> str:
    """A text part's content in whatever charset and transfer encoding it declares, with fallbacks."""
    data = part.get_payload(decode=True)
    if data is None:  # a multipart where a leaf was expected
        payload = part.get_payload()
        return clean(payload) if isinstance(payload, str) else ""
    charset = part.get_content_charset()
    if charset:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declared charset: guess from the bytes instead
    return decode(data)


def html_text(markup: str | bytes) -> str:
    return "\n".join(visible_lines(markup))


def split_quoted(text: str) -> tuple[str, str]:
    """(the author's own text, the text repeated from earlier messages)."""
    m = QUOTE_START.search(text)
    head, tail = (text[:m.start()], text[m.start():]) if m else (text, "")
    own, quoted = [], []
    for line in head.splitlines():
        (quoted if QUOTE_LINE.match(line) else own).append(line)
    if tail:
        quoted.append(tail)
    return "\n".join(own), "\n".join(quoted)


def body_segments(text: str) -> Iterator[Segment]:
    own, quoted = split_quoted(text)
    yield from lines_to_segments((line for line in own.splitlines() if line.strip()), field="body")
    yield from lines_to_segments((line for line in quoted.splitlines() if line.strip()), field="body:quoted")


def uri_label(s: str) -> str:
    """A name made safe as one uri path step: no '/', '#' or control characters."""
    s = "".join(c for c in s.strip() if c >= " " and c != "\x7f")
    return s.replace("%", "%25").replace("/", "%2F").replace("#", "%23") or "_"


def unique_label(label: str, seen: set[str], n: int | str) -> str:
    if label in seen:
        label = f"{label}~{n}"
    seen.add(label)
    return label


@dataclass
class _Walk:
    item: Item
    options: object
    labels: set[str] = field(default_factory=set)
    n: int = 0


def _filename(part: Message) -> str | None:
    try:
        name = part.get_filename()
    except Exception:  # a broken RFC 2231 parameter
        name = part.get_param("name", header="content-type") or part.get_param("filename", header="content-disposition")
        name = name if isinstance(name, str) else None
    return clean(str(name)) if name else None


def _message_bytes(part: Message) -> bytes:
    inner = part.get_payload(0) if part.is_multipart() else None
    if inner is None:  # a message/rfc822 part sent base64-encoded: `email` leaves it undecoded
        return part.get_payload(decode=True) or b""
    try:
        return inner.as_bytes()
    except Exception:  # headers that cannot be re-serialised as they are
        return inner.as_bytes(policy=policy.compat32)


def attachment_item(message: Item, name: str | None, data: bytes, labels: set[str], n: int, options,
                    media_type: str | None = None, kind: str = "attachment") -> Item:
    """An attachment as a child item `<message>/attachments/<name>`, dated like its message; over
    --max-file-size it keeps its size but not its bytes, so the worker reports it skipped."""
    ext = ".eml" if media_type in MESSAGE_TYPES else ""
    label = unique_label(uri_label(name) if name else f"part{n}{ext}", labels, n)
    return message.child(f"attachments/{label}", kind, name=name, media_type=media_type, size=len(data),
                         payload=data if len(data) <= options.max_file_size else None,
                         modified=message.modified, timestamps=dict(message.timestamps))


def _child(w: _Walk, part: Message, data: bytes, media_type: str | None, kind: str = "attachment") -> Item:
    w.n += 1
    return attachment_item(w.item, _filename(part), data, w.labels, w.n, w.options, media_type, kind)


def _walk(w: _Walk, part: Message, bodies: bool) -> Iterator[Segment | Item]:
    ctype = part.get_content_type()
    if ctype in ENCRYPTED_TYPES:
        yield _child(w, part, part.as_bytes(policy=policy.compat32) if part.is_multipart() else
                     part.get_payload(decode=True) or b"", ctype, kind="encrypted")
        return
    if ctype in MESSAGE_TYPES:
        yield _child(w, part, _message_bytes(part), "message/rfc822")
        return
    if part.is_multipart():
        subparts = list(part.iter_parts())
        chosen = None
        if ctype == "multipart/alternative" and bodies:
            # The same body in several forms: read the plain one if it has text, else the richest.
            plain = [p for p in subparts if p.get_content_type() == "text/plain" and part_text(p).strip()]
            chosen = plain[0] if plain else (subparts[-1] if subparts else None)
        for sub in subparts:
            yield from _walk(w, sub, bodies and (chosen is None or sub is chosen))
        return
    if ctype in SIGNATURE_TYPES:
        return
    try:
        disposition = part.get_content_disposition()
    except Exception:
        disposition = None
    if ctype in BODY_TYPES and disposition != "attachment" and not _filename(part):
        if not bodies:
            return
        text = part_text(part)
        if ctype == "text/html":
            text = html_text(text)
        for block in PGP_BLOCK.findall(text):  # inline PGP: the message is there but cannot be read
            yield _child(w, part, block.encode(), "application/pgp-encrypted", kind="encrypted")
        yield from body_segments(PGP_BLOCK.sub("", text))
        return
    yield _child(w, part, part.get_payload(decode=True) or b"", None)


def message_segments(item: Item, msg: Message, options) -> Iterator[Segment | Item]:
    for name in PARTY_HEADERS:
        text = party_text(msg, name)
        if text:
            yield Segment(text, field=f"header:{name}", prose=False)
    subject = header_text(msg, "subject")
    if subject.strip():
        yield Segment(subject, field="subject")
    yield from _walk(_Walk(item, options), msg, bodies=True)


@extractor(["message/rfc822", "message/global"])
def rfc822(item: Item, options) -> Iterator[Segment | Item]:
    yield from message_segments(item, parse(item.read()), options)


@extractor(["message/x-emlx"])
def emlx(item: Item, options) -> Iterator[Segment | Item]:
    """Apple Mail: the message's byte count on the first line, the message, then an XML property list."""
    data = item.read()
    first = data.find(b"\n") + 1
    count = int(data[:first].strip() or 0)
    yield from message_segments(item, parse(data[first:first + count] if count else data[first:]), options)


# PKCS #7 content types (DER-encoded OIDs): an opaque-signed S/MIME entity is readable in principle, but
# pdscan does not unpack it, so it must not be reported as encrypted either.
PKCS7_SIGNED_DATA = bytes.fromhex("2a864886f70d010702")


@extractor(list(ENCRYPTED_TYPES))
def encrypted(item: Item, options) -> Iterator[Segment | Item]:
    if "pgp" in (item.media_type or ""):
        raise Unscannable("PGP-encrypted content: cannot be read without the recipient's key")
    if PKCS7_SIGNED_DATA in item.head(64):
        raise Unscannable("S/MIME opaque-signed content (PKCS #7 signed-data): the signed message inside is not unpacked")
    raise Unscannable("S/MIME-encrypted content: cannot be read without the recipient's key")
    yield  # a generator like every extractor


# --- message items for the mail connectors ---------------------------------------------------------------

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
        values += _raw_header(msg, name)
    for display, addr in getaddresses(values):
        if "@" in addr:
            parties[hash_value("EMAIL_ADDRESS", addr)] = None
        if display.strip():
            parties[hash_value("PERSON", clean(display))] = None
    return Envelope(clean(mid) if mid else None, sent, note, tuple(parties))


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
    info = dict(meta or {})
    info["folder"] = "/".join(folder)
    if env.parties:
        info["parties"] = list(env.parties)
    if env.date_note:
        info["date_note"] = env.date_note
    return parent.child(suffix, kind, media_type="message/rfc822", size=size, path=path,
                        payload=raw if keep else None, modified=modified or env.sent,
                        timestamps={"sent": env.sent}, meta=info)
