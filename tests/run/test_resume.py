"""Crash safety for real: `pdscan scan` in a subprocess is killed (SIGKILL, SIGTERM) mid-scan, then resumed; the
store must hold the same findings as an uninterrupted scan."""
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import pdscan

PDSCAN = Path(sys.executable).with_name("pdscan")
FILES = 200


def fnr(i: int) -> str:
    """A valid fødselsnummer (both mod-11 check digits) born on day i of March 1985."""
    for ind in range(i % 400, 500):
        base = [int(c) for c in f"{1 + i % 28:02d}0385{ind:03d}"]
        k1 = 11 - sum(a * b for a, b in zip(base, (3, 7, 6, 1, 8, 9, 4, 5, 2))) % 11
        if k1 == 11:
            k1 = 0
        if k1 == 10:
            continue
        k2 = 11 - sum(a * b for a, b in zip(base + [k1], (5, 4, 3, 2, 7, 6, 5, 4, 3, 2))) % 11
        if k2 == 11:
            k2 = 0
        if k2 != 10:
            return "".join(map(str, base + [k1, k2]))
    raise AssertionError


@pytest.fixture(scope="module")
def share(tmp_path_factory):
    root = tmp_path_factory.mktemp("resume") / "share"
    for i in range(FILES):
        d = root / f"dept{i % 7}"
        d.mkdir(parents=True, exist_ok=True)
        (d / f"note-{i:03d}.txt").write_text(
            f"Kunde nr {i}. Send e-post til kunde{i}@example.no eller ring 9{i:03d} 4567.\n"
            f"Fødselsnummer: {fnr(i)}\n")
    return root


def cli(*args, **kw):
    if not PDSCAN.exists():
        pytest.skip(f"the pdscan console script is not installed next to {sys.executable}")
    return [str(PDSCAN), *map(str, args)]


def keys(out):
    f = pdscan.load(out).findings
    return sorted((r.uri, r.entity, r.field, tuple(r.hashes)) for r in f.itertuples())


@pytest.fixture(scope="module")
def clean(share, tmp_path_factory):
    out = tmp_path_factory.mktemp("clean") / "out"
    subprocess.run(cli("scan", share, "-o", out, "-w", "1", "--no-ner", "--no-progress"), check=True,
                   capture_output=True, timeout=300)
    found = keys(out)
    assert len(found) >= 2 * FILES  # the planted e-mail and fødselsnummer of every file at least
    return out, found


def start_and_interrupt(share, out, workers, sig, seed):
    """Start a scan, wait for its first durable part, then a random delay, and send `sig`."""
    proc = subprocess.Popen(cli("scan", share, "-o", out, "-w", workers, "--no-ner", "--no-progress",
                                "--checkpoint", "0"), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    deadline = time.monotonic() + 120
    while not (out / "parts").is_dir() or not any((out / "parts").glob("items-*.parquet")):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "no part appeared in 120 s"
        time.sleep(0.05)
    time.sleep(random.Random(seed).uniform(0, 0.5))
    # kill -9 takes the whole scan (as an OOM kill or a lost machine does); SIGTERM goes to the main process only.
    if sig == signal.SIGKILL:
        os.killpg(proc.pid, sig)
    else:
        proc.send_signal(sig)
    try:
        _, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        print(subprocess.run(["ps", "-eo", "pid,ppid,etime,stat,cmd"], capture_output=True, text=True).stdout)
        raise
    return proc.returncode, err.decode()


@pytest.mark.parametrize("workers", [1, 2])
def test_kill_9_then_resume_gives_the_same_findings(share, clean, tmp_path, workers):
    seed = random.randrange(1 << 30)
    out = tmp_path / "out"
    rc, _ = start_and_interrupt(share, out, workers, signal.SIGKILL, seed)
    assert rc == -signal.SIGKILL
    run = json.loads((out / "run.json").read_text())
    assert run["complete"] is False and run["state"] == "running", f"seed {seed}: the scan ended before the kill"
    before = pdscan.load(out)  # a killed run's parts are a store already
    assert 0 < len(before.items) < FILES, f"seed {seed}"

    r = subprocess.run(cli("scan", "--resume", out, "-w", workers), capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    after = pdscan.load(out)
    assert after.run["complete"] is True and after.run["resumed"]
    assert len(after.items) == FILES and after.items.uri.is_unique, f"seed {seed}"
    assert keys(out) == clean[1], f"seed {seed}"


def test_sigterm_aborts_with_a_store_that_loads_reports_and_resumes(share, clean, tmp_path):
    out = tmp_path / "out"
    rc, err = start_and_interrupt(share, out, 1, signal.SIGTERM, random.randrange(1 << 30))
    assert rc == 3 and "--resume" in err  # EXIT_ABORTED, and the way on
    store = pdscan.load(out)
    assert store.run["aborted"] is True and store.run["abort_reason"] == "terminated (SIGTERM)"
    assert store.run["counts"]["items"] == len(store.items) > 0 and not (out / "items.parquet").exists()

    report = tmp_path / "report.json"
    r = subprocess.run(cli("report", out, "-o", report), capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert len(json.loads(report.read_text())["findings"]) == len(store.findings) > 0

    r = subprocess.run(cli("scan", "--resume", out), capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert keys(out) == clean[1]


def test_resume_takes_only_workers_from_the_command_line(share, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "run.json").write_text(json.dumps({"sources": [str(share)], "complete": False, "resume": {"options": {}}}))
    r = subprocess.run(cli("scan", "--resume", out, "--max-file-size", "10"), capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 2 and "only --workers may change" in r.stderr
    assert not os.path.exists(out / "items.parquet")
