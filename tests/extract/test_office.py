import pytest

from pdscan.errors import Unscannable
from tests.conftest import corpus_path

from .helpers import item_for, payload_item, rows, run, text_of


def test_docx_body_table_header_footer_comment(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("Referat fra møte med Ola Nordmann.")
    t = d.add_table(rows=2, cols=2)
    for cell, value in zip(t.rows[0].cells + t.rows[1].cells, ["Name", "Phone", "Kari Nordmann", "412 34 567"]):
        cell.text = value
    d.sections[0].header.paragraphs[0].text = "Confidential: HR"
    d.sections[0].footer.paragraphs[0].text = "Page footer Per Hansen"
    d.add_comment(d.paragraphs[0].runs, text="Check with Lise", author="Reviewer Name")
    d.core_properties.author = "Anne Author"
    p = tmp_path / "note.docx"
    d.save(p)
    segments, children = run(item_for(p))
    by_field = {s.field: s for s in segments}
    assert by_field["body"].text == "Referat fra møte med Ola Nordmann." and by_field["body"].prose
    assert by_field["table"].text.splitlines() == ["Name; Phone", "Name: Kari Nordmann; Phone: 412 34 567"]
    assert not by_field["table"].prose
    assert by_field["header"].text == "Confidential: HR" and by_field["footer"].text == "Page footer Per Hansen"
    assert "Check with Lise" in by_field["comment"].text
    assert "creator: Anne Author" in by_field["properties"].text
    assert by_field["authors"].text == "author: Reviewer Name" and not by_field["authors"].prose
    assert children == []


def test_docx_text_boxes_footnotes_endnotes_from_tika():
    text = text_of(item_for(corpus_path("docs-tika", "testWORD_text_box.docx")))
    assert "This text is inside of a text box in the body of the document." in text
    assert text.count("inside of a text box in the body") == 1  # the VML fallback copy is not read twice
    assert "snoska" in text_of(item_for(corpus_path("docs-tika", "footnotes.docx")))
    assert "Endnote Test" in text_of(item_for(corpus_path("docs-tika", "testWORD_endnote_table.docx")))


def test_xlsx_every_sheet_with_headers(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "Ansatte"
    wb.active.append(["Fornavn", "Etternavn", "Telefon"])
    wb.active.append(["Ola", "Nordmann", "412 34 567"])
    wb.active.oddHeader.left.text = "Prepared by Per & Lise Hansen"
    wb.active.oddFooter.center.text = "Page &P of &N"
    other = wb.create_sheet("Kunder")
    other.append(["E-post"])
    other.append(["kari@example.no"])
    p = tmp_path / "people.xlsx"
    wb.save(p)
    segments, _ = run(item_for(p))
    fields = {s.field: s.text for s in segments}
    assert "Fornavn: Ola; Etternavn: Nordmann; Telefon: 412 34 567" in fields["sheet:Ansatte"]
    assert "E-post: kari@example.no" in fields["sheet:Kunder"]
    assert fields["header"] == "Prepared by Per & Lise Hansen" and fields["footer"] == "Page of"


def test_xlsx_headers_and_footers_from_tika():
    fields = {s.field: s.text for s in run(item_for(corpus_path("docs-tika", "testEXCEL_headers_footers.xlsx")))[0]}
    assert "Header - Author: John Smith" in fields["header"] and "Footer - Author: John Smith" in fields["footer"]


def test_comment_authors_in_workbooks_and_presentations():
    xlsx_fields = {s.field: s.text for s in run(item_for(corpus_path("docs-tika", "testComment.xlsx")))[0]}
    assert xlsx_fields["authors"].startswith("author: ")
    pptx_fields = {s.field: s.text for s in run(item_for(corpus_path("docs-tika", "testComment.pptx")))[0]}
    assert pptx_fields["authors"].startswith("author: ")


def test_staff_list_names_from_aleph():
    text = text_of(item_for(corpus_path("docs-aleph", "staff_list.xlsx")))
    assert "first_name: Karina; last_name: Shedrofsky; company: OCCRP" in text
    assert "first_name: Jan; last_name: Strozyk" in text


def test_strict_ooxml_workbook():
    text = text_of(item_for(corpus_path("docs-tika", "testEXCEL.strict.xlsx")))
    assert "Test spreadsheet" in text and "Start of 2nd sheet" in text


def test_pptx_slides_notes_tables(tmp_path):
    from pptx import Presentation
    from pptx.util import Inches

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = "Kickoff with Ola Nordmann"
    table = slide.shapes.add_table(2, 2, Inches(1), Inches(2), Inches(4), Inches(1)).table
    for (r, c), v in {(0, 0): "Name", (0, 1): "Mobile", (1, 0): "Kari", (1, 1): "+47 412 34 567"}.items():
        table.cell(r, c).text = v
    slide.notes_slide.notes_text_frame.text = "Remember to call Per"
    p = tmp_path / "deck.pptx"
    prs.save(p)
    fields = {s.field: s.text for s in run(item_for(p))[0]}
    assert fields["slide:1"] == "Kickoff with Ola Nordmann"
    assert fields["slide:1:table"].splitlines()[1] == "Name: Kari; Mobile: +47 412 34 567"
    assert "Remember to call Per" in fields["notes:1"]


def test_odt_and_ods_built_with_odfpy(tmp_path):
    from odf.opendocument import OpenDocumentSpreadsheet, OpenDocumentText
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentText()
    doc.text.addElement(P(text="Søknad fra Kari Nordmann"))
    doc.save(tmp_path / "letter.odt")
    assert text_of(item_for(tmp_path / "letter.odt")) .startswith("Søknad fra Kari Nordmann")

    ods = OpenDocumentSpreadsheet()
    sheet = Table(name="Kontakter")
    for values in (["Navn", "Telefon"], ["Ola", "412 34 567"]):
        row = TableRow()
        for v in values:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=v))
            row.addElement(cell)
        sheet.addElement(row)
    ods.spreadsheet.addElement(sheet)
    ods.save(tmp_path / "book.ods")
    fields = {s.field: s.text for s in run(item_for(tmp_path / "book.ods"))[0]}
    assert "Navn: Ola; Telefon: 412 34 567" in fields["sheet:Kontakter"]


