"""What every screen shares: the header, the screen bar, the footer, and the plumbing that
brings core results back (`CoreDone` / `CoreFailed` from `tui.core`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Footer, Header
from textual.worker import Worker

from tracker.errors import TrackerError
from tracker.store import Store
from tui.core import CoreDone, CoreFailed, call_core, describe
from tui.widgets.navbar import NavBar

if TYPE_CHECKING:
    from tui.app import RectrackApp

T = TypeVar("T")


class CoreMixin:
    """Runs core calls for a screen and shows their results or errors."""

    @property
    def rapp(self) -> RectrackApp:
        return self.app  # type: ignore[attr-defined, no-any-return]

    @property
    def store(self) -> Store:
        return self.rapp.store

    @property
    def reviewer(self) -> str:
        return self.rapp.reviewer

    def read(
        self,
        fn: Callable[[], T],
        on_result: Callable[[T], None],
        *,
        group: str,
        on_error: Callable[[TrackerError], None] | None = None,
    ) -> Worker[None]:
        """A read in a worker; results for this screen."""
        return call_core(self, fn, on_result, group=group, on_error=on_error)  # type: ignore[arg-type]

    def write(
        self,
        fn: Callable[[], T],
        on_result: Callable[[T], None],
        *,
        on_error: Callable[[TrackerError], None] | None = None,
    ) -> Worker[None]:
        """A write in a worker, after every write asked before it."""
        return call_core(
            self,  # type: ignore[arg-type]
            fn,
            on_result,
            group="write",
            on_error=on_error,
            queue=self.rapp.write_queue,
        )

    def on_core_done(self, message: CoreDone) -> None:
        message.stop()
        message.apply()

    def on_core_failed(self, message: CoreFailed) -> None:
        message.stop()
        title, severity = describe(message.error)
        self.app.notify(  # type: ignore[attr-defined]
            message.error.message, title=title, severity=severity, markup=False
        )
        if message.handler is not None:
            message.handler(message.error)


# The actions that write (decide, assess, edit, undo): shown disabled where the login's role
# does not allow them (a reader on PostgreSQL; see tracker/roles.py), as the database would
# refuse them anyway.
WRITE_ACTIONS = frozenset(
    {
        "pick",
        "none",
        "pick_selected",
        "pick_marked",
        "pair",
        "unsure",
        "bulk_accept",
        "undo",
        "edit",
        "assess",
        "evidence",
    }
)


class RectrackScreen(CoreMixin, Screen[None]):
    """A main screen: header with the reviewer, the screen bar, a body, the footer."""

    MODE = ""
    FOLLOWS_COUNTRY = False  # switch to the app's current country when shown

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A write the login's role does not allow is shown disabled and does not run."""
        if action in WRITE_ACTIONS and not self.rapp.may_write:
            return None
        return True

    def chrome(self) -> Iterable[Widget]:
        yield Header(icon="≡")
        yield NavBar(self.MODE, id="navbar")

    def footer(self) -> Widget:
        return Footer(show_command_palette=False, compact=True)

    def on_mount(self) -> None:
        # Textual calls this besides each screen's own on_mount (handlers run along the MRO).
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.restyle())

    def restyle(self) -> None:
        """Render again what carries theme colours (statuses, bars, differences)."""

    def on_screen_resume(self) -> None:
        for bar in self.query(NavBar):
            bar.refresh_keys()
        country = self.rapp.current_country
        if self.FOLLOWS_COUNTRY and country:
            self.activate(country=country)

    def activate(self, **context: Any) -> None:
        """Called when another screen sends the reviewer here with a context (a country, a
        key); screens override what they understand."""


class RectrackModal(CoreMixin, ModalScreen[T]):
    """A dialog over a screen."""
