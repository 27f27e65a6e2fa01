"""Progress of a running scan on stderr: a bar for a person at a terminal (items/s, MB/s, ETA), or one JSON
line per interval for a scheduler (`--progress-json`). Counts are top-level items; `total` is known only
when something announces it (an incremental scan: the baseline's item count), else ETA is absent."""
from __future__ import annotations

import json
import sys
import time


class Progress:
    def __init__(self, mode: str | None, total: int | None = None, interval: float = 5.0, stream=None):
        """`mode`: None (silent), "bar" or "json"."""
        self.mode, self.total, self.interval = mode, total, interval
        self.stream = stream or sys.stderr
        self.t0 = self._last = time.monotonic()
        self.items = self.bytes = self.text_bytes = self.errors = self.findings = self.reused = 0
        self.bar = None
        if mode == "bar":
            from tqdm import tqdm

            self.bar = tqdm(unit=" items", total=total, file=self.stream, dynamic_ncols=True, smoothing=0.1)

    def update(self, items: int, nbytes: int, text_bytes: int, errors: int, findings: int, reused: int = 0) -> None:
        self.items += items
        self.bytes += nbytes
        self.text_bytes += text_bytes
        self.errors += errors
        self.findings += findings
        self.reused += reused
        if self.bar is not None:
            self.bar.set_postfix_str(f"{self._mbs():.2f} MB/s, {self.findings} findings, {self.errors} errors",
                                     refresh=False)
            self.bar.update(items)
        elif self.mode == "json" and time.monotonic() - self._last >= self.interval:
            self._emit(done=False)

    def _elapsed(self) -> float:
        return max(time.monotonic() - self.t0, 1e-6)

    def _mbs(self) -> float:
        return self.bytes / 1e6 / self._elapsed()

    def record(self, done: bool) -> dict:
        rate = self.items / self._elapsed()
        left = None if self.total is None else max(self.total - self.items, 0)
        return {
            "event": "done" if done else "progress", "items_done": self.items, "items_total": self.total,
            "items_reused": self.reused, "bytes": self.bytes, "text_bytes": self.text_bytes,
            "items_per_s": round(rate, 2), "mb_per_s": round(self._mbs(), 3),
            "eta_s": None if left is None or rate <= 0 else round(left / rate, 1),
            "errors": self.errors, "findings": self.findings, "elapsed_s": round(self._elapsed(), 1),
        }

    def _emit(self, done: bool) -> None:
        self._last = time.monotonic()
        print(json.dumps(self.record(done)), file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
        elif self.mode == "json":
            self._emit(done=True)
