"""Whole scans of the real mail corpora (read in place) with the real detector: every message and attachment
opened or reported with a reason, no crash, parties found in their headers, content found inside attachments."""
from __future__ import annotations

import json

import pytest

from pdscan.model import STATUSES
from tests.conftest import corpus_path

pytestmark = pytest.mark.corpus

# Exceptions that mean a bug in pdscan, not a damaged input file.
BUG_ERRORS = ("AttributeError", "TypeError", "KeyError", "IndexError", "NameError", "UnboundLocalError",
              "AssertionError", "ZeroDivisionError", "RecursionError", "ImportError", "NotImplementedError")


def check_rows(store) -> None:
    items = store.items
    assert len(items) and set(items.status) <= set(STATUSES)
    assert items.uri.is_unique
    bad = items[items.status == "error"]
    bugs = bad[bad.message.fillna("").str.contains("|".join(BUG_ERRORS))]
    assert bugs.empty, bugs[["uri", "message"]].to_string()
    unread = items[items.status != "ok"]
    assert unread.message.notna().all(), "every item not read says why"


def found(store, entity: str, field: str, uri_part: str = "") -> set[str]:
    f = store.findings
    f = f[(f.entity == entity) & (f.field == field) & f.uri.str.contains(uri_part, regex=False)]
    return set(f.uri)


def test_notmuch_maildir(scan_paths):
    root = corpus_path("mail-notmuch-maildir", "default")
    store = scan_paths(root)
    check_rows(store)
    # (Attached git patches are mbox-formatted and hold messages of their own: not counted here.)
    messages = store.items[(store.items.kind == "message") & (store.items.parent == str(root))]
    assert len(messages) == sum(1 for p in root.rglob("*") if p.is_file())
    assert (messages.status == "ok").all()
    assert messages.uri.str.startswith(f"{root}#/").all()
    assert {"foo/baz", "bar", "bar/baz", ""} <= {u.rsplit("/", 1)[0].split("#/", 1)[-1] if "/" in u.split("#/", 1)[1]
                                                else "" for u in messages.uri}
    assert set(messages.uri) - found(store, "EMAIL_ADDRESS", "header:from") == set()
    # Inside attachments: the author of an attached git patch (an mbox with one message).
    assert found(store, "EMAIL_ADDRESS", "header:from", ".patch/")


def test_enron_folder_of_rfc822_files(scan_paths):
    root = corpus_path("mail-enron-sample")
    store = scan_paths(root)
    check_rows(store)
    files = store.items[store.items.uri.str.endswith("_")]
    assert len(files) == 19 and (files.media_type == "message/rfc822").all() and (files.status == "ok").all()
    assert set(files.uri) <= found(store, "EMAIL_ADDRESS", "header:from")
    # Files of the folder/N_ layout are dated by their Date header, for retention.
    assert all(json.loads(t).get("sent", "").startswith(("2000", "2001")) for t in files.timestamps)
    assert found(store, "PERSON", "body") or found(store, "PERSON", "body:quoted")


def test_libratom_eml_edge_cases(scan_paths):
    root = corpus_path("mail-libratom-eml")
    store = scan_paths(root)
    check_rows(store)
    assert len(found(store, "EMAIL_ADDRESS", "header:from")) >= 80
    # A message attached to a message: its own parties are found.
    assert found(store, "EMAIL_ADDRESS", "header:from", "attachment_message_rfc822.eml#attachments/ForwardedMessage.eml")
    files = store.items[store.items.parent.isna()]
    broken = files[files.uri.str.contains("/error_emails/")]
    assert len(broken) == 28 and (broken.status == "ok").all()  # malformed headers, dates and encodings are read, not failed


def test_cpython_email_cases(scan_paths):
    store = scan_paths(corpus_path("mail-cpython-email"))
    check_rows(store)
    assert len(found(store, "EMAIL_ADDRESS", "header:from")) >= 30


def test_tika_mail_formats(scan_paths):
    root = corpus_path("mail-tika")
    store = scan_paths(root)
    check_rows(store)
    status = dict(zip(store.items.uri, store.items.status))
    for name in ("testMSG.msg", "testEMLX.emlx", "testWINMAIL.dat", "testPST_variousBodyTypes.pst", "complex.mbox"):
        assert status[str(root / name)] == "ok", name
    assert status[f"{root}/testRFC822_encrypted_zip#attachments/test.zip/text.txt"] == "unscannable"
    # Content inside attachments: the PDF attached to an Outlook message.
    pdf = f"{root}/testMSG_att_msg.msg#attachments/smbprn.00009008.KdcPjl.pdf"
    assert status[pdf] == "ok" and pdf in set(store.findings.uri)
    assert found(store, "EMAIL_ADDRESS", "header:from", "testMBOX_complex.mbox#/")
    assert found(store, "EMAIL_ADDRESS", "header:from", "testPST_variousBodyTypes.pst#/Top of Outlook data file/")


def test_aleph_mail_formats(scan_paths):
    root = corpus_path("mail-aleph")
    store = scan_paths(root)
    check_rows(store)
    pst = found(store, "EMAIL_ADDRESS", "header:from", "testPST.pst#/")
    assert len(pst) == 6
    assert found(store, "EMAIL_ADDRESS", "body", "john-doe.vcf")


def test_ruby_msg_outlook_items(scan_paths):
    store = scan_paths(corpus_path("mail-ruby-msg"))
    check_rows(store)
    assert found(store, "EMAIL_ADDRESS", "header:bcc", "qwerty_2-with_custom_properties.msg")
    assert found(store, "EMAIL_ADDRESS", "header:cc", "qwerty_3.msg")


def test_java_libpst_including_the_password_protected_one(scan_paths):
    passworded = corpus_path("mail-java-libpst", "passworded.pst")
    dist_list = corpus_path("mail-java-libpst", "dist-list.pst")
    store = scan_paths(passworded, dist_list)
    check_rows(store)
    rows = store.items.set_index("uri")
    assert rows.loc[str(passworded), "status"] == "ok" and "password" in rows.loc[str(passworded), "message"]
    contacts = store.items[(store.items.kind == "contact") & store.items.uri.str.startswith(str(passworded))]
    assert len(contacts) == 1
    assert found(store, "EMAIL_ADDRESS", "body", f"{passworded}#/Top of Personal Folders/Contacts/")
