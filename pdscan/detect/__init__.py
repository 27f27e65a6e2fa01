"""Detection: Presidio's recogniser model and registry, assembled from the packs in detectors/.

The pipeline only needs `build_detector(options)`, returning an object with
`detect(item, segments) -> list[Finding]` and `describe() -> dict` (pack versions for run.json).
"""
from __future__ import annotations


def build_detector(options):
    from .engine import Engine

    return Engine(options)
