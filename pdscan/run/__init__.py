"""Executors: in-process for one worker, a local process pool for more."""
from .pipeline import scan, ScanSummary

__all__ = ["scan", "ScanSummary"]
