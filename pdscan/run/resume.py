"""Resuming an interrupted scan: what to scan again (the run record in OUT/run.json) and what to skip (the
top-level items whose rows are already in the store's parts)."""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import fields
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import UsageError
from ..model import OK, Item, ItemResult
from ..options import ScanOptions
from ..store.masking import mask_credentials
from ..store.parquet import item_row


def stored_uri(it: Item | ItemResult) -> str:
    """The uri as the store holds it, which is what a stored top-level row is matched by."""
    item = it.item if isinstance(it, ItemResult) else it
    try:
        return item_row(item, OK, None)["uri"]
    except Exception:  # a name the store cannot write never got a row: scan it again
        return item.uri


def skip_done(units: Iterable[Item | ItemResult], done: Counter) -> Iterator[Item | ItemResult]:
    """`units` without the top-level items `done` counts (stored uri -> times already in the store).

    Counted, not a set: a crawl that yields one uri twice has both in the store, or only the first."""
    done = Counter(done)
    for it in units:
        key = stored_uri(it)
        if done[key] > 0:
            done[key] -= 1
            continue
        yield it


def read_run(out: str | Path) -> dict:
    path = Path(out) / "run.json"
    if not path.exists():
        raise UsageError(f"{out} is not a pdscan output folder (no run.json): nothing to resume")
    run = json.loads(path.read_text())
    if run.get("complete"):
        raise UsageError(f"the scan in {out} is complete: nothing to resume (scan again into a new folder)")
    if "resume" not in run:
        raise UsageError(f"{out} was written by a pdscan that cannot resume it (no 'resume' in run.json)")
    return run


def unmasked(uri: str) -> str:
    """A source as run.json holds it, with the masked password removed so the connector asks the
    environment (PDSCAN_DB_PASSWORD, PGPASSWORD, PDSCAN_SMB_PASSWORD, ...) instead."""
    uri = re.sub(r"(://[^:/@]+):\*\*\*@", r"\1@", uri)
    return re.sub(r"(?i)[?&](?:password|passwd|pwd|secret|token)=\*\*\*", "", uri)


def plan(out: str | Path, sources: list[str] | None = None) -> tuple[list[str], ScanOptions, dict]:
    """Sources, options and the run record of the interrupted scan in `out`. Sources given again must be the
    same ones (they may carry the passwords the record masks)."""
    run = read_run(out)
    recorded = run["sources"]
    if sources:
        if [mask_credentials(s) for s in sources] != recorded:
            raise UsageError(f"--resume: the sources differ from those of the interrupted scan: {', '.join(recorded)}")
    else:
        sources = [unmasked(s) for s in recorded]
    known = {f.name for f in fields(ScanOptions)}
    opts = {k: v for k, v in run["resume"]["options"].items() if k in known}
    if "languages" in opts:
        opts["languages"] = tuple(opts["languages"])
    return list(sources), ScanOptions(**opts), run
