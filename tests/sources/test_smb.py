"""The SMB connector against a real Samba server on 127.0.0.1 (started by tests/sources/conftest.py)."""
from __future__ import annotations

import shutil

import pytest

from pdscan.model import ERROR, Item, ItemResult
from pdscan.options import ScanOptions
from pdscan.sources import smb
from tests.conftest import corpus_path

DOCS = [("docs-tika", "resume.html"), ("docs-aleph", "staff_list.xlsx"), ("docs-tika", "testPhoneNumberExtractor.odt")]


@pytest.fixture(scope="module")
def shared(smb_share):
    """Copies of a few corpus documents in the share's tmp folder (one in a subfolder)."""
    root = smb_share["dir"]
    (root / "hr" / "2024").mkdir(parents=True, exist_ok=True)
    sources = {}
    for i, (folder, name) in enumerate(DOCS):
        src = corpus_path(folder, name)
        rel = f"hr/2024/{name}" if i == 0 else name
        shutil.copyfile(src, root / rel)
        sources[rel] = src
    return smb_share, sources


def crawl(uri: str, **opts) -> tuple[dict[str, Item], list[ItemResult]]:
    items, rows = {}, []
    for out in smb.scan_smb(uri, ScanOptions(workers=1, **opts)):
        (rows.append(out) if isinstance(out, ItemResult) else items.__setitem__(out.uri, out))
    return items, rows


def test_share_is_crawled_like_a_folder(shared, monkeypatch):
    share, sources = shared
    monkeypatch.setenv("PDSCAN_SMB_PASSWORD", share["password"])
    items, rows = crawl(f"smb://{share['user']}@127.0.0.1:{share['port']}/{share['share']}")
    assert not rows
    base = f"smb://127.0.0.1:{share['port']}/{share['share']}"
    assert sorted(items) == sorted(f"{base}/{rel}" for rel in sources)
    for rel, src in sources.items():
        it = items[f"{base}/{rel}"]
        assert it.payload == src.read_bytes() and it.size == src.stat().st_size
        assert it.kind == "file" and it.name == src.name and it.modified is not None
        assert share["password"] not in it.uri and share["user"] not in it.uri


def test_a_subfolder_and_the_password_in_the_uri(shared):
    share, _ = shared
    items, rows = crawl(f"smb://{share['user']}:{share['password']}@127.0.0.1:{share['port']}/{share['share']}/hr")
    assert not rows and [u.rsplit("/", 1)[1] for u in items] == ["resume.html"]
    assert all(share["password"] not in u for u in items)
    one, _ = crawl(f"smb://{share['user']}:{share['password']}@127.0.0.1:{share['port']}/{share['share']}/hr/2024/resume.html")
    assert list(one) == list(items) and one[next(iter(one))].payload == items[next(iter(items))].payload


def test_files_over_the_size_limit_are_not_read(shared, monkeypatch):
    share, _ = shared
    monkeypatch.setenv("PDSCAN_SMB_PASSWORD", share["password"])
    items, _ = crawl(f"smb://{share['user']}@127.0.0.1:{share['port']}/{share['share']}", max_file_size=10)
    assert items and all(it.payload is None and it.size > 10 for it in items.values())


def test_wrong_password_is_one_masked_error_row(shared, monkeypatch):
    share, _ = shared
    monkeypatch.setenv("PDSCAN_SMB_PASSWORD", "Wrong-Secret-123")
    items, rows = crawl(f"smb://{share['user']}@127.0.0.1:{share['port']}/{share['share']}")
    assert not items and len(rows) == 1 and rows[0].status == ERROR
    assert rows[0].message.startswith("connect:") and "Wrong-Secret-123" not in rows[0].message


def test_uri_parsing():
    t = smb.parse("smb://CORP;ola:p%40ss@files.example:1445/Share/HR/2024")
    assert (t.host, t.port, t.share, t.path, t.user, t.password) == ("files.example", 1445, "Share", "HR/2024", "CORP\\ola", "p@ss")
    assert t.uri("cv.pdf") == "smb://files.example:1445/Share/HR/2024/cv.pdf"
    assert t.unc("cv.pdf") == "\\\\files.example\\Share\\HR\\2024\\cv.pdf"
    from pdscan.errors import UsageError

    with pytest.raises(UsageError):
        smb.parse("smb://host-only")


def test_share_scan_finds_what_a_local_scan_of_the_same_files_finds(shared, scan_paths, monkeypatch):
    share, sources = shared
    monkeypatch.setenv("PDSCAN_SMB_PASSWORD", share["password"])
    store = scan_paths(f"smb://{share['user']}@127.0.0.1:{share['port']}/{share['share']}")
    local = scan_paths(*sources.values())
    files = store.items[store.items["kind"] == "file"]
    assert len(files) == len(DOCS) and set(files["status"]) == {"ok"}
    base = f"smb://127.0.0.1:{share['port']}/{share['share']}"

    def entities(findings, uri_of):
        return {(rel, e) for rel in sources for e in findings[findings["uri"].str.startswith(uri_of(rel))]["entity"]}

    remote = entities(store.findings, lambda rel: f"{base}/{rel}")
    assert remote and remote == entities(local.findings, lambda rel: str(sources[rel]))
    assert not store.findings["uri"].str.contains(share["password"]).any()
