"""Writes the fuzz seeds in tests/fuzz/seeds/: one small real file per format, made with the libraries pdscan
already depends on (or by hand where no writer exists), each carrying synthetic personal data so a mutated copy
still exercises the detectors. Run `python -m tests.fuzz.make_seeds` after changing it; the seeds are committed so
the fuzz tests never depend on library versions writing the same bytes."""
from __future__ import annotations

import bz2
import csv
import gzip
import io
import lzma
import re
import sqlite3
import struct
import tarfile
import tempfile
import zipfile
from email.message import EmailMessage
from pathlib import Path

SEEDS = Path(__file__).with_name("seeds")
NAME, EMAIL, PHONE = "Kari Nordmann", "kari.nordmann@example.no", "+47 412 34 567"
ROWS = [["Name", "Email", "Phone"], [NAME, EMAIL, PHONE], ["Ola Hansen", "ola@example.com", "+47 913 45 678"]]
LINE = f"Contact {NAME} at {EMAIL} or {PHONE}."


def docx() -> bytes:
    import docx as python_docx

    doc = python_docx.Document()
    doc.core_properties.author = NAME
    doc.add_paragraph(LINE)
    table = doc.add_table(rows=0, cols=3)
    for row in ROWS:
        cells = table.add_row().cells
        for cell, value in zip(cells, row):
            cell.text = value
    doc.sections[0].header.paragraphs[0].text = "Personnel file"
    return _slim(_saved(doc), extra={"word/embeddings/staff.csv": csv_file()})


def xlsx() -> bytes:
    import openpyxl
    from openpyxl.comments import Comment

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Staff"
    for row in ROWS:
        ws.append(row)
    ws["A2"].comment = Comment("checked", NAME)
    ws.oddHeader.center.text = "HR list"
    return _saved(wb)


def pptx() -> bytes:
    from pptx import Presentation

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes.title.text = "Team"
    slide.placeholders[1].text = LINE
    slide.notes_slide.notes_text_frame.text = f"Ask {NAME}"
    return _slim(_saved(prs))


def odt() -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    doc = OpenDocumentText()
    doc.text.addElement(P(text=LINE))
    return _saved(doc)


def ods() -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="Staff")
    for row in ROWS:
        tr = TableRow()
        for value in row:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=value))
            tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    return _saved(doc)


def _saved(doc) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


# Package parts no extractor reads (styles, themes, masters, thumbnails): dropped so seeds stay a few KB and
# mutations land in the parts that matter.
BULK = re.compile(r"word/(styles|stylesWithEffects|numbering|fontTable|settings|webSettings)\.xml|.*theme\d*\.xml|"
                  r"docProps/thumbnail\.\w+|ppt/(slideMasters|slideLayouts|notesMasters|printerSettings)/.*|"
                  r"ppt/(presProps|viewProps|tableStyles)\.xml")


def _slim(package: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if not BULK.fullmatch(info.filename):
                dst.writestr(info.filename, src.read(info))
        for name, data in (extra or {}).items():
            dst.writestr(name, data)
    return buf.getvalue()


def pdf() -> bytes:
    """A one-page PDF with a text layer, Info dictionary and an embedded file, written by hand (exact xref)."""
    text = f"BT /F1 12 Tf 72 720 Td ({LINE}) Tj ET".encode()
    attached = "\n".join(",".join(r) for r in ROWS).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [(staff.csv) 6 0 R] >> >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Filespec /F (staff.csv) /UF (staff.csv) /EF << /F 7 0 R >> >>",
        b"<< /Type /EmbeddedFile /Length %d >>\nstream\n%s\nendstream" % (len(attached), attached),
        b"<< /Author (%s) /Title (Staff) >>" % NAME.encode(),
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 8 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def rtf() -> bytes:
    return ("{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Arial;}}\\f0\\fs20 "
            f"{LINE}\\par Ansatt: Kj\\'e6re {NAME}\\par{{\\*\\pict\\pngblip 89504e47}}}}").encode()


def html() -> bytes:
    rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in ROWS)
    return (f"<!doctype html><html><head><title>Staff</title><style>p{{}}</style></head><body><p>{LINE}</p>"
            f"<table>{rows}</table><script>var x=1;</script></body></html>").encode()


def xml() -> bytes:
    people = "".join(f'<person id="{i}"><name>{r[0]}</name><email>{r[1]}</email><phone>{r[2]}</phone></person>'
                     for i, r in enumerate(ROWS[1:]))
    return f'<?xml version="1.0" encoding="UTF-8"?><!-- staff --><staff xmlns="urn:x">{people}</staff>'.encode()


def csv_file() -> bytes:
    buf = io.StringIO()
    csv.writer(buf).writerows(ROWS)
    return buf.getvalue().encode()


