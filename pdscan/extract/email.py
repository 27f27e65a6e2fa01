"""RFC 822 / MIME messages: .eml files on a share, messages from mail exports, attached messages.

Parties (From, To, Cc, Bcc, Reply-To, Sender) and the subject become their own segments, so a finding says
which header a person was in. Bodies become text (HTML made visible); quoted replies get their own field,
`body:quoted`, so the engine can analyse a text repeated down a thread once. Every attachment is a child
item that goes through the same extractors as a file; encrypted parts are `unscannable`, never clean.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import getaddresses
from typing import Iterator

from ..errors import Unscannable
from ..model import Item, ItemInfo, Segment
from ..plugins import extractor
from ._segments import lines_to_segments
from .html import visible_lines
from .mail_items import MESSAGE_TYPES, PARTY_HEADERS, attachment_item, clean, raw_header, sent_info
from .text import decode

BODY_TYPES = ("text/plain", "text/html")
ENCRYPTED_TYPES = ("application/pkcs7-mime", "application/x-pkcs7-mime", "multipart/encrypted",
                   "application/pgp-encrypted")
# Detached signatures carry the signer's certificate, whose name and address are already the From party.
SIGNATURE_TYPES = ("application/pkcs7-signature", "application/x-pkcs7-signature", "application/pgp-signature")
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
        lines = [f"{n} <{a}>" if n else a for n, a in getaddresses(raw_header(msg, name))]
    return clean("\n".join(x.strip() for x in lines if x and x.strip()))


def header_text(msg: Message, name: str) -> str:
    try:
        return clean(" ".join(str(v) for v in msg.get_all(name) or []))
    except Exception:
        return clean(" ".join(raw_header(msg, name)))


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


def message_segments(item: Item, raw: bytes, options) -> Iterator[Segment | Item | ItemInfo]:
    info = sent_info(item, raw)
    if info is not None:
        yield info
        item = item.with_(timestamps={**item.timestamps, **info.timestamps})  # attachments are dated like it
    msg = parse(raw)
    for name in PARTY_HEADERS:
        text = party_text(msg, name)
        if text:
            yield Segment(text, field=f"header:{name}", prose=False)
    subject = header_text(msg, "subject")
    if subject.strip():
        yield Segment(subject, field="subject")
    yield from _walk(_Walk(item, options), msg, bodies=True)


@extractor(["message/rfc822", "message/global"])
def rfc822(item: Item, options) -> Iterator[Segment | Item | ItemInfo]:
    yield from message_segments(item, item.read(), options)


@extractor(["message/x-emlx"])
def emlx(item: Item, options) -> Iterator[Segment | Item | ItemInfo]:
    """Apple Mail: the message's byte count on the first line, the message, then an XML property list."""
    data = item.read()
    first = data.find(b"\n") + 1
    count = int(data[:first].strip() or 0)
    yield from message_segments(item, data[first:first + count] if count else data[first:], options)


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


