"""Thread: its members in order, each wording against the one before, and its timeline."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from tracker.followup.threads import Thread
from tracker.services import followup
from tracker.wording import word_diff
from tui import keys
from tui.screens.base import CoreMixin
from tui.style import diff_text
from tui.widgets.detail import flags_text, section, timeline_text


class ThreadScreen(CoreMixin, Screen[None]):
    BINDINGS = keys.THREAD

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key
        self.thread: Thread | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        with VerticalScroll(id="thread-body"):
            yield Static(Text(f"Loading the thread of {self.key}…", style="dim"), id="thread")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.title = "rectrack · thread"
        self.query_one("#thread-body", VerticalScroll).focus()
        store, key = self.store, self.key
        self.read(lambda: followup.thread_of(store, key), self._show, group="thread")
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._restyle())

    def _restyle(self) -> None:
        if self.thread is not None:
            self._show(self.thread)

    def _show(self, thread: Thread) -> None:
        self.thread = thread
        self.query_one("#thread", Static).update(self.render_thread(thread))

    def render_thread(self, thread: Thread) -> Text:
        text = Text()
        text.append(f"Thread {thread.id}", style="bold")
        text.append(
            f" · raised at {thread.times_raised} election(s) · {len(thread.members)} member(s)",
            style="dim",
        )
        if thread.years_outstanding is not None:
            text.append(f" · outstanding {thread.years_outstanding} years", style="dim")
        text.append("\n")
        if thread.flags:
            text.append_text(flags_text(thread))
            text.append("\n")
        elections = {election.id: election for election in thread.raised_at}
        previous = None
        for member in thread.members:
            section(text, f"{elections[member.election_id].label} · {member.key}")
            if member.priority:
                text.append("★ priority\n", style="bold")
            if previous is None:
                text.append(member.text)
            else:
                text.append_text(diff_text(self.rapp, word_diff(previous.text, member.text)))
            text.append("\n")
            previous = member
        section(text, "Timeline")
        text.append_text(timeline_text(self.rapp, thread))
        if len(thread.members) > 1:
            text.append("\nChanged words: ", style="dim")
            text.append("inserted", style="bold underline")
            text.append(" · ", style="dim")
            text.append("removed", style="strike dim")
        return text

    def action_close(self) -> None:
        self.app.pop_screen()
