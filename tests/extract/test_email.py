"""RFC 822 / MIME messages built with the stdlib `email` package: parties, charsets, transfer encodings,
HTML, quoted text, attachments, nested and encrypted parts, broken headers."""
from __future__ import annotations

import base64
import json
import quopri
from email.message import EmailMessage

import pytest

from pdscan.extract.email import split_quoted
from pdscan.extract.mail_items import envelope, message_item, sent_date, uri_label
from pdscan.model import Item
from pdscan.options import ScanOptions
from tests.extract.helpers import payload_item, rows, run


def mail(**headers) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = headers.pop("From", "Ola Nordmann <ola.nordmann@example.no>")
    msg["To"] = headers.pop("To", "Kari Hansen <kari@example.no>, per@example.com")
    msg["Subject"] = headers.pop("Subject", "Søknad om permisjon")
    msg["Date"] = headers.pop("Date", "Tue, 03 Mar 2020 10:15:00 +0100")
    msg["Message-ID"] = headers.pop("Message_ID", "<abc.123@example.no>")
    for k, v in headers.items():
        msg[k.replace("_", "-")] = v
    return msg


def segments(data: bytes, name: str = "m.eml"):
    return run(payload_item(data, name))


def fields(segs) -> dict[str, str]:
    out: dict[str, str] = {}
    for s in segs:
        out[s.field] = out.get(s.field, "") + s.text
    return out


def test_parties_and_subject_are_their_own_segments():
    msg = mail(Cc="Nils Olsen <nils@example.org>", Bcc="hidden@example.net", Reply_To="Svar <svar@example.no>")
    msg.set_content("Hei Kari,\nsender søknaden min.\n")
    segs, children = segments(msg.as_bytes())
    f = fields(segs)
    assert f["header:from"] == "Ola Nordmann <ola.nordmann@example.no>"
    assert f["header:to"].splitlines() == ["Kari Hansen <kari@example.no>", "per@example.com"]
    assert f["header:cc"] == "Nils Olsen <nils@example.org>"
    assert f["header:bcc"] == "hidden@example.net"
    assert f["header:reply-to"] == "Svar <svar@example.no>"
    assert f["subject"] == "Søknad om permisjon"
    assert "sender søknaden min." in f["body"]
    assert all(not s.prose for s in segs if s.field.startswith("header:"))
    assert children == []


TEXT = "Ærlig talt, Øystein Ås bor i Tromsø. Ρ Ж"


@pytest.mark.parametrize("charset,cte", [
    ("iso-8859-1", "quoted-printable"), ("utf-8", "base64"), ("utf-8", "8bit"), ("iso-8859-15", "base64"),
    ("cp1252", "quoted-printable"),
])
def test_any_charset_and_transfer_encoding(charset, cte):
    text = TEXT if charset == "utf-8" else TEXT.rsplit(".", 1)[0] + "."
    data = text.encode(charset)
    body = {"base64": base64.encodebytes(data), "quoted-printable": quopri.encodestring(data), "8bit": data}[cte]
    raw = (b"From: a@example.no\r\nSubject: t\r\nMIME-Version: 1.0\r\n"
           + f"Content-Type: text/plain; charset={charset}\r\nContent-Transfer-Encoding: {cte}\r\n\r\n".encode()
           + body)
    assert fields(segments(raw)[0])["body"] == text


@pytest.mark.parametrize("declared", ["us-ascii", "x-unknown-charset"])
def test_wrong_or_unknown_declared_charset_falls_back_to_the_bytes(declared):
    raw = (f"From: a@example.no\nContent-Type: text/plain; charset={declared}\n\n".encode()
           + "Ærlig talt, Øystein Ås bor i Tromsø.".encode("utf-8"))
    assert "Øystein Ås" in fields(segments(raw)[0])["body"]


def test_html_body_becomes_visible_text():
    msg = mail()
    msg.set_content("<html><head><style>p{color:red}</style><script>var x='hidden@example.com';</script></head>"
                    "<body><p>Ring meg på 412 34 567</p><p>Hilsen Kari</p></body></html>", subtype="html")
    body = fields(segments(msg.as_bytes())[0])["body"]
    assert "Ring meg på 412 34 567" in body and "Hilsen Kari" in body
    assert "hidden@example.com" not in body and "color" not in body


def test_alternative_bodies_are_read_once():
    msg = mail()
    msg.set_content("Plain: Ola Nordmann")
    msg.add_alternative("<p>Html: Ola Nordmann</p>", subtype="html")
    body = fields(segments(msg.as_bytes())[0])["body"]
    assert body == "Plain: Ola Nordmann"


def test_quoted_text_is_split_into_its_own_field():
    text = ("Takk, det passer.\n\nOn Mon, Kari wrote:\n> Kan du møte Per Olsen?\n> Tlf 412 34 567\n"
            "Mvh Ola\n\n-----Original Message-----\nFrom: Kari\nSent: Monday\nFirst message text")
    own, quoted = split_quoted(text)
    assert "Takk, det passer." in own and "Mvh Ola" in own and "On Mon, Kari wrote:" in own
    assert "> Kan du møte Per Olsen?" in quoted and "First message text" in quoted
    assert "Per Olsen" not in own and "First message text" not in own
    msg = mail()
    msg.set_content(text)
    f = fields(segments(msg.as_bytes())[0])
    assert "Per Olsen" in f["body:quoted"] and "Per Olsen" not in f["body"]


