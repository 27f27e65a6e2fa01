from __future__ import annotations

import dataclasses

import pytest

from pdscan.report import build_report
from pdscan.report.build import with_verdicts

from .stores import verdict_frame, write_store


@pytest.fixture
def store(tmp_path):
    """A store with findings in three folders and one item of every unreadable status."""
    return write_store(tmp_path / "scan")


@pytest.fixture
def judged(store):
    """The report over `store` with a verdict for every finding, as `--register` would give."""
    report = build_report(store)
    verdicts = verdict_frame()
    return dataclasses.replace(report, verdicts=verdicts, findings=with_verdicts(report.findings, verdicts),
                               register="register.yaml")
