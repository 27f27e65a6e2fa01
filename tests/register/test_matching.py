"""Verdicts on synthetic stores: each verdict, its explanation, and precedence when several activities match."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from pdscan.register import VERDICT_COLUMNS, evaluate, load_register, read_verdicts, write_verdicts

NOW = datetime(2026, 6, 1, 12, tzinfo=timezone.utc)

REGISTER = """\
activities:
  - id: documents
    name: Business documents
    purpose: Work tool
    role: controller
    data_subjects: [anyone]
    data_categories: [user]
    legal_basis: [legitimate_interests]
    locations: [{path: "**"}]
    retention: {none_stated: true, as_declared: when no longer needed}
  - id: hr
    name: HR
    purpose: Personnel
    role: controller
    data_subjects: [employees]
    data_categories: [user.name, user.contact, user.health_and_medical]
    legal_basis: [legal_obligation]
    special_category_basis: [employment_social_security]
    locations: [{path: "**/hr/**"}]
    retention: {duration: P5Y, from: modified}
  - id: recruitment
    name: Recruitment
    purpose: Hiring
    role: controller
    data_subjects: [applicants]
    data_categories: [user.name, user.contact, user.health_and_medical]
    legal_basis: [consent]
    locations: [{path: "**/hr/recruitment/**"}]
    retention: {duration: P6M, from: modified}
  - id: sales
    name: Sales
    purpose: Customers
    role: controller
    data_subjects: [customers]
    data_categories: [user.name, user.contact]
    legal_basis: [legitimate_interests]
    locations: [{path: "sales/**"}]
    retention:
      - {locations: [{path: "sales/leads/**"}], duration: P30D, from: modified}
      - {categories: [user.contact.email], review: P12M, from: modified}
      - {duration: P3Y, from: modified}
  - id: vetting
    name: Background checks
    purpose: Vetting
    role: controller
    data_subjects: [applicants]
    data_categories: [user.criminal_history]
    legal_basis: [legal_obligation]
    art10_authority: politiregisterloven § 39
    locations: [{path: "**/vetting/**"}]
    retention: {duration: P0D, from: modified}
