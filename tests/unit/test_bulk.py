"""The cycle collector is paused for bulk work and left as it was found."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from tracker.bulk import paused_garbage_collection


@pytest.fixture(autouse=True)
def collector_enabled_again() -> Iterator[None]:
    yield
    gc.enable()


def test_paused_inside_and_enabled_again_after() -> None:
    gc.enable()
    with paused_garbage_collection():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    with paused_garbage_collection():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_nested_and_failing_work_restores_it() -> None:
    gc.enable()

    @paused_garbage_collection()
    def failing() -> None:
        with paused_garbage_collection():
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        failing()
    assert gc.isenabled()
