"""Mail benchmark: messages per second on the Enron sample (a folder of RFC 822 files, read by the files
connector) and the notmuch Maildir (read by the Maildir connector), read in place from ../shared/corpus.

Three figures per set:
  extract only   connector + sniffing + MIME extraction, no detection, in this process;
  scan, 1 proc   the whole pipeline with one prebuilt detector (model loading not timed);
  scan, N procs  the whole pipeline as `pdscan scan --workers N` runs it, worker start-up and model loading
                 included.
Both sets are tiny (19 and 53 messages), so each pass scans the set REPEAT times (the same source given
REPEAT times in one scan) and the figure is the mean over the repeats.
Streaming: a generated mbox of MBOX_MB megabytes is read through the mbox connector in a fresh process
(messages/s and that process's peak RSS), to show that memory does not grow with the mailbox.
Run: `.venv/bin/python -m tests.bench.bench_mail` (also part of `make bench`).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPEAT = 5
MBOX_MB = 100
# Peak RSS from VmHWM: ru_maxrss would carry over the parent's peak (a loaded detector) across fork + exec.
STREAM_CHILD = """
import json, re, sys, time
from pdscan.options import ScanOptions
from pdscan.sources.mbox import scan_mbox
t0 = time.perf_counter()
n = sum(1 for it in scan_mbox(sys.argv[1], ScanOptions(workers=1)) if getattr(it, "kind", "") == "message")
hwm = re.search(r"VmHWM:\\s+(\\d+) kB", open("/proc/self/status").read())
print(json.dumps({"messages": n, "seconds": time.perf_counter() - t0, "peak_rss_mb": int(hwm.group(1)) / 1024}))
"""
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


def write_mbox(path: Path, megabytes: int) -> int:
    """A mailbox of varied synthetic messages (no real person's data), about `megabytes` in size."""
    written = n = 0
    with open(path, "wb") as fh:
        while written < megabytes * 1_000_000:
            n += 1
            body = (f"Hei,\nmøtet flyttes til {n % 28 + 1}. mars. Ring meg på 4{n % 10_000_000:07d}.\n" * 40).encode()
            msg = (f"From sender{n}@example.no Tue Mar  3 10:15:00 2020\nFrom: Person {n} <person{n}@example.no>\n"
                   f"To: team@example.no\nSubject: Melding {n}\nDate: Tue, 03 Mar 2020 10:15:00 +0100\n"
                   f"Message-ID: <{n}@example.no>\n\n").encode() + body + b"\n"
            fh.write(msg)
            written += len(msg)
    return n


def stream_mbox() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        box = Path(tmp) / "big.mbox"
        write_mbox(box, MBOX_MB)
        size = box.stat().st_size
        out = subprocess.run([sys.executable, "-c", STREAM_CHILD, str(box)], capture_output=True, text=True, check=True)
    r = json.loads(out.stdout)
    r.update(megabytes=size / 1e6, per_second=r["messages"] / r["seconds"])
    return r


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
    r = stream_mbox()
    results.append({"set": f"generated mbox {r['megabytes']:.0f} MB", "mode": "connector only", **r})
    print(f"{'generated mbox':>16} {'connector only':>14}: {r['messages']:>4} messages ({r['megabytes']:.0f} MB) in "
          f"{r['seconds']:6.2f} s = {r['per_second']:8.1f} messages/s, peak RSS {r['peak_rss_mb']:.0f} MB")
    return results


if __name__ == "__main__":
    main()
