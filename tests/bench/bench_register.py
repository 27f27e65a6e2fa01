"""Verdict throughput: evaluate() over a synthetic store of N items x 5 findings against the example register.

    .venv/bin/python -m tests.bench.bench_register [--items 20000]
"""
from __future__ import annotations

import argparse
import time
from types import SimpleNamespace

import pandas as pd

from pdscan.paths import data_dir
from pdscan.register import evaluate, load_register
from pdscan.store import FINDING_COLUMNS, ITEM_COLUMNS

FOLDERS = ["sales", "hr/recruitment/2024-senior-developer", "events/2025-06-12-x", "crm/web-forms", "felles", "misc",
           "website/contact-form"]
KINDS = [("PERSON", "user.name", None), ("EMAIL_ADDRESS", "user.contact.email", None),
         ("PHONE_NUMBER", "user.contact.phone_number", None), ("HEALTH", "user.health_and_medical", "health"),
         ("NO_FODSELSNUMMER", "user.government_id.national_identification_number", None)]


def synthetic_store(n: int) -> SimpleNamespace:
    uris = [f"/share/{FOLDERS[i % len(FOLDERS)]}/doc{i}.txt" for i in range(n)]
    items = pd.DataFrame({c: None for c in ITEM_COLUMNS} | {"uri": uris, "kind": "file", "status": "ok",
                                                            "modified": pd.Timestamp("2025-01-01", tz="UTC")},
                         columns=ITEM_COLUMNS)
    rows = [{"uri": u, "entity": e, "category": c, "special": s} for u in uris for e, c, s in KINDS]
    findings = pd.DataFrame(rows).reindex(columns=FINDING_COLUMNS)
    return SimpleNamespace(run={"sources": ["/share"]}, items=items, findings=findings)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int, default=20_000)
    args = ap.parse_args()
    store = synthetic_store(args.items)
    register = load_register(data_dir("examples") / "acme-it-register.yaml")
    t0 = time.perf_counter()
    verdicts = evaluate(store, register)
    dt = time.perf_counter() - t0
    print(f"register_evaluate: {len(verdicts)} findings over {args.items} items in {dt:.2f} s "
          f"({len(verdicts) / dt:.0f} findings/s)")
    print("verdicts: " + ", ".join(f"{k} {v}" for k, v in verdicts.verdict.value_counts().items()))


if __name__ == "__main__":
    main()
