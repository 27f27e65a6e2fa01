from __future__ import annotations

import re

from pdscan.report import build_report

from .render import render
from .stores import FINDINGS, ITEMS, finding, write_store


def test_summary_counts(judged):
    md = render(judged, "md")
    assert f"| Items scanned | {len(ITEMS)} |" in md
    assert f"| Findings (kinds of personal data per item) | {len(FINDINGS)} |" in md
    assert "| Items that could not be read | 4 |" in md
    assert "| Findings that need action | 3 |" in md
    assert "| `overdue` | 1 |" in md and "| `covered` | 2 |" in md
    assert "| `contact_form` | 2 |" in md


def test_needs_action_is_ordered_by_urgency_and_explains_itself(judged):
    md = render(judged, "md")
    headings = re.findall(r"^### (.+) \(\d+\)$", md, flags=re.M)
    assert headings[:3] == ["Special-category data without a declared basis",
                            "Kept longer than the declared retention", "Not covered by any declared activity"]
    assert "30 days from modified: overdue by 600 days" in md


def test_untrusted_text_is_shown_literally(judged):
    md = render(judged, "md")
    assert md.count("<script>") == 1
    assert "`<script>alert(1)</script> has d******s`" in md  # only inside a code span


def test_unreadable_items_are_listed_with_their_messages(judged):
    md = render(judged, "md")
    for rel, status, message in ITEMS:
        if status != "ok":
            assert re.search(rf"\| `{status}` \| `[^`]*{re.escape(rel)}` \|", md)
    assert "password-protected (encrypted OOXML)" in md


def test_without_a_register_special_categories_are_listed(store):
    md = render(build_report(store), "md")
    assert "No register was given" in md
    assert "Findings that need action" not in md
    assert "`/srv/share/events/2023/dinner.xlsx`" in md


def test_tables_are_capped_with_a_pointer_to_the_full_list(judged):
    md = render(judged, "md", limit=1)
    assert "… and 3 more: `pdscan report --format json` lists them all." in md


def test_comparison_section(tmp_path):
    before = write_store(tmp_path / "before", findings=FINDINGS[1:])
    after = write_store(tmp_path / "after", findings=FINDINGS[:-1])
    md = render(build_report(after, previous=before), "md")
    assert "### New (1)" in md and "### Resolved (1)" in md
    assert f"{len(FINDINGS) - 2} findings are unchanged." in md


def test_a_pipe_in_a_snippet_does_not_break_the_table(tmp_path):
    odd = finding("sales/x.csv", "EMAIL_ADDRESS", "user.contact.email", ["a@b.no"], "name|a****o|`tick`", special="x")
    md = render(build_report(write_store(tmp_path / "pipes", findings=[odd])), "md")
    row = next(line for line in md.splitlines() if "sales/x.csv" in line and "EMAIL_ADDRESS" in line)
    assert len(re.findall(r"(?<!\\)\|", row)) == 6  # 5 columns
    assert "`` name\\|a****o\\|`tick` ``" in row  # CommonMark strips the padding spaces
