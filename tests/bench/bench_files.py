"""File-share benchmark: pdscan vs a naive Presidio loop, on the same documents, in the same run.

Builds a share in a temporary folder (tests/bench/files_corpus.py: copies of the shared documents
docs-tika, docs-aleph, docs-pdfplumber, plus seeded generated English and Norwegian business text) and runs,
each in a fresh process so peak RSS is its own:

* pdscan: `pdscan.scan` over the whole share with the default workers (the CPU count);
* naive: one process, pdscan's extraction, then Presidio's `AnalyzerEngine.analyze(text, language="en")`
  with the same spaCy model (full default pipeline) on each item's text. It is ~40x slower, so it runs on
  a fixed deterministic subset (every k-th file of the sorted share) and the two are compared by
  throughput (MB/s of extracted text); pdscan's throughput on that subset is printed too;
* labelled: presidio-research generated_large.json through both engines: per entity type, how many gold
  spans each finds (overlap, same type) and how many results each reports.

The NLP models load before the clock starts in the naive run; pdscan's time includes starting its workers.
Prints a table and ends with `speedup_vs_naive_presidio: <ratio>`.
Run: `.venv/bin/python -m tests.bench.bench_files [--generated-mb 16] [--naive-fraction 0.06]`.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("PDSCAN_CORPUS", REPO.parent / "shared" / "corpus"))
LABELLED = CORPUS / "presidio-research" / "generated_large.json"
# Entity types both engines report, as named in generated_large.json.
SHARED_TYPES = ("PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "IP_ADDRESS", "US_SSN")


# --- peak memory of a process tree -----------------------------------------------------------------------

class PeakRss:
    """Samples VmHWM (peak resident set) and CPU time of this process and all its descendants from /proc.

    CPU seconds are the fair measure on a shared machine: wall-clock MB/s of several workers drops when
    other jobs take the cores, CPU seconds per MB do not."""

    def __init__(self, interval: float = 0.25):
        self.interval, self.peaks, self.cpu, self._stop = interval, {}, {}, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self._sample()

    def _descendants(self) -> list[int]:
        parents: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat") as fh:
                        parents[int(entry)] = int(fh.read().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
        tree, changed = {os.getpid()}, True
        while changed:
            changed = False
            for pid, ppid in parents.items():
                if ppid in tree and pid not in tree:
                    tree.add(pid)
                    changed = True
        return sorted(tree)

    def _sample(self) -> None:
        for pid in self._descendants():
            try:
                with open(f"/proc/{pid}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
                self.cpu[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime
                with open(f"/proc/{pid}/status") as fh:
                    for line in fh:
                        if line.startswith("VmHWM:"):
                            kb = int(line.split()[1])
                            self.peaks[pid] = max(self.peaks.get(pid, 0), kb)
            except OSError:
                continue

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def summary(self) -> dict:
        mb = sorted((kb / 1024 for kb in self.peaks.values()), reverse=True)
        return {"cpu_seconds": round(sum(self.cpu.values()), 1),
                "peak_rss_mb_largest_process": round(mb[0], 1) if mb else 0.0,
                "peak_rss_mb_sum_of_processes": round(sum(mb), 1), "processes": len(mb),
                "peak_rss_mb_each": [round(m) for m in mb]}


# --- the measured runs, each in its own process ----------------------------------------------------------

def run_pdscan(sources: list[str], out: str, workers: int | None, detectors: list[str] | None = None) -> dict:
    import pdscan

    with PeakRss() as rss:
        t0 = time.perf_counter()
        options = {"workers": workers} if workers else {}
        if detectors:
            options["extra"] = {"detectors": detectors}
        summary = pdscan.scan(sources, out, **options)
        seconds = time.perf_counter() - t0
    findings = pdscan.load(out).findings
    return {"seconds": seconds, "text_bytes": summary.bytes_text, "items": summary.items,
            "findings": len(findings), "finding_occurrences": int(findings["count"].sum()) if len(findings) else 0,
            "workers": workers or os.cpu_count(), **rss.summary()}


class _NaiveDetector:
    """Presidio's AnalyzerEngine on each item's extracted text, as a user would call it."""

    def __init__(self):
        from pdscan.evaluate.engines import default_presidio_analyzer

        self.analyzer = default_presidio_analyzer()
        self.analyzer.analyze("warm-up: John Smith, john@example.com", language="en")
        self.results = 0

    def detect(self, item, segments):
        text = "\n".join(seg.text for seg in segments)
        self.results += len(self.analyzer.analyze(text, language="en"))
        return []


def run_naive(sources: list[str]) -> dict:
    from pdscan.model import Item
    from pdscan.options import ScanOptions
    from pdscan.run.pipeline import iter_source_items
    from pdscan.run.worker import scan_one

    options = ScanOptions(workers=1)
    with PeakRss() as rss:
        detector = _NaiveDetector()
        t0 = time.perf_counter()
        items = text_bytes = 0
        for it in iter_source_items(sources, options):
            if isinstance(it, Item):
                res = scan_one(it, options, detector)
                items += len(res.items)
                text_bytes += res.bytes
            else:
                items += 1
        seconds = time.perf_counter() - t0
    return {"seconds": seconds, "text_bytes": text_bytes, "items": items, "findings": detector.results,
            "workers": 1, **rss.summary()}


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def run_labelled() -> dict:
    from pdscan.detect import build_detector
    from pdscan.evaluate.engines import default_presidio_analyzer
    from pdscan.options import ScanOptions

    samples = json.loads(LABELLED.read_text(encoding="utf-8"))
    engines = {"pdscan": build_detector(ScanOptions(workers=1)).analyze_text,
               "presidio": lambda text, analyzer=default_presidio_analyzer(): analyzer.analyze(text, language="en")}
    out = {}
    for name, analyze in engines.items():
        found = {t: 0 for t in SHARED_TYPES}
        reported = {t: 0 for t in SHARED_TYPES}
        t0 = time.perf_counter()
        for sample in samples:
            results = [(r.entity_type, (r.start, r.end)) for r in analyze(sample["full_text"])]
            for entity, _ in results:
                if entity in reported:
                    reported[entity] += 1
            for span in sample["spans"]:
                gold = span["entity_type"]
                if gold in found and any(e == gold and _overlaps(s, (span["start_position"], span["end_position"]))
                                         for e, s in results):
                    found[gold] += 1
        out[name] = {"found": found, "reported": reported, "seconds": time.perf_counter() - t0}
    gold = {t: 0 for t in SHARED_TYPES}
    for sample in samples:
        for span in sample["spans"]:
            if span["entity_type"] in gold:
                gold[span["entity_type"]] += 1
    out["gold"] = gold
    return out


def child(kind: str, args: list[str]) -> None:
    if kind == "pdscan":
        workers = int(args[2]) if args[2] != "default" else None
        detectors = args[3].split(",") if args[3] != "all" else None
        result = run_pdscan(json.loads(Path(args[0]).read_text()), args[1], workers, detectors)
    elif kind == "naive":
        result = run_naive(json.loads(Path(args[0]).read_text()))
    else:
        result = run_labelled()
    print(json.dumps(result))


def _in_child(kind: str, *args: str) -> dict:
    proc = subprocess.run([sys.executable, "-m", "tests.bench.bench_files", "--child", kind, *args], cwd=REPO,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"{kind} run failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --- the benchmark ---------------------------------------------------------------------------------------

def subset(share: Path, fraction: float) -> list[str]:
    """Every k-th file of the sorted share (k = 1 / fraction): the same mix of documents and generated text."""
    files = sorted(p for p in share.rglob("*") if p.is_file())
    return [str(p) for p in files[::max(1, math.ceil(1 / fraction))]]


def _mbs(run: dict) -> float:
    return run["text_bytes"] / 1e6 / run["seconds"]


def _cpu_per_mb(run: dict) -> float:
    return run["cpu_seconds"] / (run["text_bytes"] / 1e6)


def _row(name: str, run: dict) -> str:
    return (f"{name:<24} {run['text_bytes'] / 1e6:6.2f} MB {run['seconds']:6.1f} s {_mbs(run):6.3f} MB/s "
            f"{_cpu_per_mb(run):6.1f} CPU s/MB "
            f"{run['items'] / run['seconds']:6.1f} items/s  peak RSS {run['peak_rss_mb_largest_process']:4.0f} MB "
            f"(sum of {run['processes']} processes' peaks {run['peak_rss_mb_sum_of_processes']:5.0f} MB: "
            f"{' + '.join(map(str, run['peak_rss_mb_each']))})")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench_files", description=__doc__.split("\n\n")[0])
    parser.add_argument("--generated-mb", type=float, default=16.0, help="generated text to add (MB)")
    parser.add_argument("--naive-fraction", type=float, default=0.06,
                        help="share of the files (every k-th) the naive baseline runs on")
    parser.add_argument("--workers", default="default", help="pdscan workers (default: the CPU count)")
    parser.add_argument("--no-labelled", action="store_true", help="skip the generated_large comparison")
    parser.add_argument("--detectors", default="all",
                        help="comma-separated pattern packs and recogniser modules for pdscan (e.g. common,spacy_en)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child[0], args.child[1:])
        return
    from tests.bench import files_corpus

    with tempfile.TemporaryDirectory(prefix="pdscan-bench-") as tmp:
        root = Path(tmp)
        share = files_corpus.build(root, CORPUS, args.generated_mb)
        disk = sum(p.stat().st_size for p in share.rglob("*") if p.is_file())
        files = sum(1 for p in share.rglob("*") if p.is_file())
        (root / "all.json").write_text(json.dumps([str(share)]))
        (root / "subset.json").write_text(json.dumps(part := subset(share, args.naive_fraction)))
        print(f"pdscan detectors: {args.detectors}")
        print(f"corpus: {files} files, {disk / 1e6:.1f} MB on disk ({args.generated_mb} MB generated text + "
              f"{', '.join(files_corpus.SHARED_DOCS)}); naive subset: {len(part)} files (every k-th, sorted)",
              flush=True)
        full = _in_child("pdscan", str(root / "all.json"), str(root / "out-full"), args.workers, args.detectors)
        print(_row("pdscan, whole corpus", full), flush=True)
        small = _in_child("pdscan", str(root / "subset.json"), str(root / "out-subset"), args.workers, args.detectors)
        print(_row("pdscan, naive's subset", small), flush=True)
        naive = _in_child("naive", str(root / "subset.json"))
        print(_row("naive Presidio, subset", naive), flush=True)
    if not args.no_labelled and LABELLED.exists():
        lab = _in_child("labelled")
        print(f"\ngenerated_large.json ({LABELLED.parent.name}): gold spans found (overlap, same type) / results reported")
        print(f"{'entity':<16} {'gold':>6} {'pdscan':>15} {'presidio':>15}")
        for t in SHARED_TYPES:
            print(f"{t:<16} {lab['gold'][t]:6d} {lab['pdscan']['found'][t]:6d} / {lab['pdscan']['reported'][t]:6d} "
                  f"{lab['presidio']['found'][t]:6d} / {lab['presidio']['reported'][t]:6d}")
        fewer = [t for t in SHARED_TYPES if lab["pdscan"]["found"][t] < lab["presidio"]["found"][t]]
        print(f"pdscan finds fewer true entities than Presidio for: {', '.join(fewer) or 'none'}")
    load = os.getloadavg()
    print(f"\nthroughput compared on MB/s of extracted text: pdscan whole corpus {_mbs(full):.3f} MB/s with "
          f"{full['workers']} workers vs naive Presidio {_mbs(naive):.3f} MB/s in one process on the subset")
    print(f"CPU time per MB: naive {_cpu_per_mb(naive):.1f} s, pdscan {_cpu_per_mb(full):.1f} s "
          f"(ratio {_cpu_per_mb(naive) / _cpu_per_mb(full):.1f}; independent of other jobs on the machine, whose "
          f"load average is now {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} on {os.cpu_count()} CPUs)")
    print(f"speedup_vs_naive_presidio: {_mbs(full) / _mbs(naive):.1f}")


if __name__ == "__main__":
    main()
