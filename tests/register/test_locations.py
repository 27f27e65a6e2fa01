"""Location selectors against the uri shapes the connectors write."""
from __future__ import annotations

import pytest

from pdscan.register.locations import place_for, selector_matches, source_roots, specificity, split_db_uri
from pdscan.register.model import Selector
from pdscan.store.keys import hash_value

ROOTS = ("/srv/share",)


def path(glob):
    return Selector("path", (("path", glob),))


@pytest.mark.parametrize("glob, uri, hit", [
    ("**/sales/**", "/srv/share/sales/offer.docx", True),
    ("**/sales/**", "/srv/share/sales/2024/q1/offer.docx", True),
    ("**/sales/**", "/srv/share/presales/offer.docx", False),
    ("**/Sales/**", "/srv/share/sales/offer.docx", True),  # shares ignore case
    ("sales/**", "/srv/share/sales/offer.docx", True),  # relative to the scanned folder
    ("sales/**", "/srv/share/old/sales/offer.docx", False),
    ("sales/*.docx", "/srv/share/sales/a/offer.docx", False),  # * stays in one part
    ("sales/*.docx", "/srv/share/sales/offer.docx", True),
    ("sales/offer-?.docx", "/srv/share/sales/offer-1.docx", True),
    ("sales/offer-[0-9].docx", "/srv/share/sales/offer-x.docx", False),
    ("{sales,salg}/**", "/srv/share/salg/tilbud.docx", True),
    ("/srv/share/sales/**", "/srv/share/sales/offer.docx", True),  # absolute
    ("/other/sales/**", "/srv/share/sales/offer.docx", False),
    ("**/cv/**", "/srv/share/hr/old.zip#cv/anna.pdf", True),  # archive members are inside their archive
    ("**/mail/**", "/srv/share/mail/export.mbox#/Inbox/abc@x", True),
    ("smb://fil01/share/sales/**", "smb://fil01/share/sales/a.docx", True),
    ("**/sales/**", "smb://fil01/share/sales/a.docx", True),  # ** means anywhere, scanned root or not
    ("**/sales/**", "/elsewhere/sales/a.docx", True),
    ("sales/**", "/elsewhere/sales/a.docx", False),
    ("**", "postgresql://db/crm/public.contact.email", False),  # path globs never name a database
])
def test_path_globs(glob, uri, hit):
    assert selector_matches(path(glob), place_for(uri, ROOTS)) is hit


MSG = "/srv/share/mail/sales.mbox#/Inbox/Contact form/m-17@example.no"


@pytest.mark.parametrize("fields, hit", [
    ((("export", "**/sales.mbox"),), True),
    ((("export", "**/hr.mbox"),), False),
    ((("folder", "Inbox/Contact*"),), True),
    ((("folder", "Inbox"),), False),
    ((("export", "mail/*.mbox"), ("folder", "inbox/contact form")), True),
    ((("address", "kari@example.no"),), True),
    ((("address", "ola@example.no"),), False),
])
def test_mail_selectors(fields, hit):
    place = place_for(MSG + "/attachments/cv.pdf", ROOTS, MSG, "Inbox/Contact form",
                      {hash_value("EMAIL_ADDRESS", "Kari@Example.no")})
    assert selector_matches(Selector("mail", fields), place, lambda a: hash_value("EMAIL_ADDRESS", a)) is hit


def test_mail_selector_never_names_a_plain_file():
    assert not selector_matches(Selector("mail", (("export", "**"),)), place_for("/srv/share/a.txt", ROOTS))


def test_mail_folder_from_the_uri_when_meta_has_none():
    assert place_for(MSG, ROOTS, MSG).folder == "Inbox/Contact form"


@pytest.mark.parametrize("uri, parts", [
    ("postgresql://db/crm/public.contact.email", ("postgresql://db/crm", "public.contact", "email")),
    ("mysql://db/crm/contact.email", ("mysql://db/crm", "contact", "email")),
    ("postgresql://db/crm/public.contact.email#rows=1-5000", ("postgresql://db/crm", "public.contact", "email")),
    ("sqlite:///srv/crm.db#contact.email", ("sqlite:///srv/crm.db", "contact", "email")),
    ("sqlite:///srv/crm.db#contact.email/rows=1-5000", ("sqlite:///srv/crm.db", "contact", "email")),
])
def test_split_db_uri(uri, parts):
    assert split_db_uri(uri) == parts


@pytest.mark.parametrize("fields, hit", [
    ((("table", "contact"),), True),  # bare table name, schema left out
    ((("table", "public.contact"),), True),
    ((("table", "crm_*"),), False),
    ((("table", "contact"), ("column", "e*")), True),
    ((("table", "contact"), ("column", "phone")), False),
    ((("url", "postgresql://db/crm"),), True),
    ((("url", "postgresql://*/hr"),), False),
])
def test_database_selectors(fields, hit):
    place = place_for("postgresql://db/crm/public.contact.email", ROOTS)
    assert selector_matches(Selector("database", fields), place) is hit


def test_specificity_counts_named_letters():
    assert specificity(path("**")) == 0
    assert specificity(path("**/hr/**")) < specificity(path("**/hr/recruitment/**"))


def test_relative_sources_are_found_in_the_uris():
    uris = ["/home/op/work/estate/sales/a.docx"]
    assert source_roots(["estate"], uris) == ("/home/op/work/estate",)
    assert source_roots(["/abs/share/", "postgresql://db/crm"], uris) == ("/abs/share", "postgresql://db/crm")
    assert source_roots(["smb://scanner@fil01/share"], uris) == ("smb://fil01/share",)
