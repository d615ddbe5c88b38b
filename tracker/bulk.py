"""Building many small objects at once: an import's rows, a whole store's follow-up rows."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0  # how many callers, on any thread, are inside `paused_garbage_collection`
_was_enabled = False  # the collector's setting when the first of them entered


@contextmanager
def paused_garbage_collection() -> Iterator[None]:
    """Python's cycle collector off while a bulk of objects is built: each full collection
    walks every live object again, and on a large store that costs a third of an import and
    two fifths of whole-store flags and summaries. Nothing built under it makes cycles that
    reference counting cannot free.

    The setting is process-wide and the terminal UI builds rows on several worker threads at
    once, so callers are counted: the first to enter switches the collector off, the last to
    leave puts back what the first found."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()


# glibc's mallopt parameters (malloc.h).
_M_TRIM_THRESHOLD = -1
_M_TOP_PAD = -2
_KEEP_FREED_BYTES = 1 << 30
_TOP_PAD_BYTES = 256 << 20
_kept = False


def keep_freed_memory() -> bool:
    """Ask glibc's allocator to keep memory that is freed instead of handing it back to the
    system at once (whether it could: other C libraries are left alone).

    Matching scores a country chunk by chunk in arrays of a few megabytes each, freed at the
    end of each chunk; by default glibc trims them off the heap and the next chunk pays page
    faults for the same memory again, which made a whole-store match 1.9x slower (13.4 s
    against 25.5 s of scoring at 100,000 recommendations, BENCHMARKS.md). The process keeps
    what it freed for its own later use: a command ends soon after it matches."""
    global _kept
    if _kept:
        return True
    import ctypes
    import ctypes.util
    import platform

    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        _kept = bool(
            libc.mallopt(_M_TRIM_THRESHOLD, _KEEP_FREED_BYTES)
            and libc.mallopt(_M_TOP_PAD, _TOP_PAD_BYTES)
        )
    except (OSError, AttributeError):
        return False
    return _kept
