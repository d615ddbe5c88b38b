"""The allocator setting matching asks for (tracker.bulk.keep_freed_memory)."""

from __future__ import annotations

import platform

from tracker.bulk import keep_freed_memory


def test_glibc_keeps_freed_memory_and_other_libcs_are_left_alone() -> None:
    expected = platform.system() == "Linux" and platform.libc_ver()[0] == "glibc"
    assert keep_freed_memory() is expected
    assert keep_freed_memory() is expected  # asked again: the same answer, nothing redone
