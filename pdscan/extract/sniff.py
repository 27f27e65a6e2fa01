"""Media type from content first (magic bytes, container layout), the file name only to break ties.

`sniff(head, name)` looks at the first bytes only; `sniff_item(item)` also looks inside OLE and ZIP
containers (their directory can sit anywhere in the file) to tell a Word file from an Outlook item,
an encrypted Office file or an embedded-object wrapper.
"""
from __future__ import annotations

import mimetypes
import re
import struct
import zipfile

from ..model import Item

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
    (0, b"\x78\x9f\x3e\x22", "application/vnd.ms-tnef"),
    (0, b"SQLite format 3\x00", "application/vnd.sqlite3"),
    (0, b"\x89PNG\r\n\x1a\n", "image/png"),
    (0, b"\xff\xd8\xff", "image/jpeg"),
    (0, b"GIF8", "image/gif"),
    (0, b"II*\x00", "image/tiff"),
    (0, b"MM\x00*", "image/tiff"),
    (0, b"BM", "image/bmp"),
    (0, b"\xd7\xcd\xc6\x9a", "image/wmf"),
    (40, b" EMF", "image/emf"),
    (8, b"WEBP", "image/webp"),
    (0, b"RIFF", "application/octet-stream"),
    (0, b"\x00\x01\x00\x00Standard Jet DB", "application/x-msaccess"),
    (0, b"\x00\x01\x00\x00Standard ACE DB", "application/x-msaccess"),
    (257, b"ustar", "application/x-tar"),
]
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")

# ZIP member name prefix -> media type, for OOXML packages (their parts name the application).
OOXML = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
# OLE stream name -> media type; the first stream found in this order wins.
OLE_STREAMS: list[tuple[str, str]] = [
    ("EncryptedPackage", "application/x-ooxml-encrypted"),
    ("__properties_version1.0", "application/vnd.ms-outlook"),
    ("WordDocument", "application/msword"),
    ("Workbook", "application/vnd.ms-excel"),
    ("Book", "application/vnd.ms-excel"),
    ("PowerPoint Document", "application/vnd.ms-powerpoint"),
    ("\x01Ole10Native", "application/x-ole-object"),
    ("CONTENTS", "application/x-ole-object"),
    ("package", "application/x-ole-object"),
    ("Package", "application/x-ole-object"),
]
OLE_BY_EXT = {
    ".msg": "application/vnd.ms-outlook", ".doc": "application/msword", ".xls": "application/vnd.ms-excel",
    ".ppt": "application/vnd.ms-powerpoint",
}
# Extensions whose guessed type wins over plain text when the content alone cannot tell.
TEXT_BY_NAME = ("text/csv", "text/tab-separated-values", "text/markdown", "text/html", "application/json",
                "application/xml")
# mbox: the From_ line ("From sender Mon Jun  1 10:00:00 2009"); Apple Mail .emlx: a byte count, then a message.
MBOX_FROM_LINE = re.compile(rb"From \S+ +\w{3},? +\w{3} +\d{1,2} +\d{1,2}:\d\d")
EMLX_START = re.compile(rb"\d+ *\r?\n")
# (delimiter, fewest per line, media type), tried in order for text files that name no format.
DELIMITED = [(b"\t", 1, "text/tab-separated-values"), (b";", 1, "text/csv"), (b"|", 1, "text/csv"), (b",", 2, "text/csv")]
MAIL_HEADER = re.compile(rb"^(Return-Path|Received|From|To|Subject|Date|Message-ID|MIME-Version|Delivered-To|X-[\w-]+):", re.I | re.M)
HTML_TAG = re.compile(rb"<(!doctype html|html|head|body|div|p|table|span|br|style|script|title|meta|a)[\s>/]", re.I)

mimetypes.add_type("text/markdown", ".md")
mimetypes.add_type("application/vnd.dbf", ".dbf")


def _ext(name: str | None) -> str:
    return ("." + name.rsplit(".", 1)[-1].lower()) if name and "." in name else ""


