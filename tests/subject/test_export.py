"""The Art. 15/20 package: JSON and CSV index, excerpts, a summary of what was searched, all private."""
import csv
import json
import os
import stat

from pdscan.subject.export import write_export
from pdscan.subject.identifiers import build_identifiers
from pdscan.subject.results import Located, Match, Searched


def located(raw=True):
    m = Match(uri="/share/a.docx", kind="file", identifiers=["email", "name"], entities=["EMAIL_ADDRESS", "PERSON"],
              timestamp="2026-03-02T09:30:00+00:00", confidence=1.0, reason="email: exact value", count=2,
              excerpts=["Kontakt Ola Nordmann på ola@example.no", "Hilsen Ola Nordmann"])
    s = Searched(sources=["/share"], items=7, unreadable=[], started="2026-11-26T09:00:00+00:00",
                 ended="2026-11-26T09:01:00+00:00")
    return Located([m], s, excerpts_raw=raw)


def test_index_csv_excerpts_and_private_modes(tmp_path):
    os.umask(0o022)
    out = write_export(tmp_path / "req", located(), build_identifiers(emails=["ola@example.no"]))
    files = [out / "index.json", out / "index.csv", out / "excerpts" / "0001.txt"]
    for f in files:
        assert stat.S_IMODE(f.stat().st_mode) == 0o600, f
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    index = json.loads(files[0].read_text())
    assert index["searched"]["sources"] == ["/share"] and index["searched"]["started"]
    assert index["identifiers_searched"] == ["email"] and index["excerpts"].startswith("raw")
    assert index["matches"][0]["excerpts_file"] == "excerpts/0001.txt"
    rows = list(csv.DictReader(files[1].open()))
    assert rows[0]["uri"] == "/share/a.docx" and rows[0]["identifiers"] == "email;name"
    assert "Hilsen Ola Nordmann" in files[2].read_text()


def test_rewriting_an_existing_export_tightens_modes(tmp_path):
    (tmp_path / "req").mkdir(mode=0o755)
    (tmp_path / "req" / "index.json").write_text("old")
    os.chmod(tmp_path / "req" / "index.json", 0o644)
    out = write_export(tmp_path / "req", located(raw=False), build_identifiers(emails=["ola@example.no"]))
    assert stat.S_IMODE((out / "index.json").stat().st_mode) == 0o600
    assert json.loads((out / "index.json").read_text())["excerpts"].startswith("masked")
