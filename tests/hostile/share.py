"""A hostile but realistic file share, generated into a folder: `build(root, canary_url)`.

Every case is a top-level entry of the share whose name starts with its id (`h07-...`), so its rows can be
found in the store whatever form a name that is not UTF-8 takes there. A case says which status its own row(s)
must end with and, for containers, which status at least one row inside it must have, and it lists the
personal data planted in it (valid fødselsnummer, e-mail, phone, IBAN from the project's own generators),
none of which may ever appear raw in what pdscan prints or stores.

Outside the share, `root/outside/` holds the canary: files with their own planted values that links and
XML external entities in the share point at. Nothing may read them. Deterministic: the same root and
canary url give the same bytes (tar and zip times are fixed, random data comes from seeded generators).
Run `python -m tests.hostile.share DIR` to build one by hand.
"""
from __future__ import annotations

import bz2
import gzip
import io
import os
import random
import re
import socket
import sqlite3
import struct
import sys
import tarfile
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from pdscan.detect import validators
from pdscan.evaluate.nordic_set import fnr, kontonr

SEED = 11
ZIP_TIME = (2024, 5, 17, 12, 0, 0)
TAR_TIME = 1715947200  # 2024-05-17
EUID_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
ANY_CHILD = None  # marker: no expectation on the rows inside


@dataclass(frozen=True)
class Pii:
    """One person's planted values; each case has its own, so a leak names its case."""

    fnr: str
    email: str
    phone: str
    iban: str

    def values(self) -> tuple[str, ...]:
        return (self.fnr, self.email, self.phone, self.iban)

    def text(self) -> str:
        return (f"Ansatt: Kari Nordmann, fødselsnummer {self.fnr}, e-post {self.email}, mobil {self.phone}, "
                f"lønnskonto IBAN {self.iban}.\n")


@dataclass
class Case:
    cid: str  # h01 ... : the share entry's name starts with "<cid>-"
    what: str
    status: frozenset[str]  # what the case's own row(s) may end as
    child: frozenset[str] | None = ANY_CHILD  # at least one row inside the case has one of these
    message: str | None = None  # a word the message of the case's row (or a child's) must contain
    pii: list[Pii] = field(default_factory=list)
    found: tuple[str, ...] = ()  # entities the scan must report for this case (the reader really works)
    rows_optional: bool = False  # the entry may be gone before it is listed (vanishing files)


def S(*statuses: str) -> frozenset[str]:
    return frozenset(statuses)


class Share:
    """Builds cases into `root/share`; `case(...)` returns the path to write and records the expectation."""

    def __init__(self, root: Path, canary_url: str):
        self.root = Path(root)
        self.share = self.root / "share"
        self.outside = self.root / "outside"
        self.canary_url = canary_url
        self.rng = random.Random(SEED)
        self.cases: list[Case] = []
        self.planted = 0
        self.share.mkdir(parents=True)
        self.outside.mkdir()
        self.canary = self.new_pii()
        self.canary_file = self.outside / "canary.txt"
        self.canary_file.write_text("Hemmelig: " + self.canary.text(), encoding="utf-8")
        (self.outside / "dir").mkdir()
        (self.outside / "dir" / "canary-in-dir.txt").write_text(self.canary.text(), encoding="utf-8")

    def new_pii(self) -> Pii:
        self.planted += 1
        iban = _iban_no(kontonr(self.rng))
        phone = ""
        while not validators.phone(phone):  # not every mobile range is allocated
            d = f"4{self.rng.randrange(10**7):07d}"
            phone = f"+47 {d[:3]} {d[3:5]} {d[5:]}"
        p = Pii(fnr=fnr(self.rng), email=f"kari.nordmann{self.planted}.{self.rng.randrange(10**4)}@example.no",
                phone=phone, iban=iban)
        assert validators.no_fodselsnummer(p.fnr) and validators.iban(p.iban) and validators.email(p.email)
        return p

    def case(self, name: str | bytes, what: str, status: frozenset[str], **kw) -> tuple[bytes, Case]:
        cid = f"h{len(self.cases) + 1:02d}"
        raw = name if isinstance(name, bytes) else name.encode("utf-8", "surrogateescape")
        c = Case(cid, what, status, **kw)
        self.cases.append(c)
        return os.fsencode(self.share) + b"/" + cid.encode() + b"-" + raw, c

    def text_case(self, name: str | bytes, what: str, status=S("ok"), encoding="utf-8", **kw) -> Case:
        path, c = self.case(name, what, status, **kw)
        p = self.new_pii()
        c.pii.append(p)
        _write(path, p.text().encode(encoding))
        return c


