"""Detectors that fail on purpose, importable by worker processes (a detector_factory must pickle by reference).

Each reports EMAIL_ADDRESS for every segment with an '@', and misbehaves only on items whose uri holds MARKER.
"""
from __future__ import annotations

import os

from pdscan.model import Finding

MARKER = "culprit"


class PlainDetector:
    def __init__(self, options=None):
        pass

    def detect(self, item, segments):
        return [Finding(item.uri, "EMAIL_ADDRESS", "user.contact.email", 1.0, 1, "test", "x", hashes=("h:1",))
                for s in segments if "@" in s.text]

    def describe(self):
        return {"plain": 1}


class DyingDetector(PlainDetector):
    """Ends its whole process, as a segfault in a native parser or an OOM kill would."""

    def detect(self, item, segments):
        if MARKER in item.uri:
            os._exit(11)
        return super().detect(item, segments)


class UnpicklableDetector(PlainDetector):
    """Returns a finding that cannot cross a process boundary (and that the store cannot write)."""

    def detect(self, item, segments):
        found = super().detect(item, segments)
        if MARKER in item.uri:
            found.append(Finding(item.uri, "X", "user", 1.0, 1, "test", "x", hashes=(lambda: 0,)))
        return found


class RaisingDetector(PlainDetector):
    def __init__(self, options=None, exc=RuntimeError):
        self.exc = exc

    def detect(self, item, segments):
        if MARKER in item.uri:
            raise self.exc("detector broke")
        return super().detect(item, segments)