"""

ONLY_SALES = REGISTER.split("  - id: documents")[0] + "  - id: sales" + REGISTER.split("  - id: sales")[1]


@pytest.fixture
def register(write_register):
    return load_register(write_register(REGISTER))


def verdict_of(store, register, uri, category, special=None, modified="2026-05-01", items=()):
    st = store([{"uri": uri, "modified": modified}, *items],
               [{"uri": uri, "entity": "X", "category": category, "special": special}])
    return evaluate(st, register, now=NOW).iloc[0]


def test_columns_and_one_row_per_finding(store, register):
    st = store([{"uri": "/share/sales/a.docx", "modified": "2026-05-01"}],
               [{"uri": "/share/sales/a.docx", "entity": e, "category": c, "special": None}
                for e, c in [("PERSON", "user.name"), ("EMAIL_ADDRESS", "user.contact.email"),
                             ("PHONE_NUMBER", "user.contact.phone_number")]])
    df = evaluate(st, register, now=NOW)
    assert list(df.columns) == VERDICT_COLUMNS and len(df) == 3
    assert list(df.entity) == ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER"]


def test_most_specific_selector_governs(store, register):
    v = verdict_of(store, register, "/share/hr/recruitment/2025/cv.docx", "user.name", modified="2025-06-01")
    assert (v.verdict, v.activity, v.selector) == ("overdue", "recruitment", "path **/hr/recruitment/**")
    v = verdict_of(store, register, "/share/hr/payroll/2025.xlsx", "user.name", modified="2025-06-01")
    assert (v.verdict, v.activity) == ("covered", "hr")


def test_the_broad_activity_covers_what_the_specific_ones_do_not_declare(store, register):
    v = verdict_of(store, register, "/share/hr/payroll/2025.xlsx", "user.financial.bank_account")
    assert (v.verdict, v.activity, v.selector) == ("needs_review", "documents", "path **")
    assert "'when no longer needed'" in v.detail


def test_ties_go_to_the_activity_listed_first(store, write_register):
    twice = REGISTER + REGISTER.split("activities:\n", 1)[1].split("  - id: hr")[0].replace("id: documents", "id: documents-2")
    v = verdict_of(store, load_register(write_register(twice)), "/share/x.txt", "user.name")
    assert v.activity == "documents"


def test_undocumented_location(store, write_register):
    v = verdict_of(store, load_register(write_register(ONLY_SALES)), "/share/hr/x.docx", "user.name")
    assert (v.verdict, v.activity) == ("undocumented", None)
    assert v.detail == "no activity declares this location (2 activities checked)"


def test_undocumented_category_names_the_activity_that_has_the_place(store, write_register):
    v = verdict_of(store, load_register(write_register(ONLY_SALES)), "/share/sales/a.xlsx",
                   "user.government_id.national_identification_number")
    assert v.verdict == "undocumented"
    assert "activity 'sales' (path sales/**) covers the location but not user.government_id" in v.detail


def test_special_category_needs_a_basis(store, register):
    # health data in a sales folder: sales does not declare it, documents declares it but has no basis
    v = verdict_of(store, register, "/share/sales/meeting.docx", "user.health_and_medical", "health")
    assert (v.verdict, v.activity) == ("special_without_basis", "documents")
    assert "declares user.health_and_medical but no Art. 9(2) basis" in v.detail
    assert "other activities here ('sales') declare none either" in v.detail


def test_special_category_where_an_activity_has_a_basis(store, register):
    # the basis holder governs even when a more specific activity (recruitment) lists the category without one
    v = verdict_of(store, register, "/share/hr/recruitment/2026/cv.docx", "user.health_and_medical", "health")
    assert (v.verdict, v.activity) == ("covered", "hr")
    assert "Art. 9(2) basis: employment_social_security" in v.detail


def test_special_category_not_declared_where_it_was_found(store, write_register):
    v = verdict_of(store, load_register(write_register(ONLY_SALES)), "/share/sales/m.docx", "user.religious_belief",
                   "religion")
    assert v.verdict == "special_without_basis"
    assert "covers the location but does not declare user.religious_belief, nor an Art. 9(2) basis" in v.detail


def test_art10_needs_an_authority(store, register):
    v = verdict_of(store, register, "/share/vetting/a.pdf", "user.criminal_history", "art10", modified="2026-06-01")
    assert (v.verdict, v.activity) == ("covered", "vetting")
    assert "Art. 10 authority: politiregisterloven § 39" in v.detail
    v = verdict_of(store, register, "/share/sales/a.pdf", "user.criminal_history", "art10")
    assert v.verdict == "special_without_basis" and "Art. 10 authority" in v.detail


def test_first_applicable_retention_rule_decides(store, register):
    lead = verdict_of(store, register, "/share/sales/leads/x.csv", "user.contact.email", modified="2026-04-01")
    assert (lead.verdict, lead.overdue_days) == ("overdue", 31)  # location rule first
    email = verdict_of(store, register, "/share/sales/x.csv", "user.contact.email", modified="2025-01-01")
    assert email.verdict == "needs_review" and "review was due" in email.detail  # category rule
    name = verdict_of(store, register, "/share/sales/x.csv", "user.name", modified="2025-01-01")
    assert name.verdict == "covered" and "P3Y" in name.detail  # the general rule


def test_attachments_take_the_message_date_and_mail_selectors_see_the_folder(store, write_register):
    reg = load_register(write_register(REGISTER.replace('locations: [{path: "**/vetting/**"}]',
                                                        'locations: [{mail: {folder: "Vetting"}}]')
                                       .replace("{duration: P0D, from: modified}", "{duration: P0D, from: sent}")))
    msg = "/share/mail/x.mbox#/Vetting/m1"
    items = [{"uri": msg, "kind": "message", "timestamps": {"sent": "2026-05-31T10:00:00+00:00"},
              "meta": {"folder": "Vetting"}},
             {"uri": msg + "/attachments/a.pdf", "kind": "attachment", "parent": msg}]
    st = store(items, [{"uri": msg + "/attachments/a.pdf", "entity": "X", "category": "user.criminal_history",
                        "special": "art10"}])
    v = evaluate(st, reg, now=NOW).iloc[0]
    assert (v.verdict, v.activity, v.selector) == ("overdue", "vetting", "mail folder=Vetting")
    assert "sent 2026-05-31" in v.detail and v.overdue_days == 1


def test_database_rows_past_retention(store, write_register):
    reg = load_register(write_register(REGISTER.replace('locations: [{path: "sales/**"}]',
                                                        'locations: [{database: {table: "customer"}}]')
                                       .replace("{duration: P3Y, from: modified}", "{duration: P12M, from: row_date}")))
    uri = "postgresql://db/crm/public.customer.name"
    dist = {"row_date_column": "created", "oldest": "2020-01-01T00:00:00+00:00", "newest": "2026-05-30T00:00:00+00:00",
            "rows": 50, "age_buckets": {"<30d": 5, "30d-1y": 5, "1-2y": 10, "2-5y": 20, ">5y": 10},
            "as_of": "2026-06-01T00:00:00+00:00"}
    st = store([{"uri": uri, "kind": "column", "timestamps": dist}],
               [{"uri": uri, "entity": "PERSON", "category": "user.name", "special": None}])
    v = evaluate(st, reg, now=NOW).iloc[0]
    assert (v.verdict, v.activity, v.rows_overdue) == ("overdue", "sales", 40)
    assert "40 of 50 rows older than P12M from created" in v.detail


def test_verdicts_round_trip(store, register, tmp_path):
    st = store([{"uri": "/share/sales/a.docx", "modified": "2024-05-01"}],
               [{"uri": "/share/sales/a.docx", "entity": "PERSON", "category": "user.name", "special": None},
                {"uri": "/share/sales/a.docx", "entity": "HEALTH", "category": "user.health_and_medical",
                 "special": "health"}])
    df = evaluate(st, register, now=NOW)
    write_verdicts(tmp_path, df)
    back = read_verdicts(tmp_path)
    assert back.to_dict("records") == df.to_dict("records")
    with pytest.raises(FileNotFoundError, match="no verdicts.parquet"):
        read_verdicts(tmp_path / "elsewhere")


def test_empty_store_gives_an_empty_frame(store, register):
    df = evaluate(store([], []), register, now=NOW)
    assert df.empty and list(df.columns) == VERDICT_COLUMNS


def test_root_anchors_relative_globs_instead_of_the_scanned_folders(store, write_register):
    reg = load_register(write_register("root: /mnt/fil01\n" + ONLY_SALES))
    assert verdict_of(store, reg, "/share/sales/a.docx", "user.name").verdict == "undocumented"
    assert verdict_of(store, reg, "/mnt/fil01/sales/a.docx", "user.name").activity == "sales"


def test_a_processor_works_on_the_controllers_basis(store, write_register):
    text = ONLY_SALES.replace("role: controller", "role: processor", 1).replace(
        "data_categories: [user.name, user.contact]", "data_categories: [user.name, user.contact, user.health_and_medical]")
    v = verdict_of(store, load_register(write_register(text)), "/share/sales/a.docx", "user.health_and_medical", "health")
    assert (v.verdict, v.activity) == ("covered", "sales")
    assert "processor: the controller's basis applies" in v.detail


def test_undocumented_category_names_every_activity_at_the_place(store, write_register):
    text = ONLY_SALES.replace('locations: [{path: "**/vetting/**"}]', 'locations: [{path: "**/sales/**"}]')
    v = verdict_of(store, load_register(write_register(text)), "/share/sales/a.xlsx", "user.financial.bank_account")
    assert v.verdict == "undocumented" and v.detail.startswith("activity 'sales' (path sales/**) covers the location")
    assert v.detail.endswith("; other activities here ('vetting') do not declare it either")
