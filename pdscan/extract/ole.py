"""Legacy Office files in OLE containers, best effort: Word 97-2003 .doc (piece table; Word 6/95 as
8-bit text), Excel .xls (xlrd), PowerPoint .ppt (text atoms), and OLE embedded-object wrappers
(Ole10Native packages, CONTENTS streams) whose payload becomes a child item. Encrypted files are
unscannable; a file whose text cannot be found says so instead of returning garbage."""
from __future__ import annotations

import re
import struct
from contextlib import contextmanager
from typing import Iterator

from ..errors import ItemProblem, Unscannable
from ..model import Item, Segment
from ..plugins import extractor
from ..store.masking import describe_exception
from ._segments import cell_text, lines_to_segments, table_segments

FIELD_CODE = re.compile(r"\x13[^\x13\x14\x15]*\x14?")  # field instruction up to its result separator
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
PPT_TEXT_CHARS, PPT_TEXT_BYTES, PPT_CRYPT_SESSION = 0x0FA0, 0x0FA8, 0x2F14


@contextmanager
def _open_ole(item: Item):
    import olefile

    from olefile.olefile import OleFileError

    with item.open() as fh:
        try:
            with olefile.OleFileIO(fh) as ole:
                yield ole  # sectors are read lazily: a cut-off file may fail in the caller's reads too
        except OleFileError as e:
            raise ItemProblem(f"damaged or truncated Office file (OLE): {describe_exception(e)}") from None


def _clean_word(text: str) -> Iterator[str]:
    text = FIELD_CODE.sub("", text).replace("\x07", "\t").replace("\x15", "")
    text = CONTROL.sub("", text.replace("\r", "\n").replace("\x0b", "\n").replace("\x0c", "\n"))
    for line in text.split("\n"):
        line = "; ".join(c.strip() for c in line.split("\t") if c.strip())
        if line:
            yield line


def word_text(ole) -> str:
    doc = ole.openstream("WordDocument").read()
    ident, nfib = struct.unpack_from("<HH", doc, 0)
    if ident != 0xA5EC and ident != 0xA5DC:
        raise ValueError("not a Word binary document (bad FIB signature)")
    flags = struct.unpack_from("<H", doc, 0x0A)[0]
    if flags & 0x0100:
        raise Unscannable("password-protected Word document (encrypted .doc)")
    if nfib < 0xC0:  # Word 6/95 (nFib 101-105): text is stored as 8-bit characters between fcMin and fcMac
        fc_min, fc_mac = struct.unpack_from("<II", doc, 0x18)
        return doc[fc_min:fc_mac].decode("cp1252", errors="replace")
    table = ole.openstream("1Table" if flags & 0x0200 else "0Table").read()
    fc_clx, lcb_clx = struct.unpack_from("<II", doc, 0x01A2)
    clx = table[fc_clx:fc_clx + lcb_clx]
    pos = 0
    while pos < len(clx) and clx[pos] == 0x01:  # skip property modifiers (Prc) before the piece table
        pos += 3 + struct.unpack_from("<H", clx, pos + 1)[0]
    if pos >= len(clx) or clx[pos] != 0x02:
        raise ValueError("Word document without a readable piece table")
    lcb = struct.unpack_from("<I", clx, pos + 1)[0]
    plc = clx[pos + 5:pos + 5 + lcb]
    n = (lcb - 4) // 12
    cps = struct.unpack_from(f"<{n + 1}I", plc, 0)
    parts = []
    for i in range(n):
        fc = struct.unpack_from("<I", plc, 4 * (n + 1) + 8 * i + 2)[0]
        count = cps[i + 1] - cps[i]
        if fc & 0x40000000:  # compressed: 8-bit cp1252 at half the offset
            start = (fc & 0x3FFFFFFF) // 2
            parts.append(doc[start:start + count].decode("cp1252", errors="replace"))
        else:
            parts.append(doc[fc:fc + 2 * count].decode("utf-16-le", errors="replace"))
    return "".join(parts)


@extractor(["application/msword"])
def doc(item: Item, options) -> Iterator[Segment]:
    with _open_ole(item) as ole:
        if not ole.exists("WordDocument"):
            raise Unscannable("OLE file named like a Word document without a WordDocument stream")
        text = word_text(ole)
    yield from lines_to_segments(_clean_word(text), field="body")


