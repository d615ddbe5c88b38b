"""The rectrack terminal UI: overview, browse, triage, assess, briefing.

`RectrackApp` holds the `Store` (never a Session) and the reviewer's name; the screens call the
core services in workers (`tui.core`). Keys come from `tui.keys`, with the user's overrides
applied through Textual's keymap.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from textual.app import App
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

from tracker.errors import TrackerError
from tracker.roles import Role
from tracker.services import roles
from tracker.services.roles import UNENFORCED, LoginStatus
from tracker.store import Store
from tui import keys
from tui.core import WriteQueue
from tui.screens.assess import AssessScreen
from tui.screens.base import WRITE_ACTIONS, RectrackScreen
from tui.screens.briefing import BriefingScreen
from tui.screens.browse import BrowseScreen
from tui.screens.help import HelpScreen, KeyRow
from tui.screens.overview import OverviewScreen
from tui.screens.triage import TriageScreen

MODES_ORDER = ("overview", "browse", "triage", "assess", "briefing")
QUIT_WAIT_S = 15.0


class RectrackCommands(Provider):
    """Our commands in Textual's command palette (Ctrl+P)."""

    def _commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        app = self.app
        assert isinstance(app, RectrackApp)
        return app.palette_commands()

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)


class RectrackApp(App[None]):
    TITLE = "rectrack"
    CSS_PATH = "rectrack.tcss"
    BINDINGS: ClassVar[list[Any]] = keys.APP
    COMMANDS = App.COMMANDS | {RectrackCommands}
    MODES: ClassVar[dict[str, Any]] = {
        "overview": OverviewScreen,
        "browse": BrowseScreen,
        "triage": TriageScreen,
        "assess": AssessScreen,
        "briefing": BriefingScreen,
    }
    DEFAULT_MODE = "overview"
    NOTIFICATION_TIMEOUT = 4

    def __init__(
        self,
        store: Store,
        *,
        reviewer: str,
        keymap: keys.Keymap | None = None,
        export_dir: Path | None = None,
        start: str = "overview",
        start_context: dict[str, Any] | None = None,
        store_label: str | None = None,
    ) -> None:
        # The first screen is the one asked for, so that no other screen loads behind it:
        # Textual starts in DEFAULT_MODE, read once in App.__init__ (an instance value wins).
        setattr(self, "DEFAULT_MODE", start if start in self.MODES else "overview")  # noqa: B010
        super().__init__()
        self.store = store
        self.reviewer = reviewer
        self.keymap = keymap if keymap is not None else keys.Keymap()
        self.export_dir = export_dir or Path.cwd()
        self.write_queue = WriteQueue()
        self.store_label = store_label
        self._start = start if start in self.MODES else "overview"
        self._start_context = start_context or {}
        # The country the reviewer is working on: set by explicit choices (the overview's
        # keys, --country, a report or country picked); triage, assess and briefing follow it.
        self.current_country: str | None = self._start_context.get("country")
        self.sub_title = f"reviewer: {reviewer}"
        # Who is logged in and their role (PostgreSQL): until it is known, writes are disabled
        # there; an SQLite store has no roles (its file's permissions decide).
        self.login: LoginStatus | None = UNENFORCED if store.is_sqlite else None
        # Before the first screen composes its footer: set later, the footer keeps the
        # default keys until something refreshes it.
        if self.keymap.keys:
            self.set_keymap(self.keymap.keys)

    @property
    def may_write(self) -> bool:
        """Whether the login may decide, assess, edit and undo (the reviewer role)."""
        return self.login is not None and self.login.allows(Role.REVIEWER)

    def _load_login(self) -> None:
        store = self.store

        def loaded(status: LoginStatus) -> None:
            self.login = status
            if status.enforced:
                self.sub_title = f"logged in as {status.label}"
                if not self.may_write:
                    self.sub_title += ": reading only"
            self.screen.refresh_bindings()

        async def run() -> None:
            try:
                status = await asyncio.to_thread(roles.login_status, store)
            except TrackerError as exc:
                self.notify(exc.message, title="Roles", severity="warning", markup=False)
                return
            loaded(status)

        self.run_worker(run(), group="login")

    def on_mount(self) -> None:
        if self.login is None:
            self._load_login()
        for problem in self.keymap.problems:
            self.notify(problem, title="Key file", severity="warning", markup=False, timeout=8)
        if self._start_context:
            self.call_later(self.open_screen, self._start, **self._start_context)

    # -- navigation --------------------------------------------------------------------------

    async def action_go(self, mode: str) -> None:
        if mode in self.MODES and mode != self.current_mode:
            await self.switch_mode(mode)

    def open_screen(self, mode: str, **context: Any) -> None:
        """Go to `mode` and hand its screen a context (a country, a key)."""

        country = context.get("country")
        if country:
            self.current_country = str(country)

        async def go() -> None:
            if mode != self.current_mode:
                await self.switch_mode(mode)
            screen = self.screen
            if isinstance(screen, RectrackScreen) and any(v is not None for v in context.values()):
                screen.activate(**context)

        self.run_worker(go(), group="navigation")

    # -- keys --------------------------------------------------------------------------------

    def key_display_for(self, binding_id: str) -> str:
        """The first key bound to `binding_id` (after the user's keymap), as the footer shows
        keys."""
        binding = keys.binding_ids().get(binding_id)
        if binding is None:
            return "?"
        if binding.key_display and binding_id not in self.keymap.keys:
            return binding.key_display
        key = self.keymap.keys.get(binding_id, binding.key).split(",")[0].strip()
        return self.get_key_display(Binding(key, binding.action))

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        screen = self.screen
        rows: list[KeyRow] = []
        seen: set[tuple[str, str]] = set()
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if binding.system:
                continue
            description = binding.tooltip or binding.description or binding.action
            description = description.replace("_", " ")
            binding_id = binding.id or ""
            if (binding_id or binding.action, key) in seen:
                continue
            seen.add((binding_id or binding.action, key))
            shown = self.get_key_display(binding.with_key(key))
            rows.append(KeyRow(shown, description.capitalize(), binding_id))

        def group(row: KeyRow) -> int:
            if not row.binding_id:
                return 2
            return 1 if row.binding_id.startswith(("app.", "nav.", "help")) else 0

        rows.sort(key=group)
        sections = [
            ("This screen", [row for row in rows if group(row) == 0]),
            ("Everywhere", [row for row in rows if group(row) == 1]),
            ("Moving around", [row for row in rows if group(row) == 2]),
        ]
        notes = [
            "Ctrl+P opens the command palette. Decisions are saved as you make them.",
            f'Remap keys in {keys.default_keys_path()}: [keys] then id = "key".',
        ]
        name = getattr(screen, "MODE", "") or type(screen).__name__.removesuffix("Screen")
        self.push_screen(HelpScreen(name.capitalize(), sections, notes))

    # -- the palette -------------------------------------------------------------------------

    def palette_commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        commands: list[tuple[str, str, Callable[[], Any]]] = []
        for mode in MODES_ORDER:

            def go(target: str = mode) -> None:
                self.open_screen(target)

            commands.append((f"Go to {mode.capitalize()}", f"Open the {mode} screen", go))

        def search() -> None:
            async def run() -> None:
                await self.action_go("browse")
                screen = self.screen
                if isinstance(screen, BrowseScreen):
                    screen.action_focus_search()

            self.run_worker(run(), group="navigation")

        commands.append(("Search recommendations", "Full-text search in Browse", search))
        screen = self.screen
        for name, action, help_text in (
            ("Undo my last action", "undo", "Revert your last decision, assessment or edit"),
            ("Accept strong proposals", "bulk_accept", "Bulk accept, after a confirmation"),
            ("Export the briefing", "export", "Save the briefing as Markdown"),
            ("Choose the assessing report", "pick_report", "Assess as another report"),
        ):
            method = getattr(screen, f"action_{action}", None)
            if action in WRITE_ACTIONS and not self.may_write:
                continue
            if callable(method):
                commands.append((name, help_text, method))
        commands.append(("Keys of this screen", "The help screen", self.action_help))
        commands.append(("Toggle light and dark", "Switch the theme", self.action_toggle_dark))
        return commands

    def action_toggle_dark(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    # -- leaving -----------------------------------------------------------------------------

    async def action_quit(self) -> None:
        """Quit once every decision in flight is written (they take milliseconds)."""
        waited = 0.0
        while self.write_queue.pending and waited < QUIT_WAIT_S:
            await asyncio.sleep(0.02)
            waited += 0.02
        self.exit()