def _write(path: bytes | Path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)


def _iban_no(account: str) -> str:
    """A Norwegian IBAN around a valid account number (ISO 13616 mod 97)."""
    bban = "".join(c for c in account if c.isdigit())
    check = 98 - int(bban + "2324" + "00") % 97  # N=23, O=24
    iban = f"NO{check:02d}{bban}"
    return " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))


# --- containers built byte by byte, so their damage is exactly the one intended -----------------------------

def _crc_table() -> list[int]:
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ 0xEDB88320 if c & 1 else c >> 1
        table.append(c)
    return table


CRC = _crc_table()


def _zipcrypto(data: bytes, password: bytes, crc: int, rng: random.Random) -> bytes:
    """Traditional PKWARE encryption (what "password-protected zip" means for most tools)."""
    keys = [0x12345678, 0x23456789, 0x34567890]

    def update(b: int) -> None:
        keys[0] = (keys[0] >> 8) ^ CRC[(keys[0] ^ b) & 0xFF]
        keys[1] = ((keys[1] + (keys[0] & 0xFF)) * 134775813 + 1) & 0xFFFFFFFF
        keys[2] = (keys[2] >> 8) ^ CRC[(keys[2] ^ (keys[1] >> 24)) & 0xFF]

    for b in password:
        update(b)
    out = bytearray()
    for b in bytes(rng.randrange(256) for _ in range(11)) + bytes([crc >> 24]) + data:
        t = keys[2] | 2
        out.append(b ^ (((t * (t ^ 1)) >> 8) & 0xFF))
        update(b)
    return bytes(out)


@dataclass
class RawMember:
    name: str
    packed: bytes
    size: int
    crc: int
    method: int = 8
    flags: int = 0
    offset: int | None = None  # central directory entry pointing at another member's header (overlap)


def raw_zip(members: list[RawMember]) -> bytes:
    """A zip written by hand: local headers, data, central directory, end record."""
    out = io.BytesIO()
    offsets = []
    for m in members:
        if m.offset is not None:
            offsets.append(m.offset)
            continue
        offsets.append(out.tell())
        name = m.name.encode()
        out.write(struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, m.flags, m.method, 0, 0x58B1, m.crc,
                              len(m.packed), m.size, len(name), 0) + name + m.packed)
    cd = out.tell()
    for m, off in zip(members, offsets):
        name = m.name.encode()
        out.write(struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, m.flags, m.method, 0, 0x58B1, m.crc,
                              len(m.packed), m.size, len(name), 0, 0, 0, 0, 0, off) + name)
    end = out.tell()
    out.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(members), len(members), end - cd, cd, 0))
    return out.getvalue()


def deflated(name: str, data: bytes, **kw) -> RawMember:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return RawMember(name, c.compress(data) + c.flush(), len(data), zlib.crc32(data), **kw)


def zip_bytes(members: dict[str, bytes], compress: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compress) as zf:
        for name, data in members.items():
            zf.writestr(zipfile.ZipInfo(name, ZIP_TIME), data, compress_type=compress)
    return buf.getvalue()


def zeros_zip(name: str, size: int) -> bytes:
    """A zip holding `size` zero bytes, streamed so the generator never holds them."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        info = zipfile.ZipInfo(name, ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(info, "w", force_zip64=size > 2**31) as fh:
            block = bytes(1 << 20)
            for _ in range(size >> 20):
                fh.write(block)
    return buf.getvalue()


def patch_zip(data: bytes, member: str, fn: Callable[[bytes], bytes]) -> bytes:
    """The same package with one part rewritten (to plant a DOCTYPE in Office XML)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    return zip_bytes({n: (fn(src.read(n)) if n == member else src.read(n)) for n in src.namelist()})


def tar_bytes(entries: list[tuple[tarfile.TarInfo, bytes | None]], mode: str = "w") -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=mode, format=tarfile.GNU_FORMAT) as tf:
        for info, data in entries:
            info.mtime = TAR_TIME
            if data is not None:
                info.size = len(data)
            tf.addfile(info, io.BytesIO(data) if data is not None else None)
    return buf.getvalue()


def tar_entry(name: str, kind: bytes = tarfile.REGTYPE, **kw) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    for k, v in kw.items():
        setattr(info, k, v)
    return info