@extractor(["application/vnd.ms-excel"])
def xls(item: Item, options) -> Iterator[Segment]:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=item.read(), on_demand=True, logfile=_Silent())
    except xlrd.XLRDError as e:
        if "encrypt" in str(e).lower():
            raise Unscannable("password-protected Excel workbook (encrypted .xls)") from None
        raise ItemProblem(f"unreadable Excel workbook: {describe_exception(e)}") from None
    except (IndexError, KeyError, ValueError, struct.error, AssertionError) as e:  # xlrd on a cut-off file
        raise ItemProblem(f"damaged or truncated Excel workbook: {describe_exception(e)}") from None
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            yield from table_segments((_xls_row(book, sheet, r) for r in range(sheet.nrows)),
                                      field=f"sheet:{sheet.name}")
            book.unload_sheet(index)
    finally:
        book.release_resources()


def _xls_row(book, sheet, r: int) -> list[str]:
    import xlrd

    out = []
    for cell in sheet.row(r):
        if cell.ctype == xlrd.XL_CELL_DATE:
            try:
                out.append(cell_text(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)))
                continue
            except (ValueError, OverflowError):
                pass
        out.append(cell_text(cell.value) if cell.ctype not in (xlrd.XL_CELL_ERROR, xlrd.XL_CELL_BLANK) else "")
    return out


class _Silent:
    """xlrd writes warnings to a log file object; they describe structure, never help the operator."""

    def write(self, *_):
        pass


def ppt_texts(stream: bytes) -> Iterator[str]:
    pos, end = 0, len(stream)
    while pos + 8 <= end:
        ver_inst, rtype, length = struct.unpack_from("<HHI", stream, pos)
        if rtype == PPT_CRYPT_SESSION:
            raise Unscannable("password-protected PowerPoint presentation (encrypted .ppt)")
        if ver_inst & 0x000F == 0x000F:  # a container: its records follow its header
            pos += 8
            continue
        body = stream[pos + 8:pos + 8 + length]
        if rtype == PPT_TEXT_CHARS:
            yield body.decode("utf-16-le", errors="replace")
        elif rtype == PPT_TEXT_BYTES:
            yield body.decode("cp1252", errors="replace")
        pos += 8 + length


@extractor(["application/vnd.ms-powerpoint"])
def ppt(item: Item, options) -> Iterator[Segment]:
    with _open_ole(item) as ole:
        if ole.exists("EncryptedSummary"):
            raise Unscannable("password-protected PowerPoint presentation (encrypted .ppt)")
        if not ole.exists("PowerPoint Document"):
            raise Unscannable("OLE file named like a presentation without a PowerPoint Document stream")
        stream = ole.openstream("PowerPoint Document").read()
    lines = (line.strip() for text in ppt_texts(stream) for line in CONTROL.sub("", text).replace("\r", "\n").split("\n"))
    yield from lines_to_segments((line for line in lines if line), field="body")


def _native_package(data: bytes) -> tuple[str, bytes]:
    """The file inside an Ole10Native stream: (file name, bytes)."""
    pos = 6  # total size (4) and a flags word (2)
    name_end = data.index(b"\x00", pos)
    name = data[pos:name_end].decode("cp1252", errors="replace")
    pos = data.index(b"\x00", name_end + 1) + 1  # source path
    pos += 4  # reserved
    size = struct.unpack_from("<I", data, pos)[0]
    pos = data.index(b"\x00", pos + 4) + 1  # temporary path
    size = struct.unpack_from("<I", data, pos)[0]
    return name, data[pos + 4:pos + 4 + size]


@extractor(["application/x-ole-object"])
def ole_object(item: Item, options) -> Iterator[Item]:
    """An OLE embedded-object wrapper (what Office stores for an embedded PDF, file or message)."""
    with _open_ole(item) as ole:
        if ole.exists("\x01Ole10Native"):
            name, data = _native_package(ole.openstream("\x01Ole10Native").read())
        else:
            stream = next(s for s in ("CONTENTS", "package", "Package") if ole.exists(s))
            name, data = f"{item.name or 'object'}.{stream.lower()}", ole.openstream(stream).read()
    name = name.replace("\\", "/").rsplit("/", 1)[-1] or "object"
    yield item.child(name, kind="embedded", name=name, size=len(data), payload=data)
