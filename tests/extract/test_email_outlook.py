"""Outlook formats read in place from the corpus: .msg (extract-msg), .pst (libpff) found on a share, TNEF
winmail.dat, and vCard/iCalendar items that travel with mail."""
from __future__ import annotations

from pdscan.options import ScanOptions
from tests.conftest import corpus_path
from tests.extract.helpers import item_for, rows, run


def fields(item) -> dict[str, str]:
    out: dict[str, str] = {}
    for s in run(item)[0]:
        out[s.field] = out.get(s.field, "") + s.text
    return out


def test_msg_mail_gives_parties_subject_body_and_attachments():
    item = item_for(corpus_path("mail-tika", "testMSG_att_msg.msg"))
    assert item.media_type == "application/vnd.ms-outlook"
    f = fields(item)
    assert f["header:from"] == "Nick Booth <nick.booth@pof.com.au>" and "nick.booth@pof.com.au" in f["header:to"]
    assert f["subject"] == "test email" and "1 msg attachment" in f["body"]
    children = run(item)[1]
    embedded, pdf = children
    assert embedded.media_type == "application/vnd.ms-outlook" and embedded.payload.startswith(b"\xd0\xcf\x11\xe0")
    assert fields(embedded)["subject"] == "Test Attachment"
    assert pdf.name == "smbprn.00009008.KdcPjl.pdf" and pdf.payload.startswith(b"%PDF")
    assert all(status == "ok" for status, _ in rows(item).values())


def test_msg_recipients_in_cc_and_bcc():
    f = fields(item_for(corpus_path("mail-ruby-msg", "qwerty_2-with_custom_properties.msg")))
    assert f["header:cc"] == "Johnathan <johnno@nowhere.com>"
    assert f["header:bcc"] == "Lowe, Charles <Charles.Lowe@freehills.com>"
    assert "Direct 61 2 9322 4181" in f["body"]


def test_msg_contact_keeps_its_properties():
    f = fields(item_for(corpus_path("mail-tika", "testMSG_Contact.msg")))
    assert f["subject"] == "Quick Brown Fox Jr"
    assert "properties" in f and "@" in f["properties"]


def test_msg_body_falls_back_to_html_and_rtf_and_splits_quotes():
    f = fields(item_for(corpus_path("mail-tika", "testMSG_forwarded.msg")))
    assert "Forwarded Body" in f["body"] and "Paul Allan Hill" in f["body:quoted"]


def test_rfc822_text_with_a_msg_name_is_read_as_mail():
    item = item_for(corpus_path("mail-aleph", "fnf.msg"))
    assert item.media_type == "message/rfc822"
    assert "header:from" in fields(item)


def test_pst_on_a_share_expands_to_message_children():
    item = item_for(corpus_path("mail-tika", "testPST_variousBodyTypes.pst"))
    children = run(item)[1]
    assert len(children) == 4 and all(c.kind == "message" for c in children)
    assert all("/Top of Outlook data file/Inbox/tmp/" in c.uri for c in children)
    bodies = [fields(c) for c in children]
    assert bodies[0]["body"].startswith("This is the original email")
    # The RTF-only and HTML-only bodies are read too; the forwarded text is quoted.
    assert all("body" in b or "body:quoted" in b for b in bodies)
    assert all(status == "ok" for status, _ in rows(item).values())


def test_pst_within_the_member_limit_reports_the_rest_unread():
    item = item_for(corpus_path("mail-aleph", "testPST.pst"))
    result = rows(item, ScanOptions(workers=1, archive_members=2))
    assert sum(u.startswith(f"{item.uri}#/") for u in result) == 2
    assert result[f"{item.uri}#unread"][0] == "skipped"


def test_tnef_winmail_dat_gives_body_and_attachments():
    item = item_for(corpus_path("mail-tika", "testWINMAIL.dat"))
    assert item.media_type == "application/vnd.ms-tnef"
    segs, children = run(item)
    assert [c.name for c in children] == ["quick.doc", "quick.html", "quick.pdf", "quick.txt", "quick.xml"]
    assert "Five files from Hell!" in "\n".join(s.text for s in segs)  # the RTF body
    assert all(status == "ok" for status, _ in rows(item).values())


def test_vcard_and_icalendar_give_property_lines():
    card = fields(item_for(corpus_path("mail-aleph", "john-doe.vcf")))["body"]
    assert "FN: John Doe" in card and "EMAIL: johnDoe@example.org" in card and "TEL: +1 617 555 1212" in card
    qp = fields(item_for(corpus_path("mail-aleph", "multiline_quoted_printable.vcf")))["body"]
    assert "FN: Max Müüüüüller" in qp
    ics = fields(item_for(corpus_path("mail-aleph", "meetup.ics")))["body"]
    assert "ATTENDEE: mailto:pudo@occrp.org" in ics and "BEGIN" not in ics


def test_msg_file_row_is_dated_by_its_sent_date():
    from pdscan.run import worker
    from tests.extract.helpers import NoDetector

    item = item_for(corpus_path("mail-tika", "testMSG.msg"))
    (row,) = worker.scan_one(item, ScanOptions(workers=1), NoDetector()).items
    assert row.item.timestamps["sent"].isoformat().startswith("2009-01-29T19:16:40")
