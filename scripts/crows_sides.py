"""Art. 9 recall on CrowS-Pairs, split by which sentence of the pair names the disadvantaged group.

    python scripts/crows_sides.py [--corpus ../shared/corpus]

`pdscan eval --format crows-pairs` labels both sentences of a pair with the pair's category. But the second
sentence is a minimal edit that swaps the group words, often for ones that reveal nothing special ("gay" ->
"straight", "autistic" -> "normal"), so its label is weaker. This prints recall for each side separately, with
the English special-category recogniser alone (no language detection, no NER).
"""
from __future__ import annotations

import argparse
import csv
from collections import Counter
from pathlib import Path

from pdscan.detect.recognizers.special import lexicon
from pdscan.evaluate.datasets import CROWS_CATEGORIES

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default=str(REPO.parent / "shared" / "corpus"))
    path = Path(parser.parse_args().corpus) / "special-crows-pairs" / "crows_pairs_anonymized.csv"
    found, total = Counter(), Counter()
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            category = CROWS_CATEGORIES.get(row["bias_type"])
            if not category:
                continue
            # CrowS: in "stereo" rows sent_more is about the disadvantaged group, in "antistereo" rows sent_less
            disadvantaged = "sent_more" if row["stereo_antistereo"] == "stereo" else "sent_less"
            for column in ("sent_more", "sent_less"):
                side = "disadvantaged" if column == disadvantaged else "contrast"
                total[category, side] += 1
                found[category, side] += category in {h.entry.special for h in lexicon("en").find(row[column])}
    for key in sorted(total):
        print(f"{key[0]:<15} {key[1]:<14} recall {found[key] / total[key]:.3f} ({found[key]}/{total[key]})")


if __name__ == "__main__":
    main()
