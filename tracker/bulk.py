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
