import os

import pytest

import pdscan
from pdscan.model import Finding
from pdscan.options import ScanOptions
from pdscan.run import scan
from pdscan.run.pipeline import mask_credentials


class CountingDetector:
    """Records what reached detection; a finding for every segment that has an '@'."""

    def __init__(self):
        self.seen = []

    def detect(self, item, segments):
        self.seen.append(item.uri)
        return [Finding(item.uri, "EMAIL_ADDRESS", "user.contact.email", 1.0, 1, "test", "x")
                for s in segments if "@" in s.text]

    def describe(self):
        return {"counting": 1}


@pytest.fixture
def share(tmp_path):
    root = tmp_path / "share"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text("write to ola@example.com")
    (root / "sub" / "b.txt").write_text("nothing here")
    (root / "sub" / "empty.txt").write_text("")
    (root / "img.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 10)
    os.utime(root / "a.txt", (1_000_000_000, 1_100_000_000))
    return root


def test_every_item_is_a_row_and_the_source_is_untouched(share, tmp_path):
    before = {p: p.stat().st_mtime_ns for p in share.rglob("*") if p.is_file()}
    det = CountingDetector()
    summary = scan([str(share)], tmp_path / "out", ScanOptions(workers=1), progress=False, detector=det)
    store = pdscan.load(tmp_path / "out")
    assert summary.items == len(store.items) == 4
    assert set(store.items.uri) == {str(p) for p in before}
    assert store.items.set_index("uri").loc[str(share / "a.txt"), "status"] == "ok"
    assert list(store.findings.uri) == [str(share / "a.txt")]
    assert store.run["counts"]["items"] == 4 and store.run["detectors"] == {"counting": 1}
    assert {p: p.stat().st_mtime_ns for p in before} == before


def test_oversize_item_is_skipped_with_reason(share, tmp_path):
    scan([str(share)], tmp_path / "out", ScanOptions(workers=1, max_file_size=5), progress=False,
         detector=CountingDetector())
    items = pdscan.load(tmp_path / "out").items.set_index("uri")
    row = items.loc[str(share / "a.txt")]
    assert row.status == "skipped" and "--max-file-size" in row.message


def test_unreadable_file_is_an_error_row_and_the_scan_goes_on(share, tmp_path):
    if os.geteuid() == 0:
        # root reads everything: make the item vanish between listing and reading instead
        class Vanishing(CountingDetector):
            pass
        from pdscan.model import Item
        from pdscan.run import worker

        res = worker.scan_one(Item(uri="/nonexistent/x.txt", kind="file", path="/nonexistent/x.txt"),
                              ScanOptions(workers=1), Vanishing())
        (row,) = res.items
        assert row.status == "error" and "FileNotFoundError" in row.message
    else:
        (share / "sub" / "b.txt").chmod(0)
        scan([str(share)], tmp_path / "out", ScanOptions(workers=1), progress=False, detector=CountingDetector())
        items = pdscan.load(tmp_path / "out").items.set_index("uri")
        assert items.loc[str(share / "sub" / "b.txt"), "status"] == "error"


def test_missing_source_is_a_usage_error(tmp_path):
    from pdscan.errors import UsageError

    with pytest.raises(UsageError, match="source not found"):
        scan([str(tmp_path / "nope")], tmp_path / "out", ScanOptions(workers=1), progress=False,
             detector=CountingDetector())


@pytest.mark.parametrize("uri,masked", [
    ("postgresql://scanner:s3cret@db:5432/crm", "postgresql://scanner:***@db:5432/crm"),
    ("smb://user:pw@host/share", "smb://user:***@host/share"),
    ("mysql://root@localhost/x?password=abc&x=1", "mysql://root@localhost/x?password=***&x=1"),
    ("/plain/path", "/plain/path"),
])
def test_credentials_are_masked(uri, masked):
    assert mask_credentials(uri) == masked


def test_timeout_gives_every_open_item_a_row_and_scan_goes_on(tmp_path):
    import time
    import zipfile

    from pdscan.model import Item
    from pdscan.run import worker

    z = tmp_path / "a.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("inner/slow.txt", "slow member")
        zf.writestr("inner/late.txt", "never reached")

    class Slow(CountingDetector):
        def detect(self, item, segments):
            if item.uri.endswith("slow.txt"):
                time.sleep(3)
            return super().detect(item, segments)

    res = worker.scan_one(Item(uri=str(z), kind="file", path=str(z), name="a.zip"),
                          ScanOptions(workers=1, item_timeout=1), Slow())
    rows = {r.item.uri: (r.status, r.message) for r in res.items}
    assert rows[f"{z}#inner/slow.txt"][0] == "error" and "timeout" in rows[f"{z}#inner/slow.txt"][1]
    assert rows[str(z)][0] == "error" and "timeout while reading its contents" in rows[str(z)][1]
    assert len(res.items) == len(rows)  # one row per item


def test_error_messages_do_not_quote_values():
    from pdscan.run.worker import _describe

    msg = _describe(ValueError("bad token 'ola.nordmann@example.com' near 15038549990 in 'Kari Nordmann, Storgata 1'"))
    assert "example.com" not in msg and "15038549990" not in msg and "Storgata" not in msg
    assert msg.startswith("ValueError: bad token")
