"""Mail benchmark: messages per second on the Enron sample (a folder of RFC 822 files, read by the files
connector) and the notmuch Maildir (read by the Maildir connector), read in place from ../shared/corpus.

Three figures per set:
  extract only   connector + sniffing + MIME extraction, no detection, in this process;
  scan, 1 proc   the whole pipeline with one prebuilt detector (model loading not timed);
  scan, N procs  the whole pipeline as `pdscan scan --workers N` runs it, worker start-up and model loading
                 included.
Both sets are tiny (19 and 53 messages), so each pass scans the set REPEAT times (the same source given
REPEAT times in one scan) and the figure is the mean over the repeats.
Run: `.venv/bin/python -m tests.bench.bench_mail` (also part of `make bench`).
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

REPEAT = 5
CORPUS = Path(os.environ.get("PDSCAN_CORPUS", Path(__file__).resolve().parents[2].parent / "shared" / "corpus"))
SETS = {"enron": CORPUS / "mail-enron-sample", "notmuch-maildir": CORPUS / "mail-notmuch-maildir" / "default"}


def is_message(kind: str, media_type: str | None, uri: str, parent: str | None) -> bool:
    """A message of the set: not an attachment, nor a message inside one (attached git patches are mboxes)."""
    top = parent is None or "/attachments/" not in uri
    return top and (kind == "message" or (media_type == "message/rfc822" and parent is None))


def extract_only(source: Path) -> tuple[int, float]:
    from pdscan.extract import extract, media_type_of
    from pdscan.model import Item
    from pdscan.options import ScanOptions
    from pdscan.run.pipeline import iter_source_items

    options = ScanOptions(workers=1)
    messages = 0
    t0 = time.perf_counter()
    for it in iter_source_items([str(source)] * REPEAT, options):
        if not isinstance(it, Item):
            continue
        it = it.with_(media_type=media_type_of(it))
        list(extract(it, options))
        messages += is_message(it.kind, it.media_type, it.uri, it.parent)
    return messages, time.perf_counter() - t0


def full_scan(source: Path, workers: int, detector=None) -> tuple[int, float]:
    import pdscan
    from pdscan.options import ScanOptions
    from pdscan.run import scan

    with tempfile.TemporaryDirectory() as out:
        t0 = time.perf_counter()
        scan([str(source)] * REPEAT, out, ScanOptions(workers=workers), progress=False, detector=detector)
        seconds = time.perf_counter() - t0
        items = pdscan.load(out).items
    parents = items.parent.astype(object).where(items.parent.notna(), None)
    messages = sum(map(is_message, items.kind, items.media_type, items.uri, parents))
    return messages, seconds


def main(argv: list[str] | None = None) -> list[dict]:
    missing = [str(p) for p in SETS.values() if not p.exists()]
    if missing:
        print(f"bench_mail: corpus material not available: {', '.join(missing)}")
        return []
    from pdscan.detect import build_detector
    from pdscan.options import ScanOptions

    workers = os.cpu_count() or 1
    print(f"command: {sys.executable} -m tests.bench.bench_mail   (each set scanned {REPEAT}x per figure)")
    detector = build_detector(ScanOptions(workers=1))
    results = []
    for name, source in SETS.items():
        for mode, run in (("extract only", lambda: extract_only(source)),
                          ("scan, 1 proc", lambda: full_scan(source, 1, detector)),
                          (f"scan, {workers} procs", lambda: full_scan(source, workers))):
            messages, seconds = run()
            rate = messages / seconds if seconds else 0.0
            results.append({"set": name, "mode": mode, "messages": messages, "seconds": seconds, "per_second": rate})
            print(f"{name:>16} {mode:>14}: {messages:>4} messages in {seconds:6.2f} s = {rate:8.1f} messages/s")
    return results


if __name__ == "__main__":
    main()
