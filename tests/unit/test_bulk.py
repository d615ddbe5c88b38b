"""The cycle collector is paused for bulk work and left as it was found."""

from __future__ import annotations

import gc
import threading
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


def test_overlapping_workers_leave_it_on_only_when_the_last_one_ends() -> None:
    """Two threads inside at once, the first leaving before the second: the collector stays
    off until the second leaves, and is on after both."""
    gc.enable()
    first_inside, second_inside, first_done = (threading.Event() for _ in range(3))
    seen: dict[str, bool] = {}

    def first() -> None:
        with paused_garbage_collection():
            first_inside.set()
            second_inside.wait(5)
        first_done.set()

    def second() -> None:
        first_inside.wait(5)
        with paused_garbage_collection():
            second_inside.set()
            first_done.wait(5)
            seen["while the second works on"] = gc.isenabled()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert seen == {"while the second works on": False}
    assert gc.isenabled()
