"""What a person reads first: counts, what needs action, unreadable items, findings grouped by folder.

Computed once from a Report for the Markdown and HTML renderers, so both tell the same story.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

import pandas as pd

from ..model import OK
from .build import ACTION_VERDICTS, VERDICTS, Report, records

ROW_FIELDS = ("uri", "entity", "category", "special", "score", "count", "reason", "snippet", "field",
              "verdict", "activity", "selector", "detail", "overdue_days", "rows_overdue")
ITEM_ROW_FIELDS = ("uri", "kind", "media_type", "size", "modified", "status", "message")
# Sections of "needs action", most urgent first, with what the DPO should do.
ACTION_TITLES = {
    "special_without_basis": "Special-category data without a declared basis",
    "overdue": "Kept longer than the declared retention",
    "undocumented": "Not covered by any declared activity",
}


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    share: float  # of the largest bar, 0..1, for chart widths


@dataclass
class File:
    container: str  # the file (or message, table) itself, without the path inside it
    name: str
    findings: list[dict] = field(default_factory=list)


@dataclass
class Folder:
    path: str  # relative to the report's root
    files: list[File] = field(default_factory=list)
    verdicts: dict[str, int] = field(default_factory=dict)
    unread: list[dict] = field(default_factory=list)  # items here that could not be read

    @property
    def findings(self) -> int:
        return sum(len(f.findings) for f in self.files)


@dataclass(frozen=True)
class Summary:
    totals: dict[str, int]
    status: list[Bar]
    verdicts: list[Bar]
    categories: list[Bar]
    entities: list[Bar]
    activities: list[Bar]
    sources: list[Bar]
    action: dict[str, list[dict]]  # verdict -> finding rows, for ACTION_VERDICTS present
    review: list[dict]
    special: list[dict]  # without a register, the Art. 9/10 findings stand in for "needs action"
    unreadable: list[dict]
    root: str
    folders: list[Folder]
    changes: dict[str, list[dict]] | None  # new / resolved finding rows (unchanged ones only counted)

    @property
    def files(self) -> list[tuple[str, File]]:
        """Every file with findings and its path relative to `root`, in folder order."""
        return [(f"{d.path}/{f.name}" if d.path else f.name, f) for d in self.folders for f in d.files]


def bars(counts: dict[str, int] | pd.Series, order: tuple[str, ...] | None = None) -> list[Bar]:
    counts = {str(k): int(v) for k, v in dict(counts).items() if int(v) > 0}
    keys = [k for k in order if k in counts] if order else sorted(counts, key=lambda k: (-counts[k], k))
    top = max(counts.values(), default=1)
    return [Bar(k, counts[k], counts[k] / top) for k in keys]


def container_of(uri: str) -> str:
    return uri.split("#", 1)[0]


def relative(path: str, root: str) -> str:
    return path[len(root) + 1:] if root and path.startswith(root + "/") else path


def folder_of(container: str) -> str:
    return container.rsplit("/", 1)[0] if "/" in container else ""


def common_root(paths: list[str]) -> str:
    """The longest folder that holds every path, so the drill-down shows short relative paths."""
    if not paths:
        return ""
    parts = [p.split("/") for p in paths]
    root: list[str] = []
    for segment in zip(*parts):
        if len(set(segment)) != 1:
            break
        root.append(segment[0])
    shortest = min(len(p) for p in parts)
    if len(root) >= shortest:  # every path is the same file or a prefix: keep the folder, not the file
        root = root[: shortest - 1]
    return "/".join(root)


def _source_forms(source: str) -> list[str]:
    """How a run source can appear at the start of its items' URIs (credentials are never in item URIs)."""
    bare = re.sub(r"://[^@/]*@", "://", source)
    if bare.startswith("file://"):
        bare = bare[len("file://"):]
    forms = [bare.rstrip("/")]
    if "://" not in bare:
        forms.append(os.path.abspath(bare).rstrip("/"))
    return forms


