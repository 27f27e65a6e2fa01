"""A failure injected at each stage costs one row (or one run.json entry), never the scan."""
import json

import pandas as pd
import pytest
from click.testing import CliRunner

import pdscan
from pdscan import plugins
from pdscan.cli import EXIT_INCOMPLETE, main
from pdscan.model import Item
from pdscan.options import ScanOptions
from pdscan.run import scan
from pdscan.store import parts

from .faults import MARKER, DyingDetector, PlainDetector, RaisingDetector, UnpicklableDetector

N = 12


@pytest.fixture
def share(tmp_path):
    root = tmp_path / "share"
    root.mkdir()
    for i in range(N):
        (root / f"f{i:02d}.txt").write_text(f"write to p{i}@example.com")
    (root / f"f05-{MARKER}.txt").write_text("and to c@example.com")
    return root


def rows(out):
    store = pdscan.load(out)
    return store, {r.uri: (r.status, None if pd.isna(r.message) else r.message) for r in store.items.itertuples()}


def assert_others_intact(store, by_uri, share):
    others = [str(p) for p in share.iterdir() if MARKER not in p.name]
    assert all(by_uri[u] == ("ok", None) for u in others)
    assert set(others) <= set(store.findings.uri)
    assert store.run["complete"] is True and store.run["aborted"] is False


def culprit(share):
    return str(share / f"f05-{MARKER}.txt")


@pytest.fixture
def boom_source(monkeypatch):
    """A connector plugin that yields three items, then raises."""
    def crawl(uri, options):
        for i in range(3):
            yield Item(uri=f"{uri}/m{i}", kind="message", payload=f"mail m{i}@example.com".encode(),
                       media_type="application/x-pdscan-broken" if i == 1 else None)
        raise ConnectionResetError("peer went away")

    monkeypatch.setitem(plugins.SOURCES, "boom", plugins.Source("boom", crawl, ("boom",)))


def test_a_connector_that_raises_mid_crawl_keeps_what_it_yielded(boom_source, share, tmp_path):
    summary = scan(["boom://host/box", str(share)], tmp_path / "out", ScanOptions(workers=1), progress=False,
                   detector=PlainDetector())
    store, by_uri = rows(tmp_path / "out")
    assert by_uri["boom://host/box/m0"] == ("ok", None) and by_uri["boom://host/box/m2"] == ("ok", None)
    status, message = by_uri["boom://host/box"]
    assert status == "error" and message.startswith("connector boom: ConnectionResetError: peer went away")
    assert len(by_uri) == 3 + 1 + N + 1 and summary.items == len(by_uri)
    assert_others_intact(store, by_uri, share)  # the next source was read in full


def test_an_extractor_that_raises_is_one_error_row(boom_source, share, tmp_path, monkeypatch):
    def broken(item, options):
        raise ValueError("cannot parse")
        yield  # pragma: no cover

    monkeypatch.setitem(plugins.EXTRACTORS, "application/x-pdscan-broken",
                        plugins.Extractor("broken", broken, ("application/x-pdscan-broken",)))
    scan(["boom://host/box", str(share)], tmp_path / "out", ScanOptions(workers=1), progress=False,
         detector=PlainDetector())
    store, by_uri = rows(tmp_path / "out")
    assert by_uri["boom://host/box/m1"] == ("error", "extract: ValueError: cannot parse")
    assert by_uri["boom://host/box/m0"] == ("ok", None)
    assert_others_intact(store, by_uri, share)


def test_a_detector_that_raises_for_one_item(share, tmp_path):
    scan([str(share)], tmp_path / "out", ScanOptions(workers=1), progress=False, detector=RaisingDetector())
    store, by_uri = rows(tmp_path / "out")
    assert by_uri[culprit(share)] == ("error", "detect: RuntimeError: detector broke")
    assert_others_intact(store, by_uri, share)


def test_a_worker_process_that_dies_costs_only_its_item(share, tmp_path):
    summary = scan([str(share)], tmp_path / "out", ScanOptions(workers=2), progress=False,
                   detector_factory=DyingDetector)
    store, by_uri = rows(tmp_path / "out")
    status, message = by_uri[culprit(share)]
    assert status == "error" and message.startswith("worker process died")
    assert len(by_uri) == N + 1 and summary.items == N + 1  # the others in flight were retried, not lost
    assert_others_intact(store, by_uri, share)
    assert store.run["detectors"] == {"plain": 1}  # the rebuilt pool answered


@pytest.mark.parametrize("workers,expected", [
    (2, "worker: the result could not be returned"),  # pickling back from the worker fails
    (1, "store: this item's rows could not be written"),  # in process, the store cannot write it
])
def test_a_result_that_cannot_pickle(share, tmp_path, workers, expected):
    kw = {"detector_factory": UnpicklableDetector} if workers > 1 else {"detector": UnpicklableDetector()}
    scan([str(share)], tmp_path / "out", ScanOptions(workers=workers), progress=False, **kw)
    store, by_uri = rows(tmp_path / "out")
    status, message = by_uri[culprit(share)]
    assert status == "error" and message.startswith(expected), message
    assert_others_intact(store, by_uri, share)


