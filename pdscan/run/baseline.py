"""Incremental scans: the rows of a previous scan (`scan --baseline PREVIOUS`) that still hold.

A top-level item whose uri and fingerprint (pdscan.run.fingerprint) are those of the baseline keeps the
baseline's rows (its own, its members', attachments', columns') and findings; everything else is scanned. A
single-file mail export (mbox, PST) whose file is unchanged keeps all its messages without being parsed.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pyarrow.parquet as pq

from ..errors import UsageError
from ..model import ERROR, Item, ItemResult
from ..store.parquet import ITEM_COLUMNS, item_row
from .fingerprint import META_KEY, item_fingerprint

# Errors of the run, not of the item (a timeout, a dead worker, a server or share gone, a store write): a full
# scan would try again, so these items are scanned again. A parser's error on the same bytes with the same code
# (the detector fingerprint covers pdscan/extract) would recur, and is kept; so is running out of memory, unless
# the limit (--max-memory) was raised since.
_TRANSIENT = re.compile(r"^(timeout|worker|store|connect|list|stat)\b|took longer than|died", re.I)
_OUT_OF_MEMORY = "out of memory"


def _raised(now: int, then: int) -> bool:
    """Is the memory limit `now` more generous than `then` (0 = none)?"""
    return then != 0 and (now == 0 or now > then)


class Baseline:
    """The previous scan's rows grouped by top-level item (what a worker unit wrote)."""

    def __init__(self, out: str | Path, detector_fp: str, max_memory: int = 0):
        out = Path(out)
        run_path = out / "run.json"
        if not run_path.exists():
            raise UsageError(f"--baseline {out}: not a pdscan output folder (no run.json)")
        run = json.loads(run_path.read_text())
        if not run.get("complete") or not (out / "items.parquet").exists():
            raise UsageError(f"--baseline {out}: that scan did not finish (finish it with `pdscan scan --resume {out}`)")
        if run.get("detector_fingerprint") != detector_fp:
            why = ("it records no detector fingerprint (an older pdscan)" if "detector_fingerprint" not in run else
                   "its detectors differ (rule packs, models, pdscan version, --no-ner or other detection "
                   "options, or the hashing key)")
            raise UsageError(f"--baseline {out}: cannot be reused, {why}; scan without --baseline")
        self.out, self.run = out, run
        self.sources = run.get("source_fingerprints") or {}
        items = pq.read_table(out / "items.parquet").to_pylist()
        findings = pq.read_table(out / "findings.parquet").to_pylist()
        self.fingerprints: dict[str, str] = {}
        self.units: dict[str, list[dict]] = defaultdict(list)
        self.findings: dict[str, list[dict]] = defaultdict(list)
        self.failed: set[str] = set()  # top-level uris with a transient error row: never reused
        parent = {}
        for row in items:
            fp = json.loads(row["meta"]).get(META_KEY) if row["meta"] else None
            if fp:
                self.fingerprints[row["uri"]] = fp
            parent.setdefault(row["uri"], row["parent"])
        root_of = {u: self._root(u, parent) for u in parent}
        retry_oom = _raised(max_memory, (run.get("options") or {}).get("max_memory", 0))
        for row in items:
            self.units[root_of[row["uri"]]].append({k: row[k] for k in ITEM_COLUMNS})
            message = row["message"] or ""
            if row["status"] == ERROR and (_TRANSIENT.search(message) or _OUT_OF_MEMORY in message and retry_oom):
                self.failed.add(root_of[row["uri"]])
        for row in findings:
            self.findings[root_of.get(row["uri"], row["uri"])].append(row)

    def _root(self, uri: str, parent: dict) -> str:
        seen = set()
        while uri not in self.fingerprints and parent.get(uri) in parent and uri not in seen:
            seen.add(uri)
            uri = parent[uri]
        return uri

    def unit(self, uri: str) -> tuple[list[dict], list[dict]]:
        """The rows of the top-level item `uri`, its own row last (as the store writes units)."""
        rows = self.units.get(uri, [])
        own = [r for r in rows if r["uri"] == uri]
        return [r for r in rows if r["uri"] != uri] + own, self.findings.get(uri, [])

    def inside(self, container_uri: str) -> list[str]:
        """Top-level uris of the baseline that are the export `container_uri` or messages in it."""
        return [u for u in self.units if u == container_uri or u.startswith(container_uri + "#")]


class Reuse:
    """Applies a baseline to a stream of units: reused ones go straight to `reused(item_rows, finding_rows)`,
    the rest come out (with their fingerprint in meta, for the next incremental scan)."""

    def __init__(self, baseline: Baseline | None, reused: Callable[[list[dict], list[dict]], None]):
        self.baseline, self._reused = baseline, reused
        self.counts = {"reused": 0, "scanned": 0}

    def container(self, container_uri: str, fingerprint: str | None) -> bool:
        """Reuse a whole single-file source (its uri) when its file is unchanged; True when it was."""
        b = self.baseline
        if b is None or fingerprint is None or b.sources.get(container_uri) != fingerprint:
            return False
        tops = b.inside(container_uri)
        if not tops or any(u in b.failed for u in tops):
            return False  # the export or a message failed last time: read it again
        for uri in tops:
            self._emit(*b.unit(uri))
        return True

    def units(self, units: Iterable[Item | ItemResult]) -> Iterator[Item | ItemResult]:
        for it in units:
            if not isinstance(it, Item):
                yield it
                continue
            fp = item_fingerprint(it)
            b = self.baseline
            if fp is not None and b is not None and b.fingerprints.get(it.uri) == fp and it.uri not in b.failed:
                self._emit(*b.unit(it.uri), fresh=it)
                continue
            self.counts["scanned"] += 1
            yield it.with_(meta={**it.meta, META_KEY: fp}) if fp else it

    def _emit(self, rows: list[dict], findings: list[dict], fresh: Item | None = None) -> None:
        if fresh is not None and fresh.timestamps and rows:
            # the listing's own dates (file ctime, a table's row ages against today) are today's, as in a full scan
            own = json.loads(rows[-1]["timestamps"] or "{}")
            own.update(json.loads(item_row(fresh, "ok", None)["timestamps"]))
            rows = rows[:-1] + [{**rows[-1], "timestamps": json.dumps(own)}]
        self.counts["reused"] += 1
        self._reused(rows, findings)