def source_of(uri: str, sources: list[str]) -> str:
    best, best_len = None, -1
    for s in sources:
        for form in _source_forms(s):
            hit = uri == form or uri.startswith((form + "/", form + "#"))
            if not hit and "://" not in form and not form.startswith("/"):
                hit = f"/{os.path.normpath(form)}/" in uri  # a relative source, reported from another folder
            if hit and len(form) > best_len:
                best, best_len = s, len(form)
    if best is not None:
        return best
    return uri.split("://", 1)[0] + "://" if "://" in uri else "(other)"


def finding_rows(df: pd.DataFrame) -> list[dict]:
    return records(df.sort_values(["uri", "entity"], kind="stable"), ROW_FIELDS) if len(df) else []


def _folders(findings: pd.DataFrame, unreadable: list[dict], root: str) -> list[Folder]:
    folders: dict[str, Folder] = {}

    def folder_for(container: str) -> Folder:
        path = folder_of(relative(container, root))
        return folders.setdefault(path, Folder(path))

    files: dict[str, tuple[Folder, File]] = {}
    for row in finding_rows(findings):
        container = container_of(row["uri"])
        if container not in files:
            folder = folder_for(container)
            files[container] = folder, File(container, relative(container, root).rsplit("/", 1)[-1])
            folder.files.append(files[container][1])
        folder, file = files[container]
        file.findings.append(row)
        if row["verdict"]:
            folder.verdicts[row["verdict"]] = folder.verdicts.get(row["verdict"], 0) + 1
    for item in unreadable:
        folder_for(container_of(item["uri"])).unread.append(item)
    return [folders[k] for k in sorted(folders)]


def summarize(report: Report) -> Summary:
    items, findings = report.items, report.findings
    has_verdicts = report.verdicts is not None and "verdict" in findings.columns
    sources = [str(s) for s in report.run.get("sources", [])]
    unreadable = records(items[items["status"] != OK].sort_values(["status", "uri"], kind="stable"), ITEM_ROW_FIELDS)
    containers = sorted({container_of(u) for u in items["uri"]})
    root = common_root(containers)

    verdict_of = findings["verdict"] if has_verdicts else pd.Series(dtype=str)
    action = {v: finding_rows(findings[verdict_of == v]) for v in ACTION_VERDICTS} if has_verdicts else {}
    action = {v: rows for v, rows in action.items() if rows}
    changes = None
    if report.comparison is not None:
        c = report.comparison
        changes = {"new": finding_rows(c.new), "resolved": finding_rows(c.resolved)}

    totals = {
        "items": len(items),
        "items_read": int((items["status"] == OK).sum()),
        "items_with_findings": findings["uri"].nunique(),
        "findings": len(findings),
        "occurrences": int(findings["count"].sum()) if len(findings) else 0,
        "special": int(findings["special"].notna().sum()) if len(findings) else 0,
        "unreadable": len(unreadable),
        "action": sum(len(r) for r in action.values()),
    }
    if report.comparison is not None:
        totals.update({k: len(getattr(report.comparison, k)) for k in ("new", "resolved", "unchanged")})
    return Summary(
        totals=totals,
        status=bars(items["status"].value_counts()),
        verdicts=bars(verdict_of.value_counts(), VERDICTS) if has_verdicts else [],
        categories=bars(findings["category"].value_counts()),
        entities=bars(findings["entity"].value_counts()),
        activities=bars(findings["activity"].fillna("(no activity)").value_counts()) if has_verdicts else [],
        sources=bars(findings["uri"].map(lambda u: source_of(u, sources)).value_counts()) if len(findings) else [],
        action=action,
        review=finding_rows(findings[verdict_of == "needs_review"]) if has_verdicts else [],
        special=[] if has_verdicts else finding_rows(findings[findings["special"].notna()]),
        unreadable=unreadable,
        root=root,
        folders=_folders(findings, unreadable, root),
        changes=changes,
    )
