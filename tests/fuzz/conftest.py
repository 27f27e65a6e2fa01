"""Fuzz budgets as hypothesis profiles, picked by PDSCAN_FUZZ (default `ci`, the short run inside `make test`;
`make fuzz` sets `fuzz`), and the one detector the fuzz tests share (the real engine, patterns only: NER
costs time and reads nothing an extractor produces differently)."""
from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

# The examples per seed: `ci` keeps the whole fuzz suite well under a minute; `fuzz` runs for about ten.
settings.register_profile("ci", max_examples=30, deadline=None, database=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("fuzz", max_examples=int(os.environ.get("PDSCAN_FUZZ_EXAMPLES", "800")), deadline=None,
                          print_blob=True, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PROFILE = os.environ.get("PDSCAN_FUZZ", "ci")


@pytest.fixture(scope="session")
def fuzz_detector():
    from pdscan.detect import build_detector
    from pdscan.options import ScanOptions

    return build_detector(ScanOptions(workers=1, ner=False))
