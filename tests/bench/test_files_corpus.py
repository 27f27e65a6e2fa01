"""The file-share benchmark's generated corpus is deterministic and holds what the detectors look for."""
from __future__ import annotations

import hashlib
from pathlib import Path

from pdscan.detect.validators import no_fodselsnummer, no_kontonummer
from tests.bench import files_corpus
from tests.bench.bench_files import subset


def _digest(share: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(share.rglob("*.txt")):
        h.update(p.relative_to(share).as_posix().encode() + p.read_bytes())
    return h.hexdigest()


def test_generated_text_is_deterministic_and_bilingual(tmp_path):
    a = files_corpus.build(tmp_path / "a", tmp_path / "no-corpus", 0.05)
    b = files_corpus.build(tmp_path / "b", tmp_path / "no-corpus", 0.05)
    assert _digest(a) == _digest(b)
    assert list((a / "generated" / "en").rglob("*.txt")) and list((a / "generated" / "nb").rglob("*.txt"))


def test_planted_identifiers_pass_their_checksums():
    import random

    rng = random.Random(1)
    assert all(no_fodselsnummer(files_corpus._fnr(rng)).test_data for _ in range(50))
    assert all(no_kontonummer(files_corpus._kontonr(rng)) for _ in range(50))


def test_subset_takes_every_kth_file(tmp_path):
    for i in range(20):
        (tmp_path / f"f{i:02d}.txt").write_text("x")
    assert [Path(p).name for p in subset(tmp_path, 0.25)] == ["f00.txt", "f04.txt", "f08.txt", "f12.txt", "f16.txt"]
