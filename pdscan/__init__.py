"""pdscan: find personal data in file shares, mail exports and databases, and hold it against the register.

    import pdscan
    pdscan.scan(["/srv/share"], out="scan-out")
    store = pdscan.load("scan-out")
    store.findings.groupby("category").size()
"""
__version__ = "0.1.0"


def scan(sources, out, **options):
    """Scan `sources` (paths or URIs) into the store at `out`; keyword arguments are ScanOptions fields, and
    `progress`, `baseline` (an earlier scan's output, for an incremental scan)."""
    from .options import ScanOptions
    from .run import scan as _scan

    progress = options.pop("progress", False)
    baseline = options.pop("baseline", None)
    return _scan(list(sources), out, ScanOptions(**options), progress=progress, baseline=baseline)


def load(out):
    """The store of a finished scan: `.items`, `.findings` (pandas DataFrames) and `.run` (dict)."""
    from .store import load as _load

    return _load(out)