def pdf_bytes(text: str) -> bytes:
    """A one-page PDF with a real text layer (Helvetica, WinAnsi), xref offsets computed."""
    body = text.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    lines = b"".join(b"(" + line + b") Tj T* " for line in body.split(b"\n") if line)
    stream = b"BT /F1 10 Tf 14 TL 40 800 Td " + lines + b"ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def encrypted_pdf(text: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(text))))
    writer.encrypt(user_password="hemmelig", owner_password="eier", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def docx_bytes(text: str) -> bytes:
    import docx

    d = docx.Document()
    for line in text.splitlines():
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    return fixed_times(buf.getvalue())


def xlsx_bytes(rows: list[list[str]]) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return fixed_times(buf.getvalue())


def fixed_times(package: bytes) -> bytes:
    """python-docx and openpyxl stamp the current time into docProps/core.xml; fixed bytes need a fixed one."""
    stamp = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
    return patch_zip(package, "docProps/core.xml", lambda b: stamp.sub(b"2024-05-17T12:00:00Z", b))


def with_doctype(xml: bytes, doctype: bytes, before: bytes, entity_ref: bytes) -> bytes:
    """Plant a DOCTYPE after the XML declaration and an entity reference in front of `before`."""
    decl_end = xml.index(b"?>") + 2 if xml.startswith(b"<?xml") else 0
    xml = xml[:decl_end] + b"\n" + doctype + xml[decl_end:]
    return xml.replace(before, entity_ref + before, 1)


def laughs(root: bytes = b"lol") -> bytes:
    ents = [b'<!ENTITY lol0 "lol">'] + [b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10) for i in range(1, 10)]
    return b"<!DOCTYPE " + root + b" [" + b"".join(ents) + b"]>"


def external(root: bytes, target: str) -> bytes:
    return b'<!DOCTYPE ' + root + b' [<!ENTITY xxe SYSTEM "' + target.encode() + b'">]>'


def mime_mail(p: Pii, extra_headers: bytes = b"", body: bytes | None = None) -> bytes:
    return (b"From: Kari Nordmann <" + p.email.encode() + b">\r\nTo: hr@example.no\r\nSubject: Ny ansatt\r\n"
            b"Date: Fri, 17 May 2024 12:00:00 +0200\r\nMessage-ID: <hostile@example.no>\r\n" + extra_headers +
            b"\r\n" + (body if body is not None else p.text().encode()))


# --- the cases ---------------------------------------------------------------------------------------------

def build(root: Path, canary_url: str = "http://127.0.0.1:9/canary") -> Share:
    s = Share(root, canary_url)
    for add in (names, encodings, sizes, specials, archives, office, pdfs, mail_and_data):
        add(s)
    return s


