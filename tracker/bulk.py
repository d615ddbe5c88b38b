"""Building many small objects at once: an import's rows, a whole store's follow-up rows."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_garbage_collection() -> Iterator[None]:
    """Python's cycle collector off while a bulk of objects is built: each full collection
    walks every live object again, and on a large store that costs a third of an import and
    two fifths of whole-store flags and summaries. Nothing built under it makes cycles that
    reference counting cannot free; the previous setting comes back at the end (so nesting,
    and workers on other threads, leave it as they found it)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
