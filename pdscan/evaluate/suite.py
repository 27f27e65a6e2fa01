"""`make eval`: the evaluation on every shared labelled set, tables on stdout, JSON in eval-out/.

    python -m pdscan.evaluate.suite [--corpus ../shared/corpus] [--out eval-out] [--quick]
"""
from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from . import identifier_set
from .engines import PdscanEngine, PresidioEngine
from .nordic_set import generate
from .special_set import CATEGORIES, LANGUAGE_GROUPS, SPLITS, write_jsonl
from .runner import evaluate, table

REPO = Path(__file__).resolve().parents[2]
# (name, path inside the corpus, format, entities to score or None for the default)
SUITE = [
    ("presidio-generated_large", "presidio-research/generated_large.json", "presidio-json", None),
    ("wnut17-dev", "wnut17/emerging.dev.conll", "conll", {"PERSON"}),
    ("norne-dev-bokmaal", "norne/no_bokmaal-ud-dev.conllu", "conllu-norne", {"PERSON"}),
    ("norne-dev-nynorsk", "norne/no_nynorsk-ud-dev.conllu", "conllu-norne", {"PERSON"}),
    ("nor-deid-validation", "nor-deid-synth/validation.json", "nor-deid", {"PERSON", "PHONE_NUMBER"}),
    ("nor-deid-validation-fnr", "nor-deid-synth/validation.json", "nor-deid", {"NO_FODSELSNUMMER"}),
    ("crows-pairs", "special-crows-pairs/crows_pairs_anonymized.csv", "crows-pairs", None),
    ("datafog", "datafog-corpus", "datafog", None),
]


def main() -> None:
    ap = argparse.ArgumentParser(description="pdscan accuracy suite")
    ap.add_argument("--corpus", default=os.environ.get("PDSCAN_CORPUS", REPO.parent / "shared" / "corpus"))
    ap.add_argument("--out", default=REPO / "eval-out")
    ap.add_argument("--quick", action="store_true", help="first 200 examples of each set")
    args = ap.parse_args()
    corpus, out = Path(args.corpus), Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    nordic = out / "nordic-identifiers.json"
    nordic.write_text(json.dumps(generate(), ensure_ascii=False))
    engines = [PdscanEngine(), PresidioEngine()]  # loaded once, shared by every dataset
    runs = [(n, corpus / p, f, e) for n, p, f, e in SUITE] + [("nordic-identifiers", nordic, "presidio-json", None)]
    for split in identifier_set.SPLITS:  # EU/EEA identifiers; `heldout` is for reporting, never for tuning
        path = out / f"identifiers-{split}.json"
        path.write_text(json.dumps(identifier_set.generate(split), ensure_ascii=False))
        runs.append((f"identifiers-{split}", path, "pdscan-json", None))
    for split in SPLITS:  # our own Art. 9/10 sentences: one table per split and language, rows per category
        for lang in LANGUAGE_GROUPS:
            path = write_jsonl(out / f"art9-{split}-{lang}.jsonl", split, lang)
            runs.append((f"art9-{split}-{lang}", path, "special-jsonl", set(CATEGORIES)))
    summary = {}
    for name, path, fmt, ents in runs:
        if not path.exists():
            print(f"\n== {name}: skipped, {path} not found")
            continue
        res = evaluate(path, fmt, ents, limit=200 if args.quick else None, engines=engines)
        res["dataset"] = name
        if name.startswith("identifiers-"):
            res["false_accepts"] = identifier_set.false_accepts(json.loads(path.read_text()), engines[0].analyze)
        (out / f"{name}.json").write_text(json.dumps(res, indent=2))
        print(f"\n== {name}\n{table(res)}")
        if "false_accepts" in res:
            print("pdscan false accepts: " + "; ".join(f"{g} {a}/{n}" for g, (a, n) in res["false_accepts"].items()))
        summary[name] = {e: res[e].get("overall") for e in ("pdscan", "presidio") if isinstance(res.get(e), dict)}
    (out / "summary.json").write_text(json.dumps(summary, indent=2))
    print(f"\nJSON per dataset in {out}/")


if __name__ == "__main__":
    main()