def test_attachments_are_child_items_with_decoded_names_and_bytes():
    msg = mail()
    msg.set_content("CV vedlagt")
    cv = "Navn: Ola Nordmann\nTelefon: 412 34 567\n".encode()
    msg.add_attachment(cv, maintype="text", subtype="plain", filename="Søknad CV/2020.txt")
    msg.add_attachment(b"%PDF-1.4 not really", maintype="application", subtype="pdf", filename="cv.pdf")
    parent = payload_item(msg.as_bytes(), "m.eml").with_(timestamps={"sent": "x"})
    segs, children = run(parent)
    assert [c.name for c in children] == ["Søknad CV/2020.txt", "cv.pdf"]
    first = children[0]
    assert first.uri == "mem://m.eml#attachments/Søknad CV%2F2020.txt"
    assert first.kind == "attachment" and first.parent == parent.uri and first.payload == cv
    assert first.timestamps == {"sent": "x"} and first.media_type is None  # the worker sniffs it like a file
    assert "Telefon: 412 34 567" in fields(run(first.with_(media_type="text/plain"))[0])["body"]


def test_attached_message_is_a_message_child_with_its_own_parties():
    inner = mail(From="Per Olsen <per.olsen@example.org>", Subject="Inner")
    inner.set_content("Inner body")
    outer = mail()
    outer.set_content("See forwarded")
    outer.add_attachment(inner)
    segs, children = segments(outer.as_bytes())
    assert len(children) == 1 and children[0].media_type == "message/rfc822"
    inner_fields = fields(run(children[0])[0])
    assert inner_fields["header:from"] == "Per Olsen <per.olsen@example.org>"
    assert inner_fields["body"] == "Inner body"


def test_encrypted_parts_are_unscannable_never_clean():
    smime = mail()
    smime.set_content(b"\x30\x82\x01\x00 encrypted blob", maintype="application", subtype="pkcs7-mime",
                      params={"smime-type": "enveloped-data"}, filename="smime.p7m")
    pgp = mail(Message_ID="<pgp@example.no>")
    pgp.set_content("-----BEGIN PGP MESSAGE-----\nhQEMA1234\n-----END PGP MESSAGE-----\nHilsen Ola")
    for msg in (smime, pgp):
        item = payload_item(msg.as_bytes(), "m.eml")
        result = rows(item)
        assert result[item.uri] == ("ok", None)  # its headers were read
        encrypted = [v for k, v in result.items() if k != item.uri]
        assert len(encrypted) == 1 and encrypted[0][0] == "unscannable" and "encrypted" in encrypted[0][1]


def test_opaque_signed_smime_is_unscannable_and_says_it_is_signed_not_encrypted():
    msg = mail()
    der = bytes.fromhex("3082010006092a864886f70d010702a0") + b"signed content"
    msg.set_content(der, maintype="application", subtype="pkcs7-mime", params={"smime-type": "signed-data"},
                    filename="smime.p7m")
    item = payload_item(msg.as_bytes(), "m.eml")
    status, message = rows(item)[f"{item.uri}#attachments/smime.p7m"]
    assert status == "unscannable" and "signed-data" in message and "encrypted" not in message


def test_pgp_mime_multipart_encrypted_is_unscannable():
    raw = (b"From: a@example.no\nMIME-Version: 1.0\n"
           b'Content-Type: multipart/encrypted; protocol="application/pgp-encrypted"; boundary="b"\n\n'
           b"--b\nContent-Type: application/pgp-encrypted\n\nVersion: 1\n"
           b"--b\nContent-Type: application/octet-stream\n\n-----BEGIN PGP MESSAGE-----\nxx\n--b--\n")
    item = payload_item(raw, "m.eml")
    statuses = sorted(s for s, _ in rows(item).values())
    assert statuses == ["ok", "unscannable"]


def test_malformed_headers_dates_and_mime_do_not_stop_extraction():
    raw = (b"From: =?utf-8?B?broken?= <a@example.no>, \xe6\xf8\xe5 <b@example.no>\n"
           b"To: ;;;,,<>\nCc: \"unterminated <c@example.no>\nDate: 32 Foo 99999 99:99\n"
           b"Subject: =?x-unknown?Q?hei?= \xff\xfe\n"
           b"Content-Type: multipart/mixed; boundary=\"missing\"\nContent-Transfer-Encoding: x-bogus\n\n"
           b"no boundary ever appears; the text is still read\n")
    item = payload_item(raw, "m.eml")
    assert {status for status, _ in rows(item).values()} == {"ok"}
    segs, children = run(item)
    f = fields(segs)
    assert "a@example.no" in f["header:from"] and "b@example.no" in f["header:from"]
    # The body without its boundary is kept as one part, and read.
    texts = [s.text for s in segs] + [s.text for c in children for s in run(c.with_(media_type="text/plain"))[0]]
    assert any("the text is still read" in t for t in texts)


