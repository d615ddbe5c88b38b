"""Progress on stderr for long work (an import's reading and writing, a match run's phases):
a Rich bar that appears only once the work has taken more than a moment, and only on a
terminal, so that piped output and `--json` stdout stay clean."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import RenderableType
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from tracker.cli.common import stderr
from tracker.store import raise_pending_interrupt

PROGRESS_AFTER_S = 0.5


class _Delayed(Progress):
    """Rich's progress display, blank until `show_at`: started at the first call, it then
    shows a phase that takes long without waiting for that phase's next call."""

    def __init__(self, *columns: ProgressColumn, show_at: float, **kwargs: Any) -> None:
        self.show_at = show_at  # first: Progress renders itself while it is built
        super().__init__(*columns, **kwargs)

    def get_renderables(self) -> Iterable[RenderableType]:
        if time.monotonic() >= self.show_at:
            yield from super().get_renderables()


class LazyProgress:
    """Called as progress(stage, done, total), as the services call it: one bar per stage,
    shown once the work has taken PROGRESS_AFTER_S, and only on a terminal."""

    def __init__(self) -> None:
        self.started_at = time.monotonic()
        self.progress: Progress | None = None
        self.tasks: dict[str, TaskID] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        raise_pending_interrupt()  # a Ctrl-C that was dropped where it arrived: stop here
        if self.progress is None:
            if not stderr.is_terminal:
                return
            self.progress = _Delayed(
                TextColumn("{task.description:<11}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=stderr,
                transient=True,
                show_at=self.started_at + PROGRESS_AFTER_S,
            )
            self.progress.start()
        if stage not in self.tasks:
            self.tasks[stage] = self.progress.add_task(stage, total=total)
        self.progress.update(self.tasks[stage], completed=done, total=total)

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()


@contextmanager
def lazy_progress() -> Iterator[LazyProgress]:
    progress = LazyProgress()
    try:
        yield progress
    finally:
        progress.close()
