"""Subject scan vs full scan: how much faster `pdscan subject locate SOURCE...` is than `pdscan scan`.

Builds a share in a temporary folder: FILES text files of Norwegian prose (NorNE dev sentences, read in
place from ../shared/corpus; a fixed filler text when the corpus is absent), plus PLANTED files naming one
synthetic person (name, e-mail, phone, fødselsnummer). Both scans run in this process with one worker over
the same share, through the same pipeline; only the detector differs: the full engine with NER, the person
matcher alone (what verify-deletion runs), and the person matcher with the pattern-only engine on the items
where the person appears (what locate runs; that engine is built on the first hit, inside the clock). The
full engine is built before the clock starts, so its figure is scanning, not model loading. Prints one JSON line: seconds, MB/s of text, the speed-up, and whether every planted
file was found. Run: `.venv/bin/python -m tests.bench.bench_subject [FILES]`.
"""
from __future__ import annotations

import json
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "norne" / "no_bokmaal-ud-dev.conllu"
FILES = 200
PLANTED = 5
FILE_CHARS = 4000
PERSON = {"emails": ["ase.bjornstad@example.no"], "phones": ["+47 406 12 345"], "national_ids": ["15838549990"],
          "names": ["Åse Kristin Bjørnstad"]}
PLANTED_LINE = "Kontakt: Bjørnstad, Åse Kristin (ase.bjornstad@example.no, tlf. 406 12 345, fnr. 158385 49990)."
FILLER = ("Styret behandlet budsjettet for neste år og ba administrasjonen legge fram en plan for "
          "vedlikehold av bygningene før sommeren. ")


def sentences() -> list[str]:
    if not CORPUS.exists():
        return [FILLER]
    return [line[len("# text = "):].strip() for line in CORPUS.read_text(encoding="utf-8").splitlines()
            if line.startswith("# text = ")]


def build_share(root: Path, files: int) -> int:
    pool = sentences()
    pos = 0
    for n in range(files):
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < FILE_CHARS:
            parts.append(pool[pos % len(pool)])
            pos += 1
        if n % (files // PLANTED) == 0:
            parts.insert(len(parts) // 2, PLANTED_LINE)
        (root / f"doc{n:04d}.txt").write_text("\n".join(parts) + "\n", encoding="utf-8")
    return sum(1 for n in range(files) if n % (files // PLANTED) == 0)


def timed_scan(share: Path, out: Path, **detector) -> tuple[float, int]:
    from pdscan.options import ScanOptions
    from pdscan.run import scan

    t0 = time.perf_counter()
    summary = scan([str(share)], out, ScanOptions(workers=1), progress=False, **detector)
    return time.perf_counter() - t0, summary.bytes_text


def main(argv: list[str] | None = None) -> dict:
    from pdscan.detect import build_detector
    from pdscan.options import ScanOptions
    from pdscan.store import load
    from pdscan.subject.identifiers import build_identifiers
    from pdscan.subject.lookup import locate_in_store
    from pdscan.subject.matcher import SubjectDetector

    argv = sys.argv[1:] if argv is None else argv
    files = int(argv[0]) if argv else FILES
    with tempfile.TemporaryDirectory(prefix="pdscan-bench-subject-") as tmp:
        tmp = Path(tmp)
        share = tmp / "share"
        share.mkdir()
        planted = build_share(share, files)
        identifiers = build_identifiers(**PERSON)
        engine = build_detector(ScanOptions(workers=1))
        full_s, text = timed_scan(share, tmp / "full", detector=engine)
        subject_s, _ = timed_scan(share, tmp / "subject", detector_factory=partial(SubjectDetector, identifiers))
        nearby_s, _ = timed_scan(share, tmp / "nearby", detector_factory=partial(SubjectDetector, identifiers,
                                                                                 nearby=True))
        found = locate_in_store(load(tmp / "subject"), identifiers).matches
    result = {
        "bench": "subject", "files": files, "text_mb": round(text / 1e6, 3), "text_source": "norne" if CORPUS.exists()
        else "filler", "full_scan_s": round(full_s, 2), "subject_scan_s": round(subject_s, 2),
        "full_mb_s": round(text / 1e6 / full_s, 3), "subject_mb_s": round(text / 1e6 / subject_s, 3),
        "speedup": round(full_s / subject_s, 1), "locate_nearby_s": round(nearby_s, 2),
        "locate_speedup": round(full_s / nearby_s, 1), "planted": planted, "found": len(found),
    }
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
