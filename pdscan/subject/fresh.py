"""A fresh scan for one person: the normal pipeline (sources, extraction, workers, error rows) with the
person matcher as its detector, into a private temporary store that is answered like any other store."""
from __future__ import annotations

import tempfile
from functools import partial

from ..options import ScanOptions
from ..register import Register
from ..run import scan
from ..store import load
from .identifiers import Identifier
from .lookup import locate_in_store
from .matcher import SubjectDetector
from .results import Located


def scan_for_subject(sources: list[str], identifiers: list[Identifier], options: ScanOptions,
                     progress: bool | None = False, register: Register | None = None, nearby: bool = False) -> Located:
    """Every place in `sources` where one of `identifiers` appears, judged against `register` if given,
    with the other kinds of data held there when `nearby` (see SubjectDetector).
    With `options.show_data` the excerpts are raw (for the person's own export); they never outlive this
    call except in the result."""
    # mkdtemp is mode 0700 and removed on exit: raw excerpts never stay on disk.
    with tempfile.TemporaryDirectory(prefix="pdscan-subject-") as tmp:
        summary = scan(list(sources), tmp, options, progress=progress,
                       detector_factory=partial(SubjectDetector, identifiers, nearby=nearby))
        if summary.aborted:
            raise KeyboardInterrupt
        return locate_in_store(load(tmp), identifiers, register)