@pytest.mark.parametrize("value,tz_aware,note", [
    ("Tue, 03 Mar 2020 10:15:00 +0100", True, None),
    ("Tue, 03 Mar 2020 10:15:00 -0000", True, "Date header without time zone: UTC assumed"),
    ("not a date", False, "malformed Date header"),
    ("", False, "no Date header"),
])
def test_sent_date_is_tz_aware_or_none_with_a_note(value, tz_aware, note):
    dt, why = sent_date(value)
    assert (dt is not None and dt.tzinfo is not None) == tz_aware
    assert why == note


def test_envelope_hashes_parties_and_never_keeps_raw_addresses():
    msg = mail(Cc="Nils Olsen <nils@example.org>")
    msg.set_content("x")
    env = envelope(msg.as_bytes())
    assert env.message_id == "abc.123@example.no"
    assert env.sent.isoformat() == "2020-03-03T10:15:00+01:00"
    # From, To (2) and Cc addresses, and the three display names.
    assert len(env.parties) == 7 and all(":" in h for h in env.parties)
    item = message_item(Item(uri="/x/a.mbox", kind="mailbox"), ["Inbox"], "1", msg.as_bytes(), set(), ScanOptions())
    dumped = json.dumps(item.meta)
    assert "example" not in dumped and "Nordmann" not in dumped and item.meta["parties"] == list(env.parties)


def test_message_item_uris_are_unique_and_safe():
    export = Item(uri="/x/a.pst", kind="mailbox")
    msg = mail(Message_ID="<id/with#odd@example.no>")
    msg.set_content("x")
    seen: set[str] = set()
    a = message_item(export, ["Inbox", "Sub/folder"], "7", msg.as_bytes(), seen, ScanOptions())
    b = message_item(export, ["Inbox", "Sub/folder"], "8", msg.as_bytes(), seen, ScanOptions())
    assert a.uri == "/x/a.pst#/Inbox/Sub%2Ffolder/id%2Fwith%23odd@example.no"
    assert b.uri == a.uri + "~8"
    assert a.kind == "message" and a.parent == export.uri and a.media_type == "message/rfc822"
    assert a.timestamps["sent"] == a.modified and a.meta["folder"] == "Inbox/Sub/folder"
    nested = message_item(Item(uri="/s/a.zip#box.mbox", kind="member"), [], "3", b"Subject: no id\n\nx", set(),
                          ScanOptions())
    assert nested.uri == "/s/a.zip#box.mbox/3" and nested.timestamps == {"sent": None}
    assert nested.meta["date_note"] == "no Date header"
    assert uri_label("  ") == "_"


def test_attachment_over_max_file_size_is_skipped_with_its_size():
    msg = mail()
    msg.set_content("x")
    msg.add_attachment(b"A" * 5000, maintype="application", subtype="octet-stream", filename="big.bin")
    options = ScanOptions(workers=1, max_file_size=4000)
    item = payload_item(msg.as_bytes(), "m.eml")
    child = run(item, options)[1][0]
    assert child.payload is None and child.size == 5000
    assert rows(child, options)[child.uri][0] == "skipped"


def test_emlx_is_read_as_the_message_it_wraps():
    msg = mail()
    msg.set_content("Apple Mail body")
    data = msg.as_bytes()
    emlx = str(len(data)).encode() + b"\n" + data + b'<?xml version="1.0"?><plist><dict/></plist>'
    item = payload_item(emlx, "1.emlx")
    assert item.media_type == "message/x-emlx"
    f = fields(run(item)[0])
    assert f["body"] == "Apple Mail body" and "plist" not in f["body"]


def test_eml_file_on_a_share_is_dated_by_its_date_header_in_its_row(tmp_path):
    from pdscan.run import worker
    from tests.extract.helpers import NoDetector, item_for

    msg = mail()
    msg.set_content("x")
    msg.add_attachment(b"vedlegg", maintype="text", subtype="plain", filename="a.txt")
    path = tmp_path / "saved.eml"
    path.write_bytes(msg.as_bytes())
    result = worker.scan_one(item_for(path), ScanOptions(workers=1), NoDetector())
    rows_by_uri = {r.item.uri: r.item for r in result.items}
    row = rows_by_uri[str(path)]
    assert row.timestamps["sent"].isoformat() == "2020-03-03T10:15:00+01:00" and "created" in row.timestamps
    assert len(row.meta["parties"]) == 5 and "example" not in json.dumps(row.meta)
    assert rows_by_uri[f"{path}#attachments/a.txt"].timestamps["sent"] == row.timestamps["sent"]


def test_row_messages_name_the_error_without_quoting_content():
    from pdscan.extract.mail_items import describe

    assert describe(ValueError("Invalid header value 'Ola Nordmann <ola@example.no>'")) == "ValueError"
    assert describe(OSError("pypff_file_open: unable to open file.\nmore")) == "OSError: pypff_file_open: unable to open file."
