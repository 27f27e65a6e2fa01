"""Build the demo estate, scan it, hold the findings against the example register, summarise."""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from ..paths import data_dir
from ..register import VERDICTS, Register, evaluate, load_register, write_verdicts
from ..register.summary import top_actions, verdict_counts
from .estate import Case, build_estate

REGISTER = "acme-it-register.yaml"


@dataclass
class DemoResult:
    root: Path
    store: Path
    cases: list[Case]
    verdicts: pd.DataFrame
    report: Path | None
    register: Register


def case_verdict(verdicts: pd.DataFrame, case: Case) -> str | None:
    """The most urgent verdict among the findings in this case's file (or mail export, or database)."""
    uri = case.uri
    mine = verdicts[(verdicts.uri == uri) | verdicts.uri.str.startswith(uri + "#")
                    | verdicts.uri.str.startswith(uri + "/")]
    if case.special_only:
        mine = mine[mine.special.notna()]
    found = set(mine.verdict)
    return next((v for v in VERDICTS if v in found), None)


def run_demo(root: str | os.PathLike, now: datetime | None = None, detector=None, workers: int = 1) -> DemoResult:
    """Write the estate to root/estate, the scan to root/scan (+ verdicts.parquet, report.html)."""
    from ..options import ScanOptions
    from ..run import scan

    root = Path(root).resolve()
    now = now or datetime.now(timezone.utc)
    register = load_register(data_dir("examples") / REGISTER)
    share, crm, cases = build_estate(root / "estate", now.date())
    out = root / "scan"
    sources = [str(share)] + ([crm] if crm else [])
    scan(sources, out, ScanOptions(workers=workers), progress=False, detector=detector)
    from .. import load

    verdicts = evaluate(load(out), register, now=now)
    write_verdicts(out, verdicts)
    return DemoResult(root, out, cases, verdicts, _html_report(out), register)


def _html_report(out: Path) -> Path | None:
    """report.html through the report module; the demo still works (without it) where that is missing."""
    try:
        from ..plugins import renderers
        from ..report import build_report
    except ImportError:
        return None
    html = renderers().get("html")
    if html is None:
        return None
    path = out / "report.html"
    with open(path, "w", encoding="utf-8") as fh:
        html.fn(build_report(out), fh)
    return path


def summary(result: DemoResult, kept: bool) -> list[str]:
    v = result.verdicts
    lines = [f"pdscan demo: Acme IT AS (synthetic), {len(result.cases)} places, {len(v)} findings held against "
             f"{REGISTER} ({len(result.register.activities)} declared activities)", "", "Findings by verdict:"]
    lines += [f"  {name:<22} {n:>4}" for name, n in verdict_counts(v).items()]
    lines += ["", "Cases (what the privacy notice implies -> what the scan found):"]
    for case in result.cases:
        got = case_verdict(v, case)
        mark = "ok " if got == case.expect else "!! "
        lines.append(f"  {mark}{got or 'no findings':<22} {_short(case.uri, result.root)}: {case.case}")
    actions = top_actions(v)
    if actions:
        lines += ["", "Top actions:"] + [f"  {_short(a, result.root)}" for a in actions]
    lines += people_lines(result) + suggestion_lines(result)
    lines.append("")
    if kept:
        lines.append(f"Estate: {result.root / 'estate'}   store: {result.store}")
        if result.report:
            lines.append(f"Report: {result.report}")
    else:
        lines.append("Run `pdscan demo --out demo-out` to keep the estate, the store and report.html.")
    return lines


def people_lines(result: DemoResult, top: int = 5) -> list[str]:
    """The `pdscan people` view of the demo: distinct people per place, most first."""
    from .. import load
    from ..people.affected import affected

    store = load(result.store)
    p = affected(store.findings, store.items, result.verdicts)
    t = p["total"]
    lines = ["", f"People affected (pdscan people): {t['people']} distinct people, {t['special']} with Art. 9/10 data, "
                 f"{t['children']} children, clustering confidence {t['confidence']:.2f}; most per place:"]
    return lines + [f"  {r['people']:>4} {_short(r['group'], result.root)}" for r in p["places"][:top]]


def suggestion_lines(result: DemoResult) -> list[str]:
    """What `pdscan register suggest` drafts for the demo's undocumented findings."""
    from .. import load
    from ..register.suggest import drafts

    ds = drafts(load(result.store), result.verdicts)
    lines = ["", f"Suggested register entries (pdscan register suggest): {len(ds)} draft(s) for undocumented findings:"]
    return lines + [f"  {d.id}: {d.selector} {', '.join(sorted(d.categories))}" for d in ds]


def _short(uri: str, root: Path) -> str:
    return uri.replace(str(root) + "/", "")
