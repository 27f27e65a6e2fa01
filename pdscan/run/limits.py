"""The memory ceiling of a worker process: its address space capped with RLIMIT_AS, so a file that makes a
parser allocate without bound (a decompression bomb inside a format, a huge length field) fails that item with
MemoryError, which the worker turns into the item's `error` row, instead of the machine swapping or the kernel's
OOM killer ending the scan.

Only worker processes are capped: with --workers 1 the scan runs in the caller's process (the CLI's, or a test
runner's or an application's), whose other work must not inherit a ceiling it never asked for.
"""
from __future__ import annotations

import multiprocessing
import os

# Address space a worker keeps beyond what it holds once its models are loaded, whatever --max-memory says:
# below this a worker could not read even small files.
MIN_HEADROOM = 256 << 20


def address_space() -> int:
    """Bytes of address space this process maps now (VmSize), 0 where /proc is absent."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def cap_memory(limit: int | None) -> int | None:
    """Cap this worker's address space at `limit` bytes (raised to what it holds plus MIN_HEADROOM); returns the
    ceiling set, or None when there is none (no limit asked, not a worker process, or no RLIMIT_AS here)."""
    if not limit or multiprocessing.parent_process() is None:
        return None
    try:
        import resource
    except ImportError:  # Windows
        return None
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    ceiling = max(limit, address_space() + MIN_HEADROOM)
    if hard != resource.RLIM_INFINITY:
        ceiling = min(ceiling, hard)
    # Only the soft limit: code that knows better (a test, a debugger) can still raise it again.
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
    return ceiling
