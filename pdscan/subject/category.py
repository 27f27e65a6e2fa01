"""Dataset-level deletion check: does a location still hold data of one category (e.g. health after an event)?

The full detection engine runs, and only findings within the category are kept, so the temporary store
holds nothing else.
"""
from __future__ import annotations

import tempfile
from collections import defaultdict
from functools import partial

import yaml

from ..detect.packs import load_categories
from ..errors import UsageError
from ..model import Finding, Item, Segment
from ..options import ScanOptions
from ..paths import data_dir
from ..register.model import category_within
from ..run import scan
from ..store import load
from .lookup import matches_from, new_accumulator, searched
from .results import Located


def known_categories() -> tuple[set[str], set[str]]:
    """(category keys, Art. 9/10 keys) the engine can report, from its packs: a key outside them would
    always come back clean."""
    categories, default = load_categories()
    keys, special = set(categories.values()) | {default}, set()
    for path in sorted((data_dir("detectors") / "special").glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        keys.add(str(doc.get("category", default)))
        if doc.get("special"):
            special.add(str(doc["special"]))
    return keys, special


def check_category(key: str) -> None:
    keys, special = known_categories()
    if key in special or any(category_within(k, key) for k in keys):
        return
    raise UsageError(f"unknown category '{key}': no detector reports it, so the check could only come back clean. "
                     f"Special categories: {', '.join(sorted(special))}; categories: {', '.join(sorted(keys))}")


def in_category(finding: Finding, key: str) -> bool:
    """`health` matches Art. 9 findings of that kind; `user.contact` matches every contact category."""
    return finding.special == key or category_within(finding.category, key)


class CategoryDetector:
    def __init__(self, key: str, options: ScanOptions):
        from ..detect import build_detector

        self.key = key
        self.engine = build_detector(options)

    def describe(self) -> dict:
        return {**self.engine.describe(), "category": self.key}

    def detect(self, item: Item, segments: list[Segment]) -> list[Finding]:
        return [f for f in self.engine.detect(item, segments) if in_category(f, self.key)]


def scan_for_category(sources: list[str], key: str, options: ScanOptions, progress: bool | None = False) -> Located:
    check_category(key)
    with tempfile.TemporaryDirectory(prefix="pdscan-category-") as tmp:
        summary = scan(list(sources), tmp, options, progress=progress,
                       detector_factory=partial(CategoryDetector, key))
        if summary.aborted:
            raise KeyboardInterrupt
        store = load(tmp)
    per_uri: dict[str, dict] = defaultdict(new_accumulator)
    for row in store.findings.itertuples():
        acc = per_uri[row.uri]
        acc["conf"] = max(acc["conf"], float(row.score))
        acc["reasons"].add(f"{row.entity}: {row.reason}")
        acc["count"] += int(row.count)
    entities = store.findings.groupby("uri")["entity"].agg(lambda s: sorted(set(s)))
    return Located(matches_from(store, per_uri, entities), searched(store))
