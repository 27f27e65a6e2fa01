"""A local process pool that outlives its workers: a worker that dies (segfault, os._exit, OOM kill) costs one
error row for the item it was scanning, never the scan.

When the pool breaks, every item in flight is a suspect. They are run again one at a time in a fresh pool; the
one that breaks it again gets the row "worker process died", the others their normal results.
"""
from __future__ import annotations

import multiprocessing as mp
import os
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Iterable

from ..model import Item, ItemResult
from . import worker

DIED = "worker process died while scanning this item (a crash in a native library, os._exit, or killed: out of memory?)"
# Fresh pools that die on their first item, in a row, before the scan stops: a worker that cannot even start
# (its detector does not load) would otherwise cost a pool per item.
MAX_DEATHS_IN_A_ROW = 5


class WorkersKeepDying(RuntimeError):
    pass


class Pool:
    def __init__(self, options, detector_factory):
        self.options, self.factory = options, detector_factory
        self.executor = self._start()
        self.deaths_in_a_row = 0
        self.submitted = False

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.options.workers, mp_context=mp.get_context("forkserver"),
                                   initializer=worker.init_worker, initargs=(self.options, None, self.factory, os.getpid()))

    def restart(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.executor = self._start()

    def submit(self, item: Item) -> Future:
        self.submitted = True
        return self.executor.submit(worker.scan_one, item)

    def solo(self, item: Item) -> worker.Result:
        """Scan `item` alone: if the pool dies now, `item` is the culprit."""
        try:
            res = _outcome(item, self.submit(item))
        except BrokenProcessPool:
            self.deaths_in_a_row += 1
            if self.deaths_in_a_row >= MAX_DEATHS_IN_A_ROW:
                raise WorkersKeepDying(f"{self.deaths_in_a_row} worker processes in a row died on their first item")
            self.restart()
            return worker.error_result(item, DIED)
        self.deaths_in_a_row = 0
        return res

    def describe(self) -> dict:
        try:
            return self.executor.submit(worker.describe_detector).result()
        except Exception:  # a broken pool at the very end: the run record just lacks the detector versions
            return {}

    def stop(self) -> None:
        """Now, on abort: do not wait for items that may run for minutes."""
        self.executor.shutdown(wait=False, cancel_futures=True)
        # The executor has no public way to stop running tasks; its processes are what must go.
        for p in list(getattr(self.executor, "_processes", {}).values()):
            p.terminate()


def _outcome(item: Item, fut: Future) -> worker.Result:
    """The future's Result; a result that could not travel back (it does not pickle) is the item's error row."""
    try:
        return fut.result()
    except BrokenProcessPool:
        raise
    except (Exception, SystemExit) as e:
        return worker.error_result(item, f"worker: the result could not be returned ({worker._describe(e)})")


def scan_in_pool(units: Iterable[Item | ItemResult], options, detector_factory,
                 record: Callable[[worker.Result], None]) -> dict:
    """Scan top-level items in worker processes, at most 4 per worker in flight; returns the detector's
    description. Connector rows (ItemResult) are recorded as they come."""
    pool = Pool(options, detector_factory)
    inflight: dict[Future, Item] = {}
    window = options.workers * 4

    def collect(futures) -> list[Item]:
        suspects = []
        for f in futures:
            item = inflight.pop(f)
            try:
                record(_outcome(item, f))
            except BrokenProcessPool:
                suspects.append(item)
        return suspects

    def recover(suspects: list[Item]) -> None:
        suspects += collect(list(inflight))  # all in flight fail or finish once the pool is broken
        pool.restart()
        for item in suspects:
            record(pool.solo(item))

    try:
        for it in units:
            if not isinstance(it, Item):
                record(worker.Result(items=[it]))
                continue
            try:
                inflight[pool.submit(it)] = it
            except BrokenProcessPool:
                recover([it])
                continue
            if len(inflight) >= window:
                done, _ = wait(list(inflight), return_when=FIRST_COMPLETED)
                suspects = collect(done)
                if suspects:
                    recover(suspects)
        while inflight:
            done, _ = wait(list(inflight), return_when=FIRST_COMPLETED)
            suspects = collect(done)
            if suspects:
                recover(suspects)
        # no item was sent (an unchanged incremental scan): starting a worker only to describe it costs its model load
        describe = pool.describe() if pool.submitted else {}
    except BaseException:
        # Aborting: keep what has already come back, then stop the workers without waiting for the rest.
        for f in [f for f in inflight if f.done() and not f.cancelled() and f.exception() is None]:
            record(f.result())
        pool.stop()
        raise
    pool.executor.shutdown(wait=True)
    return describe
