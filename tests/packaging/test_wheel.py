"""`pip install .` (not only editable) must carry the data packs: build the wheel and look inside."""
import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_wheel_contains_code_and_data_packs(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(tmp_path), str(REPO)], check=True, cwd=tmp_path)
    (wheel,) = tmp_path.glob("pdscan-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "pdscan/cli.py" in names
    for pack in ("detectors", "reports", "examples", "models"):
        repo_files = [p for p in (REPO / pack).rglob("*") if p.is_file() and "__pycache__" not in p.parts]
        for p in repo_files:
            assert f"pdscan/_data/{pack}/{p.relative_to(REPO / pack).as_posix()}" in names, p
    entry = [n for n in names if n.endswith("entry_points.txt")]
    assert entry and "pdscan = pdscan.cli:main" in zipfile.ZipFile(wheel).read(entry[0]).decode()
