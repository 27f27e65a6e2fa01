import json

from pdscan.extract._segments import SEGMENT_CHARS, table_lines
from pdscan.extract.text import guess_encoding
from tests.conftest import corpus_path

from .helpers import item_for, payload_item, run, text_of


def test_table_lines_label_values_with_the_header_after_title_rows():
    rows = [["Staff list 2024", "", ""], ["", "", ""], ["First name", "Last name", "Phone"],
            ["Ola", "Nordmann", "412 34 567"], ["Kari", "", "+47 22 33 44 55"]]
    assert list(table_lines(rows)) == [
        "Staff list 2024", "First name; Last name; Phone",
        "First name: Ola; Last name: Nordmann; Phone: 412 34 567", "First name: Kari; Phone: +47 22 33 44 55"]


def test_table_without_header_keeps_bare_values():
    assert list(table_lines([[1, 2], [3, 4.0]])) == ["1; 2", "3; 4"]
    tagged = [["I", "O"], ["går", "O"], ["traff", "O"], ["Ola", "B-PER"], ["Nordmann", "I-PER"]]
    assert list(table_lines(tagged))[:2] == ["I; O", "går; O"]


def test_csv_semicolon_cp1252_streams_into_bounded_segments(tmp_path):
    lines = ["Fornavn;Etternavn;Telefon"] + [f"Bjørn{i};Ødegård;+47 412 34 {i % 1000:03d}" for i in range(4000)]
    p = tmp_path / "ansatte.csv"
    p.write_bytes("\r\n".join(lines).encode("cp1252"))
    segments, children = run(item_for(p))
    assert not children and len(segments) > 1
    assert all(len(s.text) <= SEGMENT_CHARS and not s.prose and s.field == "table" for s in segments)
    assert segments[0].text.splitlines()[1] == "Fornavn: Bjørn0; Etternavn: Ødegård; Telefon: +47 412 34 000"


def test_tsv_by_content():
    it = payload_item(b"name\temail\nKari\tkari@example.no\n", "export.tsv")
    assert "name: Kari; email: kari@example.no" in text_of(it)


def test_encoding_guess_prefers_western_european_for_norwegian():
    assert guess_encoding("Bjørn bor på Grünerløkka i Sørkedalen".encode("cp1252")) == "cp1252"
    assert guess_encoding("Lübeck und Neumünster".encode("mac_roman")) == "mac_roman"


def test_non_utf8_csv_from_aleph_decodes():
    text = text_of(item_for(corpus_path("docs-aleph", "countries_nonutf.csv")))
    assert "GEN_Destatis: Lübeck, Hansestadt" in text


def test_json_objects_become_labelled_lines_and_json_lines_work():
    doc = {"employees": [{"name": "Kari Nordmann", "email": "kari@example.no", "address": {"city": "Oslo"}}]}
    assert text_of(payload_item(json.dumps(doc).encode(), "e.json")).splitlines() == [
        "name: Kari Nordmann; email: kari@example.no", "city: Oslo"]
    jl = b'{"name": "Ola"}\n{"name": "Kari"}\n'
    assert text_of(payload_item(jl, "e.jsonl")).splitlines() == ["name: Ola", "name: Kari"]


def test_broken_json_is_read_as_text():
    it = payload_item(b'{"name": "Ola Nordmann", broken', "x.json")
    assert it.media_type == "application/json"
    assert "Ola Nordmann" in text_of(it)


def test_xml_values_keep_their_element_names_and_no_entities_are_expanded():
    data = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<r><person id="7"><name>Ola Nordmann</name><phone>412 34 567</phone></person><n>&x;</n></r>')
    text = text_of(payload_item(data, "p.xml"))
    assert "name: Ola Nordmann" in text and "phone: 412 34 567" in text and "id: 7" in text
    assert "root:" not in text


def test_html_visible_text_only():
    page = (b"<html><head><title>CV</title><style>.a{color:red}</style><script>var secret='x1';</script></head>"
            b"<body><p>Name: <b>Ola</b> Nordmann</p><table><tr><th>Contact</th><th>Phone</th></tr>"
            b"<tr><td>Kari <i>Nordmann</i></td><td>412 34 567</td></tr></table><p>Bye</p></body></html>")
    lines = text_of(payload_item(page, "cv.html")).splitlines()
    assert lines == ["CV", "Name: Ola Nordmann", "Contact; Phone", "Contact: Kari Nordmann; Phone: 412 34 567", "Bye"]


def test_html_layout_tables_keep_their_blocks_and_inner_data_tables_are_labelled():
    page = (b"<table><tr><td><p>Dear Ola</p><p>Welcome</p></td><td>"
            b"<table><tr><th>Name</th><th>Mobile</th></tr><tr><td>Kari</td><td>412 34 567</td></tr></table>"
            b"</td></tr></table>")
    assert text_of(payload_item(page, "mail.html")).splitlines() == [
        "Dear Ola", "Welcome", "Name; Mobile", "Name: Kari; Mobile: 412 34 567"]


def test_html_that_looks_like_a_url_is_read_without_parser_warnings(recwarn):
    assert text_of(payload_item(b"https://example.no/kari.nordmann", "x.html")) == "https://example.no/kari.nordmann"
    assert not recwarn.list


def test_tika_html_files_are_html():
    for name in ("resume.html", "testHTML.html", "testXHTML.html"):
        it = item_for(corpus_path("docs-tika", name))
        assert it.media_type == "text/html"
    assert "Test Indexation Html" in text_of(item_for(corpus_path("docs-tika", "testHTML.html")))


def test_rtf_text_and_code_page():
    assert "Článek týdne" in text_of(item_for(corpus_path("docs-tika", "testRTFWord2010CzechCharacters.rtf")))
    assert "Here is some text." in text_of(item_for(corpus_path("docs-tika", "testComment.rtf")))


def test_dbf_rows_are_labelled():
    text = text_of(item_for(corpus_path("docs-aleph", "PAK_adm1.dbf")))
    assert "NAME_0: Pakistan; ID_1: 1; NAME_1: Azad Kashmir" in text


def test_segments_split_a_very_long_line_and_keep_offsets():
    from pdscan.extract._segments import lines_to_segments

    segments = list(lines_to_segments(["a" * (SEGMENT_CHARS + 10), "short"], field="body"))
    assert [len(s.text) for s in segments] == [SEGMENT_CHARS, 10 + 1 + len("short")]
    assert segments[1].offset == SEGMENT_CHARS


def test_xml_entity_expansion_bomb_is_not_expanded():
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            + b"".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">'.encode() for i in range(1, 9))
            + b"]><lolz>&lol8;</lolz>")
    assert len(text_of(payload_item(bomb, "bomb.xml"))) < 10_000
