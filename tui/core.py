"""The TUI's only door to the core.

Every service call runs in a thread worker; its result comes back to the screen that asked as
a message (`CoreDone` / `CoreFailed`), handled on the UI thread, so the UI never waits on the
database. Writes also run in workers, but one at a time and in the order the keys were pressed
(a FIFO of tickets), so that "decide, then undo" can never run the other way round. Widgets
never hold a Session: they hold the results.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from textual.message import Message
from textual.message_pump import MessagePump
from textual.worker import Worker, WorkerCancelled, get_current_worker

from tracker.errors import ConflictError, TrackerError
from tracker.store import translate_db_error

T = TypeVar("T")
log = logging.getLogger("rectrack.tui")


class CoreDone(Message):
    """A core call finished: `apply` shows its result (runs on the UI thread)."""

    def __init__(self, apply: Callable[[], None]) -> None:
        super().__init__()
        self.apply = apply


class CoreFailed(Message):
    """A core call failed with an error the user can act on."""

    def __init__(self, error: TrackerError, handler: Callable[[TrackerError], None] | None) -> None:
        super().__init__()
        self.error = error
        self.handler = handler

    @property
    def is_conflict(self) -> bool:
        return isinstance(self.error, ConflictError)


class WriteQueue:
    """Tickets handed out on the UI thread, served strictly in order by worker threads."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._next = 0
        self._serving = 0
        self._abandoned: set[int] = set()

    def ticket(self) -> int:
        with self._condition:
            ticket = self._next
            self._next += 1
            return ticket

    @property
    def pending(self) -> int:
        with self._condition:
            return self._next - self._serving

    def _advance(self) -> None:
        self._serving += 1
        while self._serving in self._abandoned:
            self._abandoned.discard(self._serving)
            self._serving += 1
        self._condition.notify_all()

    @contextmanager
    def turn(self, ticket: int, cancelled: Callable[[], bool]) -> Iterator[None]:
        with self._condition:
            while self._serving != ticket:
                self._condition.wait(0.05)
                if cancelled() and self._serving != ticket:
                    self._abandoned.add(ticket)
                    raise WorkerCancelled("cancelled before its turn")
        try:
            yield
        finally:
            with self._condition:
                self._advance()


def _as_tracker_error(exc: Exception) -> TrackerError:
    translated = translate_db_error(exc)
    if type(translated) is TrackerError and not isinstance(exc, TrackerError):
        log.exception("internal error in a core call")
        return TrackerError(f"internal error: {type(exc).__name__}: {exc}")
    return translated


def call_core(
    node: MessagePump,
    fn: Callable[[], T],
    on_result: Callable[[T], None],
    *,
    group: str,
    on_error: Callable[[TrackerError], None] | None = None,
    queue: WriteQueue | None = None,
    exclusive: bool = False,
) -> Worker[None]:
    """Run `fn` in a thread worker; `on_result(value)` or `on_error(error)` then run on the UI
    thread, as `node` handles the message. With `queue`, calls run one at a time in order."""
    ticket = queue.ticket() if queue is not None else None

    def job() -> None:
        worker = get_current_worker()

        def run() -> None:
            try:
                value = fn()
            except Exception as exc:
                error = _as_tracker_error(exc)
                node.post_message(CoreFailed(error, on_error))
                return
            node.post_message(CoreDone(lambda: on_result(value)))

        if queue is not None and ticket is not None:
            with queue.turn(ticket, lambda: worker.is_cancelled):
                run()
        elif not worker.is_cancelled:
            run()

    return node.run_worker(  # type: ignore[attr-defined, no-any-return]
        job,
        thread=True,
        group=group,
        exclusive=exclusive,
        exit_on_error=False,
        name=group,
    )


class Latest:
    """Coalesces a stream of requests (keystrokes, cursor moves) into as few core calls as
    possible without adding delay: one runs at a time, and when it ends only the newest
    waiting request runs. Results of superseded requests are dropped."""

    def __init__(self) -> None:
        self.generation = 0
        self.running = False
        self.waiting: Callable[[], None] | None = None

    def request(self, start: Callable[[int], None]) -> None:
        self.generation += 1
        generation = self.generation
        if self.running:
            self.waiting = lambda: start(generation)
            return
        self.running = True
        start(generation)

    def finished(self) -> None:
        """Call when a request's result (or error) has been handled."""
        waiting, self.waiting = self.waiting, None
        if waiting is None:
            self.running = False
            return
        waiting()

    def is_current(self, generation: int) -> bool:
        return generation == self.generation


def describe(error: TrackerError) -> tuple[str, Any]:
    """(title, severity) for a notification about `error`."""
    if isinstance(error, ConflictError):
        return "Changed by someone else", "warning"
    return "Could not do that", "error"
