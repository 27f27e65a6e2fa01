"""The Art. 15/20 package for the person: index.json, index.csv and the excerpts that concern them.

It holds the person's own data (raw when the search was a fresh scan), so the folder is 0700 and every
file 0600, whatever the umask.
"""
from __future__ import annotations

import csv
import io
import json
import os
from datetime import datetime, timezone
from pathlib import Path

from .. import __version__
from .identifiers import Identifier
from .results import Located

CSV_COLUMNS = ("uri", "kind", "identifiers", "entities", "timestamp", "activity", "verdict", "confidence",
               "reason", "count", "excerpts_file")


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # an existing file keeps its old mode otherwise
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)


def write_export(out: str | os.PathLike, located: Located, identifiers: list[Identifier]) -> Path:
    out = Path(out)
    (out / "excerpts").mkdir(parents=True, exist_ok=True)
    os.chmod(out, 0o700)
    os.chmod(out / "excerpts", 0o700)
    rows = []
    for n, m in enumerate(located.matches, 1):
        name = None
        if m.excerpts:
            name = f"excerpts/{n:04d}.txt"
            body = f"{m.uri}\n{m.kind}, {m.timestamp or 'no date'}; identifiers: {', '.join(m.identifiers)}\n\n"
            _write_private(out / name, body + "\n\n".join(m.excerpts) + "\n")
        rows.append({**m.row(), "timestamps": m.timestamps, "excerpts_file": name})
    index = {
        "generated": datetime.now(timezone.utc).isoformat(),
        "pdscan_version": __version__,
        "identifiers_searched": [i.label for i in identifiers],
        "excerpts": "raw (the person's own data)" if located.excerpts_raw else
                    "masked (taken from a stored scan, which keeps no raw values; locate on the sources for a full copy)",
        "searched": located.searched.row(),
        "matches": rows,
    }
    _write_private(out / "index.json", json.dumps(index, indent=2, ensure_ascii=False) + "\n")
    buf = io.StringIO()
    writer = csv.DictWriter(buf, CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for r in rows:
        writer.writerow({**r, "identifiers": ";".join(r["identifiers"]), "entities": ";".join(r["entities"])})
    _write_private(out / "index.csv", buf.getvalue())
    return out