def _zip_kind(head: bytes, name: str | None) -> str:
    # ODF stores an uncompressed `mimetype` member first: its local header gives the exact length.
    if head[30:38] == b"mimetype" and len(head) >= 30:
        size = struct.unpack("<I", head[22:26])[0]
        mt = head[38:38 + min(size, 100)]
        if re.fullmatch(rb"application/[\w.+-]+", mt):
            return mt.decode()
    for prefix, mt in OOXML.items():
        if prefix.encode() in head:
            return mt
    guessed = mimetypes.guess_type(name or "")[0]
    if guessed and ("officedocument" in guessed or "opendocument" in guessed or guessed.endswith("epub+zip")):
        return guessed
    return "application/zip"


def _ole_kind(head: bytes, name: str | None) -> str:
    if _ext(name) in OLE_BY_EXT:
        return OLE_BY_EXT[_ext(name)]
    for stream, mt in OLE_STREAMS:
        if stream.encode("utf-16-le") in head:
            return mt
    if "__substg1.0_".encode("utf-16-le") in head:
        return "application/vnd.ms-outlook"
    return "application/x-ole-storage"


def _text_kind(head: bytes, name: str | None) -> str | None:
    """For content that decodes as text: mail, mbox, HTML, XML, JSON, CSV, else plain text."""
    if b"\x00" in head[:4096] and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:512]
    low = start.lower()
    if start.startswith(b"From ") and (MAIL_HEADER.search(head[:4096]) or MBOX_FROM_LINE.match(start)):
        return "application/mbox"
    if (count := EMLX_START.match(start)) and MAIL_HEADER.match(start[count.end():]):
        return "message/x-emlx"
    if len(MAIL_HEADER.findall(head[:4096])) >= 2 and MAIL_HEADER.match(start):
        return "message/rfc822"
    if low.startswith(b"<"):
        # Markup: HTML when HTML elements appear early (fragments and comment-led pages included).
        return "text/html" if HTML_TAG.search(head[:4096]) else "application/xml"
    if low.startswith((b"{", b"[")):
        return "application/json"
    if low.startswith(b"begin:vcard"):
        return "text/vcard"
    if low.startswith(b"begin:vcalendar"):
        return "text/calendar"
    guessed = mimetypes.guess_type(name or "")[0]
    if guessed in TEXT_BY_NAME:
        return guessed
    return _delimited_kind(head) or "text/plain"


def _delimited_kind(head: bytes) -> str | None:
    """A table exported as .txt or .dat: every one of the first lines splits into the same number of
    columns on one delimiter (commas only from three columns up, as prose has commas too)."""
    lines = [line for line in head.split(b"\n")[:-1][:20] if line.strip()]
    if len(lines) < 3:
        return None
    for delimiter, minimum, media_type in DELIMITED:
        counts = {line.count(delimiter) for line in lines}
        if len(counts) == 1 and counts.pop() >= minimum:
            return media_type
    return None


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
    guessed = mimetypes.guess_type(name or "")[0]
    if guessed == "application/vnd.dbf":  # dBase has no magic number; its name is the best evidence
        return guessed
    text = _text_kind(head, name)
    if text:
        return text
    return guessed or "application/octet-stream"


def _ole_streams(item: Item) -> str | None:
    import olefile

    with item.open() as fh:
        ole = olefile.OleFileIO(fh)
        try:
            names = {"/".join(entry) for entry in ole.listdir(streams=True, storages=True)}
        finally:
            ole.close()
    for stream, mt in OLE_STREAMS:
        if stream in names:
            return mt
    if any(n.startswith("__substg1.0_") for n in names):
        return "application/vnd.ms-outlook"
    return None


def _zip_parts(item: Item) -> str | None:
    with item.open() as fh, zipfile.ZipFile(fh) as zf:
        names = zf.namelist()
        if "mimetype" in names:
            mt = zf.read("mimetype")[:100].strip()
            if re.fullmatch(rb"application/[\w.+-]+", mt):
                return mt.decode()
        if "[Content_Types].xml" in names:
            for prefix, mt in OOXML.items():
                if any(n.startswith(prefix) for n in names):
                    return mt
    return None


def sniff_item(item: Item) -> str:
    """The media type of an item: magic bytes, then the container's own directory for OLE and ZIP."""
    head = item.head(8192)
    mt = sniff(head, item.name)
    try:
        if head.startswith(OLE):
            return _ole_streams(item) or mt
        if head.startswith(ZIP):
            return _zip_parts(item) or mt
    except Exception:  # a damaged container keeps its first-bytes type; its extractor reports the damage
        return mt
    return mt