def failing_writes(monkeypatch, fails):
    """Make `parts.write_part` raise when `fails(items_table)` says so: the failure injected is the point."""
    real = parts.write_part

    def write_part(folder, seq, items, findings):
        if fails(items):
            raise OSError(28, "No space left on device")
        return real(folder, seq, items, findings)

    monkeypatch.setattr(parts, "write_part", write_part)


def test_a_store_write_that_fails_once_is_reported_and_nothing_is_lost(share, tmp_path, monkeypatch, capfd):
    calls = []
    failing_writes(monkeypatch, lambda items: not calls and not calls.append(1))
    summary = scan([str(share)], tmp_path / "out", ScanOptions(workers=1, checkpoint=0), progress=False,
                   detector=PlainDetector())
    store, by_uri = rows(tmp_path / "out")
    assert len(by_uri) == N + 1 and not summary.incomplete
    (entry,) = store.run["store_errors"]
    assert entry["error"] == "OSError: [Errno 28] No space left on device" and entry["items_lost"] == 0
    assert "pdscan: store: part 1 could not be written" in capfd.readouterr().err


def test_rows_the_store_cannot_write_are_lost_alone_and_the_exit_code_says_so(share, tmp_path, monkeypatch):
    failing_writes(monkeypatch, lambda items: any(MARKER in u for u in items.column("uri").to_pylist()))
    r = CliRunner().invoke(main, ["scan", str(share), "-o", str(tmp_path / "out"), "-w", "1", "--no-ner"])
    assert r.exit_code == EXIT_INCOMPLETE, r.output
    store, by_uri = rows(tmp_path / "out")
    assert culprit(share) not in by_uri and len(by_uri) == N
    (entry,) = store.run["store_errors"]
    assert entry["items_lost"] == 1 and entry["findings_lost"] >= 1
    assert json.loads((tmp_path / "out" / "run.json").read_text())["complete"] is True


def test_an_interrupt_keeps_the_parts_and_resume_finishes_the_scan(share, tmp_path):
    clean = tmp_path / "clean"
    scan([str(share)], clean, ScanOptions(workers=1), progress=False, detector=PlainDetector())
    out = tmp_path / "out"
    summary = scan([str(share)], out, ScanOptions(workers=1, checkpoint=0), progress=False,
                   detector=RaisingDetector(exc=KeyboardInterrupt))
    assert summary.aborted and summary.abort_reason == "interrupted (Ctrl-C)"
    partial = pdscan.load(out)
    assert partial.run["complete"] is False and partial.run["state"] == "aborted"
    assert 0 < len(partial.items) < N + 1 and (out / "parts").is_dir() and not (out / "items.parquet").exists()

    summary = scan([str(share)], out, ScanOptions(workers=1), progress=False, detector=PlainDetector(),
                   resume=True)
    done = pdscan.load(out)
    assert done.run["complete"] is True and len(done.run["resumed"]) == 1 and not (out / "parts").exists()
    assert summary.items == N + 1 == len(done.items)
    key = lambda s: sorted(map(tuple, s.findings[["uri", "entity", "field"]].values.tolist()))  # noqa: E731
    assert key(done) == key(pdscan.load(clean))


def test_resume_refuses_a_complete_scan(share, tmp_path):
    from pdscan.errors import UsageError
    from pdscan.run.resume import plan

    scan([str(share)], tmp_path / "out", ScanOptions(workers=1), progress=False, detector=PlainDetector())
    with pytest.raises(UsageError, match="complete: nothing to resume"):
        plan(tmp_path / "out")


def test_resume_plan_restores_sources_and_options_without_passwords(tmp_path):
    from pdscan.run.resume import plan
    from pdscan.store import StoreWriter

    w = StoreWriter(tmp_path / "out")
    opts = ScanOptions(workers=3, sample_rows=None, languages=("nb",), extra={"date_columns": {"t": "c"}})
    from dataclasses import asdict
    w.write_run({"sources": ["postgresql://scanner:***@db/crm", "/srv/share"], "complete": False,
                 "resume": {"options": asdict(opts)}})
    sources, options, _ = plan(tmp_path / "out")
    assert sources == ["postgresql://scanner@db/crm", "/srv/share"] and options == opts
    from pdscan.errors import UsageError
    with pytest.raises(UsageError, match="sources differ"):
        plan(tmp_path / "out", ["/elsewhere"])
    assert plan(tmp_path / "out", ["postgresql://scanner:pw@db/crm", "/srv/share"])[0][0].endswith(":pw@db/crm")
