"""The HTML compliance report: escaping, self-containment, and the DPO's sections."""
from __future__ import annotations

import re
from html.parser import HTMLParser

from pdscan.report import build_report

from .render import render
from .stores import FINDINGS, ITEMS, write_store


class Tags(HTMLParser):
    """Collects tags and their attributes, to check the structure rather than strings."""

    def __init__(self, text: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def kpis(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-kpi="(\w+)">([^<]*)<', html))


def test_snippets_from_documents_are_escaped(judged):
    html = render(judged, "html")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; has d******s" in html
    assert not [t for t, _ in Tags(html).tags if t == "script"]


def test_the_file_is_self_contained(judged):
    html = render(judged, "html")
    tags = Tags(html).tags
    assert not [t for t, _ in tags if t in ("script", "link", "img", "iframe", "object")]
    assert not re.search(r"(?i)https?://|@import|url\(", html)
    assert "<style>" in html and ".kpi" in html  # the stylesheet is inlined
    assert any(t == "meta" and a.get("http-equiv") == "Content-Security-Policy" for t, a in tags)


def test_summary_figures(judged):
    html = render(judged, "html")
    assert kpis(html) == {"items": str(len(ITEMS)), "items_with_findings": "5", "findings": str(len(FINDINGS)),
                          "special": "2", "action": "3", "unreadable": "4"}
    legend = dict(re.findall(r'data-verdict="(\w+)">.*?<b>(\d+)</b>', html))
    assert legend == {"special_without_basis": "1", "overdue": "1", "undocumented": "1", "needs_review": "1",
                      "covered": "2"}


def test_needs_action_comes_first_and_in_order_of_urgency(judged):
    html = render(judged, "html")
    order = [m.group(1) for m in re.finditer(r'id="action-(\w+)"', html)]
    assert order == ["special_without_basis", "overdue", "undocumented", "needs_review"]
    assert html.index('id="summary"') < html.index('id="action"') < html.index('id="locations"') \
        < html.index('id="unreadable"')
    assert "30 days from modified: overdue by 600 days" in html


def test_drill_down_by_folder(judged):
    html = render(judged, "html")
    folders = re.findall(r'<details class="folder">\s*<summary><span class="path">([^<]*)</span>', html)
    assert folders == ["events/2023", "hr", "marketing", "sales"]  # marketing: only an image, not read
    hr = html[html.index('<span class="path">hr</span>'):html.index('<span class="path">marketing</span>')]
    assert "1 not read" in hr and "salary.xlsx" in hr and "password-protected" in hr
    assert "Paths are relative to <code>/srv/share</code>" in html
    assert "old/cv.docx" in html  # the archive member, inside hr/archive.zip


def test_unreadable_items_with_their_messages(judged):
    html = render(judged, "html")
    section = html[html.index('id="unreadable"'):]
    for rel, status, message in ITEMS:
        if status != "ok":
            assert rel in section and message in section


def test_without_a_register(store):
    html = render(build_report(store), "html")
    assert "No register was given" in html
    assert "action" not in kpis(html)
    assert "Special-category data found" in html


def test_a_show_data_report_says_so(tmp_path):
    report = build_report(write_store(tmp_path / "raw", show_data=True))
    assert "Raw personal data." in render(report, "html")
    assert "Raw personal data." not in render(build_report(write_store(tmp_path / "masked")), "html")


def test_comparison(tmp_path):
    before = write_store(tmp_path / "before", findings=FINDINGS[1:])
    after = write_store(tmp_path / "after", findings=FINDINGS[:-1])
    html = render(build_report(after, previous=before), "html")
    assert kpis(html)["new"] == "1" and kpis(html)["resolved"] == "1"
    assert f"1 new, 1 resolved, {len(FINDINGS) - 2} unchanged" in html
