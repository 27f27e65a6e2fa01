"""`--progress-json`: one JSON line per interval on stderr for schedulers, and a last `done` line whose counts
are the scan's own; with a baseline the total is known and an ETA is given."""
import json

from pdscan import load
from pdscan.options import ScanOptions
from pdscan.run import scan

OPTS = ScanOptions(workers=1, checkpoint=0)


def progress_lines(capsys) -> list[dict]:
    return [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")]


def test_progress_json_lines(tmp_path, detector, capsys):
    share = tmp_path / "share"
    share.mkdir()
    for i in range(5):
        (share / f"n{i}.txt").write_text(f"Skriv til kunde{i}@example.no\n")
    summary = scan([str(share)], tmp_path / "a", OPTS, progress="json", progress_interval=0, detector=detector)
    lines = progress_lines(capsys)
    assert [line["event"] for line in lines] == ["progress"] * 5 + ["done"]  # interval 0: a line per item, then done
    done = lines[-1]
    assert done["items_done"] == 5 and done["items_total"] is None and done["eta_s"] is None
    assert done["findings"] == summary.findings > 0 and done["errors"] == 0
    assert done["bytes"] == sum(p.stat().st_size for p in share.iterdir())
    assert all(line["items_per_s"] >= 0 and line["mb_per_s"] >= 0 for line in lines)
    assert [line["items_done"] for line in lines[:-1]] == [1, 2, 3, 4, 5]

    (share / "n0.txt").write_text("changed: per@example.no\n")
    scan([str(share)], tmp_path / "b", OPTS, progress="json", progress_interval=0, detector=detector,
         baseline=tmp_path / "a")
    lines = progress_lines(capsys)
    assert {line["items_total"] for line in lines} == {5}  # the baseline's count announces the total
    assert lines[-1]["items_reused"] == 4 and lines[-1]["items_done"] == 5
    assert lines[0]["eta_s"] is not None and lines[-1]["eta_s"] == 0
    assert load(tmp_path / "b").run["incremental"]["items_reused"] == 4


def test_no_progress_is_silent(tmp_path, detector, capsys):
    (tmp_path / "x.txt").write_text("ingen data\n")
    scan([str(tmp_path / "x.txt")], tmp_path / "out", OPTS, progress=False, detector=detector)
    assert progress_lines(capsys) == []
