"""Small stores written with the real StoreWriter, and verdict frames shaped like pdscan.register.evaluate's."""
from __future__ import annotations

from datetime import datetime, timezone

import pandas as pd

from pdscan.model import ERROR, NO_TEXT, OK, SKIPPED, UNSCANNABLE, Finding, Item
from pdscan.store import StoreWriter
from pdscan.store.keys import hash_value

ROOT = "/srv/share"
WHEN = datetime(2024, 3, 1, tzinfo=timezone.utc)


def item(rel: str, **kw) -> Item:
    return Item(uri=f"{ROOT}/{rel}", kind=kw.pop("kind", "file"), size=kw.pop("size", 1234), modified=WHEN, **kw)


def finding(rel: str, entity: str, category: str, values: list[str], snippet: str, special: str | None = None,
            field: str = "body") -> Finding:
    return Finding(uri=f"{ROOT}/{rel}", entity=entity, category=category, score=0.85, count=len(values),
                   reason=f"{entity.lower()}_pattern", snippet=snippet,
                   hashes=tuple(sorted({hash_value(entity, v) for v in values})), special=special, field=field)


# (relative path, status, message)
ITEMS = [
    ("sales/leads.csv", OK, None),
    ("sales/health-note.docx", OK, None),
    ("hr/cv-kari.pdf", OK, None),
    ("hr/archive.zip", OK, None),
    ("events/2023/dinner.xlsx", OK, None),
    ("marketing/banner.png", NO_TEXT, "no text layer (image/png)"),
    ("hr/salary.xlsx", UNSCANNABLE, "password-protected (encrypted OOXML)"),
    ("sales/broken.docx", ERROR, "BadZipFile: File is not a zip file"),
    ("sales/huge.iso", SKIPPED, "larger than --max-file-size"),
]
FINDINGS = [
    finding("sales/leads.csv", "EMAIL_ADDRESS", "user.contact.email", ["ola@example.no", "kari@example.no"],
            "…contact o*************o or k**************o…"),
    finding("sales/leads.csv", "PHONE_NUMBER", "user.contact.phone_number", ["+47 412 34 567"],
            "…ring +**********7 i dag…"),
    finding("sales/health-note.docx", "HEALTH", "user.health_and_medical", ["diabetes"],
            "<script>alert(1)</script> has d******s", special="user.health_and_medical"),
    finding("hr/cv-kari.pdf", "PERSON", "user.name", ["Kari Nordmann"], "Name: K***********n"),
    finding("hr/archive.zip#old/cv.docx", "EMAIL_ADDRESS", "user.contact.email", ["per@example.no"],
            "=HYPERLINK(\"x\") p************o"),
    finding("events/2023/dinner.xlsx", "DIET", "user.health_and_medical.allergy_diet", ["gluten"],
            "allergy: g****n", special="user.health_and_medical"),
]
COLUMNS = ["uri", "entity", "category", "special", "verdict", "activity", "selector", "detail", "overdue_days",
           "rows_overdue"]
VERDICTS = {  # (relative uri, entity) -> (verdict, activity, detail)
    ("sales/leads.csv", "EMAIL_ADDRESS"): ("overdue", "contact_form", "30 days from modified: overdue by 600 days"),
    ("sales/leads.csv", "PHONE_NUMBER"): ("covered", "contact_form", "within 30 days from modified"),
    ("sales/health-note.docx", "HEALTH"): ("special_without_basis", "sales", "Art. 9 data; activity sales declares no basis"),
    ("hr/cv-kari.pdf", "PERSON"): ("needs_review", "recruitment", "no fixed retention stated"),
    ("hr/archive.zip#old/cv.docx", "EMAIL_ADDRESS"): ("undocumented", None, "no activity covers hr/archive.zip"),
    ("events/2023/dinner.xlsx", "DIET"): ("covered", "events", "special basis: explicit consent"),
}


def write_store(out, items=ITEMS, findings=FINDINGS, show_data: bool = False):
    w = StoreWriter(out)
    for rel, status, message in items:
        w.add_item(item(rel), status, message)
    w.add_findings(findings)
    by_status: dict[str, int] = {}
    for _, status, _ in items:
        by_status[status] = by_status.get(status, 0) + 1
    w.close({"pdscan_version": "0.1.0", "sources": [ROOT], "started": "2026-11-01T08:00:00+00:00",
             "ended": "2026-11-01T08:05:00+00:00", "aborted": False,
             "counts": {"items": len(items), "findings": len(findings), "by_status": by_status},
             "options": {"show_data": show_data}})
    return out


def verdict_frame(findings=FINDINGS) -> pd.DataFrame:
    rows = []
    for f in findings:
        verdict, activity, detail = VERDICTS[(f.uri[len(ROOT) + 1:], f.entity)]
        rows.append({"uri": f.uri, "entity": f.entity, "category": f.category, "special": f.special,
                     "verdict": verdict, "activity": activity, "selector": f"{ROOT}/**" if activity else None,
                     "detail": detail, "overdue_days": 600 if verdict == "overdue" else None,
                     "rows_overdue": None})
    return pd.DataFrame(rows, columns=COLUMNS)