def test_phone_numbers_in_tika_odt():
    text = text_of(item_for(corpus_path("docs-tika", "testPhoneNumberExtractor.odt")))
    assert "9498888888" in text and "(949) 666 - 6666" in text


@pytest.mark.parametrize("where,name", [
    ("docs-tika", "testWORD_protected_passtika.docx"), ("docs-tika", "testEXCEL_protected_passtika.xlsx"),
    ("docs-tika", "testPPT_protected_passtika.pptx"), ("docs-tika", "testODTEncrypted.odt"),
    ("docs-aleph", "encypted_by_libreoffice.odt"), ("docs-aleph", "password_protected.xls"),
    ("docs-aleph", "password_protected.xlsx"),
])
def test_encrypted_office_files_are_unscannable(where, name):
    with pytest.raises(Unscannable, match="password-protected"):
        run(item_for(corpus_path(where, name)))


def test_embedded_objects_are_children_read_recursively():
    it = item_for(corpus_path("docs-tika", "EmbeddedPDF.docx"))
    found = rows(it)
    assert found[it.uri][0] == "ok"
    pdf_rows = [u for u in found if u.endswith(".contents")]
    assert pdf_rows and found[pdf_rows[0]][0] == "ok"
    embedded = rows(item_for(corpus_path("docs-tika", "testWORD_embeded.docx")))
    assert any(u.endswith("Microsoft_Office_Excel_Worksheet1.xlsx") and s == ("ok", None) for u, s in embedded.items())


def test_legacy_office_best_effort():
    assert "This is a sample Microsoft Word Document." in text_of(item_for(corpus_path("docs-tika", "testWORD.doc")))
    assert "The quick brown fox" in text_of(item_for(corpus_path("docs-tika", "testWORD6.doc")))
    assert "Number: 3; Square: 9" in text_of(item_for(corpus_path("docs-tika", "testEXCEL.xls")))
    assert "Sample Powerpoint Slide" in text_of(item_for(corpus_path("docs-tika", "testPPT.ppt")))


@pytest.mark.parametrize("name,message", [
    ("testWORD.doc", "damaged or truncated Office file (OLE): "),
    ("testEXCEL.xls", "damaged or truncated Excel workbook: "),
    ("testWORD.docx", "damaged or truncated Office package: "),
    ("testOpenOffice2.odt", "damaged or truncated OpenDocument package: "),
])
def test_cut_off_office_files_are_error_rows_that_say_so(name, message):
    data = corpus_path("docs-tika", name).read_bytes()
    it = payload_item(data[: len(data) // 2], name)
    status, text = rows(it)[it.uri]
    assert status == "error" and text.startswith(message)


def test_truncated_docx_is_an_error_row_with_the_reason():
    it = item_for(corpus_path("docs-tika", "testWORD_truncated.docx"))
    status, message = rows(it)[it.uri]
    assert status == "error" and message == "damaged or truncated Office package: File is not a zip file"