def json_file() -> bytes:
    import json

    return json.dumps({"staff": [dict(zip(ROWS[0], r)) for r in ROWS[1:]], "note": LINE}).encode()


def message() -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = f"{NAME} <{EMAIL}>"
    msg["To"] = "Ola Hansen <ola@example.com>"
    msg["Subject"] = "Staff list"
    msg["Date"] = "Mon, 02 Jun 2025 10:00:00 +0200"
    msg["Message-ID"] = "<seed-1@example.no>"
    msg.set_content(f"Hi,\n{LINE}\n> quoted: {PHONE}\n")
    msg.add_alternative(f"<p>{LINE}</p>", subtype="html")
    msg.add_attachment(csv_file(), maintype="text", subtype="csv", filename="staff.csv")
    return msg


def eml() -> bytes:
    return bytes(message())


def mbox() -> bytes:
    one = bytes(message())
    two = one.replace(b"seed-1", b"seed-2").replace(b"Staff list", b"Re: Staff list")
    return (b"From kari@example.no Mon Jun  2 10:00:00 2025\n" + one
            + b"\nFrom ola@example.com Mon Jun  2 11:00:00 2025\n" + two)


def vcf() -> bytes:
    return (f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{NAME}\r\nN:Nordmann;Kari;;;\r\nEMAIL:{EMAIL}\r\n"
            f"TEL;TYPE=cell:{PHONE}\r\n"
            "NOTE:folded line that continues\r\n  here\r\nEND:VCARD\r\n").encode()


def ics() -> bytes:
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:1@example.no\r\nDTSTART:20250602T100000Z\r\n"
            f"SUMMARY:Appraisal {NAME}\r\nATTENDEE;CN={NAME}:mailto:{EMAIL}\r\nDESCRIPTION:Call {PHONE}\\nthanks\r\n"
            "END:VEVENT\r\nEND:VCALENDAR\r\n").encode()


def dbf() -> bytes:
    """dBase III: 32-byte header, 32-byte field descriptors, 0x0D, fixed-width records, 0x1A."""
    fields = [("NAME", 20), ("EMAIL", 30), ("PHONE", 16)]
    record_len = 1 + sum(w for _, w in fields)
    header_len = 32 + 32 * len(fields) + 1
    out = bytearray(struct.pack("<BBBBIHH20x", 3, 125, 6, 2, len(ROWS) - 1, header_len, record_len))
    for name, width in fields:
        out += struct.pack("<11sc4xB15x", name.encode(), b"C", width)
    out += b"\x0d"
    for row in ROWS[1:]:
        out += b" " + b"".join(v.encode("latin-1").ljust(w) for v, (_, w) in zip(row, fields))
    return bytes(out + b"\x1a")


def sqlite_db() -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "staff.sqlite")
        con = sqlite3.connect(path)
        con.execute("create table staff (name text, email text, phone text, hired date)")
        con.executemany("insert into staff values (?, ?, ?, '2020-01-01')", ROWS[1:])
        con.commit()
        con.close()
        return path.read_bytes()


def zip_file() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("staff.csv", csv_file())
        zf.writestr("notes/letter.txt", LINE)
        zf.writestr("cv.rtf", rtf(), compress_type=zipfile.ZIP_STORED)
    return buf.getvalue()


def tar_file(mode: str = "w") -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=mode) as tf:
        for name, data in (("staff.csv", csv_file()), ("mail/one.eml", eml())):
            info = tarfile.TarInfo(name)
            info.size, info.mtime = len(data), 1_700_000_000
            tf.addfile(info, io.BytesIO(data))
    return buf.getvalue()


SEED_FILES = {
    "staff.docx": docx, "staff.xlsx": xlsx, "team.pptx": pptx, "letter.odt": odt, "staff.ods": ods,
    "staff.pdf": pdf, "cv.rtf": rtf, "staff.html": html, "staff.xml": xml, "staff.csv": csv_file,
    "staff.json": json_file, "mail.eml": eml, "inbox.mbox": mbox, "kari.vcf": vcf, "meeting.ics": ics,
    "staff.dbf": dbf, "staff.sqlite": sqlite_db, "bundle.zip": zip_file, "bundle.tar": tar_file,
    "bundle.tar.gz": lambda: tar_file("w:gz"), "letter.txt.gz": lambda: gzip.compress(LINE.encode(), mtime=0),
    "letter.txt.bz2": lambda: bz2.compress(LINE.encode()), "letter.txt.xz": lambda: lzma.compress(LINE.encode()),
}


def main() -> None:
    SEEDS.mkdir(exist_ok=True)
    for name, make in SEED_FILES.items():
        data = make()
        (SEEDS / name).write_bytes(data)
        print(f"{name}: {len(data)} bytes")


if __name__ == "__main__":
    main()
