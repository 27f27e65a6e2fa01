"""Draft register entries for undocumented findings (`pdscan register suggest`), for a DPO to review.

Findings no activity declares are grouped by place (a folder two levels below the scanned root, or a database
table); each group becomes one commented activity in the register's own YAML: its location glob, the categories
found, the data subjects guessed from the place's names (detectors/data_subject_kinds.yaml) and the age profile
of its items, from which a retention period is suggested in a comment. Every choice a scanner cannot make (purpose,
legal basis, the period itself) is left as a TODO with `none_stated`, so `register check` accepts the draft and a
scan against it reports `needs_review` until the DPO decides.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import PurePosixPath

import pandas as pd
import yaml

from ..paths import data_dir
from .locations import DB_SCHEMES, split_db_uri
from .model import UNDOCUMENTED

DEPTH = 2  # folder levels below the scanned root that make one group (hr/personnel, sales/customers)


@dataclass
class Draft:
    key: str  # the group's place: a relative folder, or a database table
    selector: dict
    categories: set[str] = field(default_factory=set)
    special: set[str] = field(default_factory=set)
    uris: set[str] = field(default_factory=set)
    words: set[str] = field(default_factory=set)  # names seen: folders, files, tables, columns

    @property
    def id(self) -> str:
        return "draft-" + (re.sub(r"[^a-z0-9]+", "-", self.key.lower()).strip("-") or "root")


def subject_kinds() -> dict[str, set[str]]:
    raw = yaml.safe_load((data_dir("detectors") / "data_subject_kinds.yaml").read_text(encoding="utf-8"))
    return {kind: {w.lower() for w in words} for kind, words in raw.items()}


def _tokens(text: str) -> set[str]:
    return {t for t in re.split(r"[^\wæøå]+|_", text.lower()) if t}


def group_of(uri: str, roots: list[str]) -> tuple[str, dict, set[str]]:
    """(group key, location selector, names seen) for a finding's uri."""
    if uri.lower().startswith(DB_SCHEMES):
        base, table, column = split_db_uri(uri)
        url = base
        if base.lower().startswith("sqlite"):
            url = "sqlite:///**/" + base.rsplit("/", 1)[-1]
        sel = {"database": {"url": url, "table": table}} if table else {"database": {"url": url}}
        return f"{base.rsplit('/', 1)[-1]} {table}".strip(), sel, _tokens(table) | _tokens(column)
    path = uri.split("#", 1)[0]
    root = max((r for r in roots if path.startswith(r.rstrip("/") + "/")), key=len, default="")
    rel = PurePosixPath(path[len(root):].lstrip("/")) if root else PurePosixPath(path.lstrip("/"))
    folder = rel.parent.parts if "#" not in uri else rel.parts  # a container file (mbox, zip) is a place itself
    key = "/".join(folder[:DEPTH])
    sel = {"path": f"**/{key}/**" if key else "**"}
    return key, sel, set().union(*(_tokens(p) for p in rel.parts)) if rel.parts else set()


def drafts(store, verdicts: pd.DataFrame | None) -> list[Draft]:
    findings = store.findings
    if verdicts is not None:
        undocumented = verdicts.loc[verdicts["verdict"] == UNDOCUMENTED, ["uri", "category"]].drop_duplicates()
        findings = findings.merge(undocumented, on=["uri", "category"])
    roots = [str(s) for s in (store.run or {}).get("sources", [])]
    out: dict[str, Draft] = {}
    for uri, category, special in findings[["uri", "category", "special"]].itertuples(index=False):
        key, sel, words = group_of(uri, roots)
        d = out.setdefault(key, Draft(key, sel))
        d.categories.add(category)
        if isinstance(special, str) and special:
            d.special.add(special)
        d.uris.add(uri)
        d.words |= words
    return sorted(out.values(), key=lambda d: d.key)


def guess_subjects(d: Draft, kinds: dict[str, set[str]]) -> list[str]:
    return sorted(k for k, words in kinds.items() if d.words & words)


def age_profile(d: Draft, items: pd.DataFrame, now: datetime) -> dict | None:
    """Ages in days of the group's items (by modification time): oldest, median, newest."""
    tops = {u.split("#", 1)[0] for u in d.uris} | d.uris
    stamps = pd.to_datetime(items.loc[items["uri"].isin(tops), "modified"], utc=True).dropna()
    if stamps.empty:
        return None
    ages = (pd.Timestamp(now) - stamps).dt.days
    return {"items": int(len(ages)), "oldest": int(ages.max()), "median": int(ages.median()), "newest": int(ages.min())}


def suggested_period(profile: dict | None) -> str | None:
    """Whole years covering the median item's age: what the data's own history suggests, not a legal period."""
    if not profile:
        return None
    return f"P{max(1, -(-profile['median'] // 365))}Y"


def _q(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)  # a JSON string is a YAML string: quoting without surprises


def render(ds: list[Draft], items: pd.DataFrame, now: datetime | None = None, source: str = "") -> str:
    now = now or datetime.now(timezone.utc)
    kinds = subject_kinds()
    lines = ["# DRAFT register entries suggested by `pdscan register suggest` " + source,
             f"# on {now.date().isoformat()} for findings no declared activity covers. For a DPO to review: every",
             "# TODO is a decision the scanner cannot make. Check with: pdscan register check FILE",
             "organization:", "  name: TODO", "", "activities:"]
    if not ds:
        lines[-1] = "activities: []  # nothing undocumented"
    for d in ds:
        subjects = guess_subjects(d, kinds)
        profile = age_profile(d, items, now)
        period = suggested_period(profile)
        sel = json.dumps(d.selector, ensure_ascii=False)
        lines += [f"  - id: {d.id}", f"    name: {_q('TODO: name the activity at ' + d.key)}",
                  f"    purpose: {_q('TODO: why is this data kept?')}", "    role: controller  # TODO: or processor",
                  f"    data_subjects: {json.dumps(subjects or ['TODO: who are these people?'], ensure_ascii=False)}"
                  + ("  # guessed from the names of the place" if subjects else ""),
                  f"    data_categories: {json.dumps(sorted(d.categories))}  # found in {len(d.uris)} item(s)",
                  "    legal_basis: case_by_case  # TODO: the Art. 6(1) basis"]
        if d.special:
            lines.append(f"    # Art. 9/10 data found ({', '.join(sorted(d.special))}): add special_category_basis "
                         "(or art10_authority)")
        lines += ["    locations:", f"      - {sel}", "    retention:"]
        if profile:
            lines.append(f"      # age profile: {profile['items']} item(s), oldest {profile['oldest']} days, median "
                         f"{profile['median']}, newest {profile['newest']}; suggested: duration: {period}, from: modified")
        lines += ["      - none_stated: true",
                  f"        as_declared: {_q('DRAFT: no retention decided yet' + (f' (suggested {period} from modified)' if period else ''))}",
                  ""]
    return "\n".join(lines).rstrip() + "\n"