def names(s: Share) -> None:
    s.text_case("control.txt", "plain UTF-8 text: the control case", found=("EMAIL_ADDRESS", "NO_FODSELSNUMMER"))
    s.text_case(b"l\xe6rer-\xf8ye-\xe5s.txt", "file name in Latin-1 bytes (not UTF-8)", found=("EMAIL_ADDRESS",))
    s.text_case(b"surrogate-\xed\xa0\x80.txt", "file name with a UTF-8-encoded lone surrogate", found=("EMAIL_ADDRESS",))
    s.text_case(b"bad-\xff\xfe-\x80.txt", "file name with bytes that start no UTF-8 sequence")
    s.text_case("line\nbreak\r\nname.txt", "newline and carriage return in the file name", found=("EMAIL_ADDRESS",))
    s.text_case("rtl-\u202etxt.exe\u202c-\u200f.txt", "right-to-left override and RTL marks in the name")
    s.text_case("long-" + "x" * (255 - len("h07-long-") - 4) + ".txt", "255-byte file name (ASCII)")
    s.text_case("lang-" + "æ" * ((255 - len("h08-lang-") - 4) // 2) + ".txt", "file name near 255 bytes of two-byte characters")
    path, c = s.case("dots", "folder holding files named '...' and '.hidden' and '-rf'", S("ok"))
    os.mkdir(path)
    for name in ("...", ".hidden", "-rf", " leading space", "trailing space "):
        p = s.new_pii()
        c.pii.append(p)
        _write(path + b"/" + name.encode(), p.text().encode())
    path, c = s.case(b"dir-\xe6\xf8\xe5", "folder whose name is Latin-1 bytes, holding a UTF-8-named file", S("ok"))
    os.mkdir(path)
    p = s.new_pii()
    c.pii.append(p)
    _write(path + "/kåre.txt".encode(), p.text().encode())


def encodings(s: Share) -> None:
    def enc_case(name, what, encode, found=("EMAIL_ADDRESS",)):
        path, c = s.case(name, what, S("ok"), found=found)
        p = s.new_pii()
        c.pii.append(p)
        _write(path, encode(("Æsj, søknaden fra Kåre Ødegård er kommet.\n" + p.text()) * 3))

    enc_case("utf16le-bom.txt", "UTF-16 LE with BOM", lambda t: b"\xff\xfe" + t.encode("utf-16-le"))
    enc_case("utf16be-bom.txt", "UTF-16 BE with BOM", lambda t: b"\xfe\xff" + t.encode("utf-16-be"))
    enc_case("utf16le-nobom.txt", "UTF-16 LE without BOM", lambda t: t.encode("utf-16-le"))
    enc_case("latin1.txt", "ISO-8859-1", lambda t: t.encode("latin-1"))
    enc_case("cp1252.txt", "Windows-1252 with curly quotes and the euro sign",
             lambda t: ("\u201cLønn\u201d \u20ac 52\u2009000 \u2013 " + t).encode("cp1252", "replace"))
    enc_case("shiftjis.txt", "Shift-JIS (Japanese) with ASCII personal data",
             lambda t: ("社員名簿：山田太郎、東京都千代田区。\n" * 20 + t.replace("Æ", "A").replace("ø", "o").replace("Ø", "O")
                        .replace("å", "a").replace("æ", "ae")).encode("shift_jis"))
    enc_case("utf8-bom.csv", "CSV in UTF-8 with BOM", lambda t: b"\xef\xbb\xbf" + ("navn;notat\nKari;" + t.replace("\n", " ")
                                                                                   + "\n").encode())
    enc_case("mixed.txt", "UTF-8 lines followed by Latin-1 lines in one file",
             lambda t: t.encode("utf-8") + "Søknad fra Åse\n".encode("latin-1") * 50)


def sizes(s: Share) -> None:
    path, c = s.case("huge-line.txt", "24 MB of text in one line, no newline", S("ok", "skipped"))
    p = s.new_pii()
    c.pii.append(p)
    filler = b"lorem ipsum dolor sit amet " * 38_000  # ~1 MB
    with open(path, "wb") as fh:
        fh.write(p.text().encode().rstrip(b"\n") + b" ")
        for _ in range(24):
            fh.write(filler)
        fh.write(p.text().encode().rstrip(b"\n"))
    path, c = s.case("sparse-3g.bin", "sparse 3 GiB file over --max-file-size", S("skipped"), message="max-file-size")
    with open(path, "wb") as fh:
        fh.truncate(3 * 1024**3)
    path, c = s.case("empty.txt", "empty file", S("no_text"))
    _write(path, b"")
    path, c = s.case("nul.bin", "1 MiB of NUL bytes", S("no_text", "skipped"))
    _write(path, bytes(1 << 20))
    path, c = s.case("nul.txt", "NUL bytes under a .txt name", S("no_text", "skipped"))
    _write(path, bytes(1 << 20))
    path, c = s.case("cells.csv", "CSV with a million one-character cells (1000 x 1000)", S("ok", "skipped"))
    p = s.new_pii()
    c.pii.append(p)
    row = ",".join("a" * 1000) + "\n"
    _write(path, ("e-post," + p.email + "\n").encode() + row.encode() * 1000)
    path, c = s.case("long-lines.log", "log of 200 lines of 200 kB each", S("ok", "skipped"))
    p = s.new_pii()
    c.pii.append(p)
    with open(path, "wb") as fh:
        for i in range(200):
            fh.write(b"GET /api?q=" + b"A" * 200_000 + (p.email.encode() if i == 100 else b"") + b"\n")


def specials(s: Share) -> None:
    path, c = s.case("fifo", "named pipe (a read would block forever)", S("skipped"))
    os.mkfifo(path)
    path, c = s.case("socket", "Unix socket left behind by a program", S("skipped"))
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(path)
    sock.close()
    path, c = s.case("loop", "folder with a symlink loop (a -> b -> a) and a link to itself", S("skipped"))
    os.mkdir(path)
    os.symlink("b", path + b"/a")
    os.symlink("a", path + b"/b")
    os.symlink(".", path + b"/self")
    path, c = s.case("link-out.txt", "symlink to the canary file outside the share", S("skipped"))
    os.symlink(s.canary_file, path)
    path, c = s.case("link-out-dir", "symlink to a folder outside the share", S("skipped"))
    os.symlink(s.outside / "dir", path)
    path, c = s.case("link-abs-etc", "symlink to /etc/passwd", S("skipped"))
    os.symlink("/etc/passwd", path)
    path, c = s.case("dangling", "symlink to nothing", S("skipped"))
    os.symlink(s.root / "nowhere", path)
    # A hard link is the file itself, not a reference: its bytes are in the share, so they are scanned as
    # share content (the link's target has its own values, not the canary's).
    path, c = s.case("hardlink.txt", "hard link to a file outside the share", S("ok"))
    p = s.new_pii()
    c.pii.append(p)
    target = s.outside / "hardlinked.txt"
    target.write_text(p.text(), encoding="utf-8")
    os.link(target, path)
    path, c = s.case("locked", "folder with mode 000 (root reads it anyway)", S("ok") if EUID_ROOT else S("error"))
    os.mkdir(path)
    p = s.new_pii()
    c.pii.append(p)
    _write(path + b"/inside.txt", p.text().encode())
    os.chmod(path, 0)
    path, c = s.case("locked-file.txt", "file with mode 000", S("ok") if EUID_ROOT else S("error"))
    p = s.new_pii()
    c.pii.append(p)
    _write(path, p.text().encode())
    os.chmod(path, 0)
    # The test removes these while the scan runs: each ends as a row (ok, or an error saying it vanished)
    # or is gone before it is listed.
    path, c = s.case("vanishing", "200 files deleted while the scan runs", S("ok", "error"), rows_optional=True)
    os.mkdir(path)
    for i in range(200):
        _write(path + b"/f%03d.txt" % i, b"nothing personal %d\n" % i)


def archives(s: Share) -> None:
    path, c = s.case("bomb-ratio.zip", "zip bomb: one 200 MiB member of zeros", S("ok"), child=S("skipped"), message="zip bomb")
    _write(path, zeros_zip("zeros.bin", 200 << 20))
    path, c = s.case("bomb-42.zip", "42.zip-style nested bomb: 4 levels of 8 zips, 16 MiB of zeros at the leaves",
                     S("ok"), child=S("skipped"))
    leaf = zeros_zip("0.bin", 16 << 20)
    level = leaf
    for depth in range(4):
        level = zip_bytes({f"{i}.zip": level for i in range(8 if depth < 3 else 2)})
    _write(path, level)
    path, c = s.case("bomb-overlap.zip", "overlapping entries: 5,000 directory entries share one 1 MiB member",
                     S("ok", "error", "skipped"))
    kernel = deflated("k.txt", b"a" * (1 << 20))
    members = [kernel] + [RawMember("k.txt", kernel.packed, kernel.size, kernel.crc, offset=0) for _ in range(4999)]
    _write(path, raw_zip(members))
    path, c = s.case("bomb.gz", "gzip of 1 GiB of zeros", S("ok"), child=S("skipped"))
    with gzip.GzipFile(filename="", mode="wb", fileobj=open(path, "wb"), mtime=0) as gz:
        block = bytes(1 << 20)
        for _ in range(1024):
            gz.write(block)
    path, c = s.case("encrypted.zip", "password-protected zip (ZipCrypto)", S("ok"), child=S("unscannable"))
    p = s.new_pii()
    c.pii.append(p)
    data = p.text().encode()
    enc = _zipcrypto(data, b"hemmelig", zlib.crc32(data), s.rng)
    _write(path, raw_zip([RawMember("ansatte.txt", enc, len(data), zlib.crc32(data), method=0, flags=1)]))
    path, c = s.case("truncated.zip", "zip cut in half", S("ok", "error"), pii=[])
    ps = [s.new_pii() for _ in range(4)]
    c.pii.extend(ps)
    whole = zip_bytes({f"ansatt{i}.txt": (p.text() * 50).encode() for i, p in enumerate(ps)})
    _write(path, whole[: len(whole) // 2])
    path, c = s.case("tar-dotdot.tar", "tar with ../ member names", S("ok"), child=S("ok"))
    ps = [s.new_pii() for _ in range(2)]
    c.pii.extend(ps)
    _write(path, tar_bytes([(tar_entry("../../etc/cron.d/evil"), ps[0].text().encode()),
                            (tar_entry("a/../../../outside/canary.txt"), ps[1].text().encode())]))
    path, c = s.case("tar-abs.tar", "tar with absolute member names", S("ok"), child=S("ok"))
    p = s.new_pii()
    c.pii.append(p)
    _write(path, tar_bytes([(tar_entry("/etc/shadow"), p.text().encode()), (tar_entry("//root/.ssh/id_rsa"), b"x\n")]))
    path, c = s.case("tar-devices.tar", "tar with device, fifo, symlink and hard-link members", S("ok"))
    p = s.new_pii()
    c.pii.append(p)
    _write(path, tar_bytes([
        (tar_entry("dev/sda", tarfile.BLKTYPE, devmajor=8, devminor=0), None),
        (tar_entry("dev/null", tarfile.CHRTYPE, devmajor=1, devminor=3), None),
        (tar_entry("pipe", tarfile.FIFOTYPE), None),
        (tar_entry("link-out", tarfile.SYMTYPE, linkname=str(s.canary_file)), None),
        (tar_entry("hard-out", tarfile.LNKTYPE, linkname=str(s.canary_file)), None),
        (tar_entry("real.txt"), p.text().encode()),
    ]))
    path, c = s.case("deep.zip", "zip nested 9 deep, beyond --archive-depth", S("ok"), child=S("skipped"), message="archive-depth")
    p = s.new_pii()
    c.pii.append(p)
    inner = p.text().encode()
    for i in range(9):
        inner = zip_bytes({f"level{8 - i}.zip" if i else "bunn.txt": inner})
    _write(path, inner)
    path, c = s.case("truncated.gz", "gzip cut short", S("error"))
    p = s.new_pii()
    c.pii.append(p)
    whole = gzip.compress((p.text() * 500).encode(), mtime=0)
    _write(path, whole[: len(whole) // 2])
    path, c = s.case("corrupt.tar.gz", "tar.gz whose stream breaks after the first member", S("ok", "error"))
    ps = [s.new_pii() for _ in range(2)]
    c.pii.extend(ps)
    tgz = gzip.compress(tar_bytes([(tar_entry("a.txt"), ps[0].text().encode()),
                                   (tar_entry("b.txt"), (ps[1].text() * 2000).encode())]), mtime=0)
    _write(path, tgz[: len(tgz) * 2 // 3] + bytes(s.rng.randrange(256) for _ in range(500)))
    path, c = s.case("garbage.bz2", "bzip2 magic followed by garbage", S("error"))
    _write(path, b"BZh91AY&SY" + bytes(s.rng.randrange(256) for _ in range(4000)))
    path, c = s.case("tar-in-bz2.tar.bz2", "a valid tar.bz2 (control for the compressed readers)", S("ok"),
                     child=S("ok"), found=())
    p = s.new_pii()
    c.pii.append(p)
    _write(path, bz2.compress(tar_bytes([(tar_entry("notat.txt"), p.text().encode())])))
    path, c = s.case("many-members.zip", "zip with 3,000 tiny members (over --archive-members in the test)",
                     S("ok"), child=S("skipped"), message="archive-members")
    _write(path, zip_bytes({f"m{i:04d}.txt": b"hei %d\n" % i for i in range(3000)}))


def office(s: Share) -> None:
    canary = s.canary_file.as_uri()

    def docx_case(name, what, doctype, ref, status=S("ok", "error"), found=()):
        path, c = s.case(name, what, status, found=found)
        p = s.new_pii()
        c.pii.append(p)
        data = docx_bytes(p.text())
        _write(path, patch_zip(data, "word/document.xml",
                               lambda x: with_doctype(x, doctype, b"</w:t>", ref) if doctype else x))
        return c

    def xlsx_case(name, what, doctype, ref, status=S("ok", "error")):
        path, c = s.case(name, what, status)
        p = s.new_pii()
        c.pii.append(p)
        data = xlsx_bytes([["Navn", "E-post", "Fødselsnummer"], ["Kari Nordmann", p.email, p.fnr]])
        _write(path, patch_zip(data, "xl/sharedStrings.xml", lambda x: with_doctype(x, doctype, b"</t>", ref)))

    docx_case("control.docx", "a valid .docx (control)", None, b"", S("ok"), found=("EMAIL_ADDRESS",))
    docx_case("xxe-file.docx", "docx with an external entity pointing at the canary file",
              external(b"w:document", canary), b"&xxe;")
    docx_case("xxe-url.docx", "docx with an external entity pointing at the canary url",
              external(b"w:document", s.canary_url), b"&xxe;")
    docx_case("laughs.docx", "docx with a billion-laughs DOCTYPE", laughs(b"w:document"), b"&lol9;")
    xlsx_case("xxe-file.xlsx", "xlsx whose shared strings hold an external entity to the canary file",
              external(b"sst", canary), b"&xxe;")
    xlsx_case("laughs.xlsx", "xlsx whose shared strings hold a billion-laughs DOCTYPE", laughs(b"sst"), b"&lol9;")

    def xml_case(name, what, doc: bytes):
        path, c = s.case(name, what, S("ok", "error"))
        p = s.new_pii()
        c.pii.append(p)
        _write(path, doc.replace(b"PII", p.text().encode()))

    xml_case("xxe.svg", "SVG with an external entity to the canary file",
             b'<?xml version="1.0"?>\n' + external(b"svg", canary) +
             b'\n<svg xmlns="http://www.w3.org/2000/svg"><text>&xxe; PII</text></svg>\n')
    xml_case("xxe-param.xml", "XML with an external DTD and parameter entity at the canary url",
             b'<?xml version="1.0"?>\n<!DOCTYPE r SYSTEM "' + s.canary_url.encode() + b'/dtd" [<!ENTITY % p SYSTEM "'
             + s.canary_url.encode() + b'/p"> %p;]>\n<r><note>PII</note></r>\n')
    xml_case("laughs.xml", "XML billion laughs", b'<?xml version="1.0"?>\n' + laughs(b"r") + b"\n<r>&lol9; PII</r>\n")
    xml_case("quadratic.xml", "XML quadratic blow-up: one 100 kB entity used 20,000 times",
             b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a "' + b"a" * 100_000 + b'">]>\n<r>'
             + b"&a;" * 20_000 + b" PII</r>\n")
    path, c = s.case("truncated.docx", "docx cut in half", S("error"))
    p = s.new_pii()
    c.pii.append(p)
    data = docx_bytes(p.text() * 30)
    _write(path, data[: len(data) // 2])
    path, c = s.case("corrupt.xlsx", "xlsx whose sheet part is random bytes", S("error"))
    p = s.new_pii()
    c.pii.append(p)
    data = xlsx_bytes([["E-post"], [p.email]])
    _write(path, patch_zip(data, "xl/worksheets/sheet1.xml", lambda x: bytes(s.rng.randrange(256) for _ in range(3000))))
    path, c = s.case("bomb-part.docx", "docx whose document.xml inflates to 300 MB", S("ok", "error", "skipped"))
    p = s.new_pii()
    c.pii.append(p)
    data = docx_bytes(p.text())
    _write(path, patch_zip(data, "word/document.xml", lambda x: x.replace(b"<w:body>", b"<w:body>" + b" " * (300 << 20), 1)))
    path, c = s.case("password.docx", "password-protected Word document (encrypted OOXML in OLE)", S("unscannable"))
    p = s.new_pii()
    c.pii.append(p)
    _write(path, _encrypt_office(docx_bytes(p.text()), s))
    path, c = s.case("garbage.doc", "OLE magic followed by garbage, .doc name", S("error"))
    _write(path, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(s.rng.randrange(256) for _ in range(8000)))


def _encrypt_office(plain: bytes, s: Share) -> bytes:
    """msoffcrypto-tool (installed with oletools, which extract-msg needs) writes the standard encrypted
    package; its random salt is drawn from os.urandom, so only this file's bytes differ between builds."""
    import msoffcrypto.format.ooxml

    out = io.BytesIO()
    msoffcrypto.format.ooxml.OOXMLFile(io.BytesIO(plain)).encrypt("hemmelig", out)
    return out.getvalue()


def pdfs(s: Share) -> None:
    path, c = s.case("control.pdf", "a valid PDF with a text layer (control)", S("ok"), found=("EMAIL_ADDRESS",))
    p = s.new_pii()
    c.pii.append(p)
    _write(path, pdf_bytes(p.text()))
    path, c = s.case("encrypted.pdf", "PDF that needs a user password", S("unscannable"))
    p = s.new_pii()
    c.pii.append(p)
    _write(path, encrypted_pdf(p.text()))
    path, c = s.case("truncated.pdf", "PDF cut before its xref", S("ok", "error", "no_text"))
    p = s.new_pii()
    c.pii.append(p)
    data = pdf_bytes(p.text())
    _write(path, data[: data.index(b"xref")])
    path, c = s.case("garbage.pdf", "%PDF- header followed by garbage", S("error"))
    _write(path, b"%PDF-1.7\n" + bytes(s.rng.randrange(256) for _ in range(20000)))
    path, c = s.case("polyglot.pdf", "a PDF that is also a zip (zip appended, offsets relative to the PDF)",
                     S("ok", "error", "no_text"))
    ps = [s.new_pii() for _ in range(2)]
    c.pii.extend(ps)
    _write(path, pdf_bytes(ps[0].text()) + zip_bytes({"hidden.txt": ps[1].text().encode()}))
    path, c = s.case("polyglot.zip", "a zip with a PDF in front of it (read as what its first bytes say)",
                     S("ok", "error", "no_text"))
    ps = [s.new_pii() for _ in range(2)]
    c.pii.extend(ps)
    _write(path, pdf_bytes(ps[0].text()) + zip_bytes({"hidden.txt": ps[1].text().encode()}))


def mail_and_data(s: Share) -> None:
    path, c = s.case("broken.mbox", "mbox with an unclosed MIME boundary, bad base64 and a bogus charset", S("ok", "error"))
    ps = [s.new_pii() for _ in range(2)]
    c.pii.extend(ps)
    broken = (b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"XX\"\r\n",
              b"--XX\r\nContent-Type: text/plain; charset=x-no-such-charset\r\n\r\n" + ps[0].text().encode() +
              b"\r\n--XX\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n%%%not base64!!\r\n")
    _write(path, b"From kari@example.no Fri May 17 12:00:00 2024\n" + mime_mail(ps[0], *broken) +
           b"\nFrom kari@example.no Fri May 17 12:00:00 2024\n" + mime_mail(ps[1]) + b"\n")
    path, c = s.case("huge-header.eml", "message with a 2 MB Subject and 20,000 Received headers", S("ok", "error"))
    p = s.new_pii()
    c.pii.append(p)
    _write(path, mime_mail(p, b"Subject: " + b"A" * (2 << 20) + b"\r\n" +
                           b"Received: from x by y; Fri, 17 May 2024 12:00:00 +0200\r\n" * 20_000))
    path, c = s.case("nested.eml", "message nested 2,000 multipart levels deep", S("ok", "error"))
    p = s.new_pii()
    c.pii.append(p)
    body = p.text().encode()
    for i in range(2000):
        body = (b"--b%d\r\nContent-Type: multipart/mixed; boundary=\"b%d\"\r\n\r\n" % (i, i + 1)) + body + b"\r\n--b%d--\r\n" % i
    _write(path, mime_mail(p, b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b0\"\r\n", body))
    path, c = s.case("garbage.msg", "random bytes under a .msg name", S("error", "skipped"))
    _write(path, bytes(s.rng.randrange(256) for _ in range(6000)))
    path, c = s.case("ole-garbage.msg", "OLE magic then garbage under a .msg name", S("error"))
    _write(path, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(s.rng.randrange(256) for _ in range(6000)))
    path, c = s.case("garbage.pst", "PST magic '!BDN' then garbage", S("error"))
    _write(path, b"!BDN" + bytes(s.rng.randrange(256) for _ in range(20000)))
    path, c = s.case("corrupt.sqlite", "SQLite header followed by garbage", S("error"))
    _write(path, b"SQLite format 3\x00" + bytes(s.rng.randrange(256) for _ in range(8000)))
    path, c = s.case("truncated.sqlite", "SQLite database cut in half", S("ok", "error"))
    ps = [s.new_pii() for _ in range(3)]
    c.pii.extend(ps)
    db = s.root / "tmp.sqlite"
    con = sqlite3.connect(db)
    con.execute("create table ansatt (navn text, epost text, fnr text, notat text)")
    con.executemany("insert into ansatt values (?, ?, ?, ?)",
                    [("Kari Nordmann", p.email, p.fnr, "x" * 3000) for p in ps * 20])
    con.commit()
    con.close()
    data = db.read_bytes()
    db.unlink()
    _write(path, data[: len(data) // 2])
    path, c = s.case("nested.json", "JSON nested 100,000 arrays deep", S("ok", "error"))
    p = s.new_pii()
    c.pii.append(p)
    _write(path, b"[" * 100_000 + b'"' + p.email.encode() + b'"' + b"]" * 100_000)
    path, c = s.case("nested.html", "HTML with 50,000 unclosed <div>s", S("ok", "error"))
    p = s.new_pii()
    c.pii.append(p)
    _write(path, b"<html><body>" + b"<div>" * 50_000 + p.text().encode() + b"</body></html>")
    path, c = s.case("braces.rtf", "RTF with 100,000 nested groups", S("ok", "error", "no_text"))
    p = s.new_pii()
    c.pii.append(p)
    _write(path, b"{\\rtf1 " + b"{" * 100_000 + p.text().encode() + b"}" * 100_000 + b"}")


def main(argv: list[str]) -> None:
    share = build(Path(argv[0]))
    for c in share.cases:
        print(f"{c.cid}  {'/'.join(sorted(c.status)):<22} {c.what}")
    print(f"{len(share.cases)} cases in {share.share}")


if __name__ == "__main__":
    main(sys.argv[1:])
