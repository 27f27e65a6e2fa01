"""Media type from content first (magic bytes, container layout), the file name only to break ties."""
from __future__ import annotations

import mimetypes
import re

# (offset, magic, media type); the first match wins.
MAGIC: list[tuple[int, bytes, str]] = [
    (0, b"%PDF-", "application/pdf"),
    (0, b"{\\rtf", "application/rtf"),
    (0, b"\x1f\x8b", "application/gzip"),
    (0, b"BZh", "application/x-bzip2"),
    (0, b"\xfd7zXZ\x00", "application/x-xz"),
    (0, b"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed"),
    (0, b"Rar!\x1a\x07", "application/vnd.rar"),
    (0, b"!BDN", "application/vnd.ms-outlook-pst"),
    (0, b"SQLite format 3\x00", "application/vnd.sqlite3"),
    (0, b"\x89PNG\r\n\x1a\n", "image/png"),
    (0, b"\xff\xd8\xff", "image/jpeg"),
    (0, b"GIF8", "image/gif"),
    (0, b"II*\x00", "image/tiff"),
    (0, b"MM\x00*", "image/tiff"),
    (0, b"BM", "image/bmp"),
    (0, b"RIFF", "application/octet-stream"),
    (0, b"\x00\x01\x00\x00Standard Jet DB", "application/x-msaccess"),
    (0, b"\x00\x01\x00\x00Standard ACE DB", "application/x-msaccess"),
    (257, b"ustar", "application/x-tar"),
]
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")

OOXML = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
OLE_BY_EXT = {
    ".msg": "application/vnd.ms-outlook", ".doc": "application/msword", ".xls": "application/vnd.ms-excel",
    ".ppt": "application/vnd.ms-powerpoint",
}
MAIL_HEADER = re.compile(rb"^(Return-Path|Received|From|To|Subject|Date|Message-ID|MIME-Version|Delivered-To|X-[\w-]+):", re.I | re.M)


def _zip_kind(head: bytes, name: str | None) -> str:
    # ODF puts an uncompressed `mimetype` member first; OOXML names its parts.
    if head[30:38] == b"mimetype":
        m = re.match(rb"application/vnd\.oasis\.opendocument\.[\w.-]+", head[38:120])
        if m:
            return m.group(0).decode()
    for prefix, mt in OOXML.items():
        if prefix.encode() in head:
            return mt
    guessed = mimetypes.guess_type(name or "")[0]
    if guessed and ("officedocument" in guessed or "opendocument" in guessed or guessed.endswith("epub+zip")):
        return guessed
    return "application/zip"


def _ole_kind(head: bytes, name: str | None) -> str:
    ext = ("." + name.rsplit(".", 1)[-1].lower()) if name and "." in name else ""
    if ext in OLE_BY_EXT:
        return OLE_BY_EXT[ext]
    # Outlook items store their properties in "__substg1.0_" streams, named in UTF-16.
    if "__substg1.0_".encode("utf-16-le") in head or "__properties_version1.0".encode("utf-16-le") in head:
        return "application/vnd.ms-outlook"
    if "EncryptedPackage".encode("utf-16-le") in head:
        return "application/x-ooxml-encrypted"
    return "application/x-ole-storage"


def _text_kind(head: bytes, name: str | None) -> str | None:
    """For content that decodes as text: mail, mbox, HTML, XML, JSON, CSV, else plain text."""
    if b"\x00" in head[:4096] and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:512]
    low = start.lower()
    if start.startswith(b"From ") and MAIL_HEADER.search(head[:4096]):
        return "application/mbox"
    if len(MAIL_HEADER.findall(head[:4096])) >= 2 and MAIL_HEADER.match(start):
        return "message/rfc822"
    if low.startswith((b"<!doctype html", b"<html")) or b"<html" in low[:256]:
        return "text/html"
    if low.startswith(b"<?xml") or low.startswith(b"<"):
        return "application/xml" if b"<html" not in low else "text/html"
    if low.startswith((b"{", b"[")):
        return "application/json"
    if low.startswith(b"begin:vcard"):
        return "text/vcard"
    if low.startswith(b"begin:vcalendar"):
        return "text/calendar"
    guessed = mimetypes.guess_type(name or "")[0]
    if guessed in ("text/csv", "text/tab-separated-values", "text/markdown", "text/html", "application/json", "application/xml"):
        return guessed
    return "text/plain"


def sniff(head: bytes, name: str | None = None) -> str:
    for off, magic, mt in MAGIC:
        if head[off:off + len(magic)] == magic:
            return mt
    if head.startswith(ZIP):
        return _zip_kind(head, name)
    if head.startswith(OLE):
        return _ole_kind(head, name)
    if not head:
        return "application/x-empty"
    text = _text_kind(head, name)
    if text:
        return text
    return mimetypes.guess_type(name or "")[0] or "application/octet-stream"
