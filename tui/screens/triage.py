"""Triage: one recommendation at a time, with its ranked candidates and their threads.

A view of `tracker.services.review.ReviewSession`: the queue, the trail of this session, what is
fetched ahead, skips, decisions and undo live there; this screen shows the session's current
recommendation and sends keys to it, in workers. A digit records "restates candidate N" (the
other candidates are closed in the same action), 0 "none of these"; l, d and s decide the
selected candidate alone. Joining two threads and replacing another reviewer's decision are
asked first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from tracker.errors import TrackerError
from tracker.keys import split_key
from tracker.matching.review import Decision
from tracker.vocabulary import STATUS_SHORT
from tracker.wording import Op, word_diff
from tui import keys
from tui.screens.base import RectrackScreen
from tui.screens.modals import ConfirmScreen
from tui.screens.thread import ThreadScreen
from tui.style import diff_text, undo_message

if TYPE_CHECKING:
    from tracker.services.review import (
        Candidate,
        Choice,
        ReviewItem,
        ReviewOutcome,
        ReviewSession,
        ThreadContext,
        Undone,
    )
    from tracker.services.triage import BulkResult, Proposal

# The review and triage services are imported where they are first called: they bring the
# matching modules (numpy, rapidfuzz), which the rest of the UI does not need to start.

WIDE = 120  # columns from which the candidate's detail stands beside the list


def _thread_words(thread: ThreadContext) -> str:
    status = STATUS_SHORT[thread.latest_status.value] if thread.latest_status else "–"
    if thread.size < 2:
        return f"alone · {status}"
    return f"thread of {thread.size} {thread.years} · {status}"


class RefusedDecision:
    """A refusal that the reviewer may answer (join the threads, replace the decision)."""

    def __init__(self, error: TrackerError, *, merge: bool) -> None:
        self.error = error
        self.merge = merge


class TriageScreen(RectrackScreen):
    MODE = "triage"
    BINDINGS = keys.TRIAGE
    FOLLOWS_COUNTRY = True

    def __init__(self) -> None:
        super().__init__()
        self.country: str | None = None
        self.session: ReviewSession | None = None
        self.selected = 0
        self.marked: set[int] = set()  # ranks marked for a merge
        self.pending = False  # a decision is being written
        self.queue_loading = True
        self.shown_steps = 0  # for benchmarks: how many recommendations were shown
        self.generation = 0

    def compose(self) -> ComposeResult:
        yield from self.chrome()
        yield Static(Text("Loading the queue…", style="dim"), id="triage-head")
        with Vertical(id="review-body"):
            with Vertical(id="review-main"):
                yield Static(id="rec-card")
                yield Static(id="cand-list")
            with VerticalScroll(id="cand-detail", can_focus=False):
                yield Static(id="cand-text")
        yield Static(id="triage-recent")
        yield self.footer()

    def on_mount(self) -> None:
        self.country = self.rapp.current_country
        self._fit(self.app.size.width)
        self.restart()

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width)

    def _fit(self, width: int) -> None:
        wide = width >= WIDE
        if wide != self.has_class("wide"):
            self.set_class(wide, "wide")
            self._show()

    # -- the session ---------------------------------------------------------------------------

    def activate(self, **context: Any) -> None:
        country = context.get("country")
        if country and country != self.country:
            self.country = str(country)
            self.restart()

    def restart(self) -> None:
        from tracker.services import review

        self.generation += 1
        generation = self.generation
        session = review.ReviewSession(self.store, self.reviewer, country=self.country)
        self.session = session
        self.queue_loading = True
        self.pending = False
        self._show()

        def done(_none: None) -> None:
            if generation == self.generation:
                self.queue_loading = False
                self._fresh_item()

        def failed(error: TrackerError) -> None:
            if generation == self.generation:
                self.queue_loading = False
                self._show()
                self.query_one("#rec-card", Static).update(
                    Text(f"The queue could not be read: {error.message}", style="bold")
                )

        self.read(session.start, done, group="triage-session", on_error=failed)

    def _prefetch(self) -> None:
        session = self.session
        if session is None or not session.needs_fetch():
            return
        generation = self.generation

        def done(_none: None) -> None:
            if generation == self.generation:
                self._head()

        self.read(session.fetch, done, group="triage-fetch")

    def _fresh_item(self) -> None:
        """A new recommendation is current: select its first open candidate."""
        self.marked = set()
        item = self.current()
        self.selected = 0
        if item is not None:
            self.shown_steps += 1
            for index, candidate in enumerate(item.candidates):
                if candidate.is_open:
                    self.selected = index
                    break
        self._show()
        self._prefetch()

    def current(self) -> ReviewItem | None:
        return None if self.session is None else self.session.current

    def selected_candidate(self) -> Candidate | None:
        item = self.current()
        if item is None or not item.candidates:
            return None
        return item.candidates[min(self.selected, len(item.candidates) - 1)]

    # -- showing -----------------------------------------------------------------------------

    def _head(self) -> None:
        session = self.session
        text = Text(no_wrap=True, overflow="ellipsis")
        if session is not None and session.current is not None:
            text.append(f"#{session.position + 1}", style="bold")
            text.append(" · ")
        if session is not None and session.remaining is not None:
            text.append(f"{session.remaining:,} open", style="bold")
        text.append(f" in {self.country}" if self.country else " in all countries")
        if session is not None:
            text.append(f" · {session.decided} decided this session")
        if self.pending:
            text.append(" · saving…", style="italic")
        self.query_one("#triage-head", Static).update(text)

    def restyle(self) -> None:
        self._show()

    def _show(self) -> None:
        self._head()
        item = self.current()
        card = self.query_one("#rec-card", Static)
        listing = self.query_one("#cand-list", Static)
        detail = self.query_one("#cand-text", Static)
        self._recent()
        if item is None:
            listing.update("")
            detail.update("")
            if self.queue_loading:
                card.update(Text("Loading the queue…", style="dim"))
                return
            where = f" in {self.country}" if self.country else ""
            message = Text()
            message.append(f"No recommendations left to triage{where}.", style="bold")
            message.append(
                "\n\nDecisions are saved as you make them. `p` goes back through this session; "
                "`rectrack match` proposes more after an import.",
                style="dim",
            )
            card.update(message)
            return
        card.update(self._card(item))
        listing.update(self._candidates(item))
        detail.update(self._detail(item))
        self.query_one("#cand-detail", VerticalScroll).scroll_home(animate=False)

    def _card(self, item: ReviewItem) -> Text:
        text = Text()
        text.append("Under review ", style="dim")
        text.append(item.key, style="bold")
        text.append(f" · {item.election_date.year}", style="dim")
        if item.thread.size > 1:
            text.append(" · already in a ", style="dim")
            text.append(_thread_words(item.thread), style="bold")
        text.append("\n")
        text.append(item.text)
        return text

    def _candidates(self, item: ReviewItem) -> Group:
        """One row per candidate: rank, score, year and number, its thread, any decision; on a
        wide screen its text under it."""
        table = Table.grid(padding=(0, 1))
        table.add_column(no_wrap=True)
        table.add_column(ratio=1)
        wide = self.has_class("wide")
        for index, candidate in enumerate(item.candidates):
            pointer = "▸" if index == self.selected else " "
            mark = "+" if candidate.rank in self.marked else " "
            rank = Text(f"{pointer}{mark}{candidate.rank}", style="bold")
            line = Text(no_wrap=True, overflow="ellipsis")
            line.append("  – " if candidate.score is None else f"{candidate.score:.2f}")
            line.append(f" {candidate.election_date.year} #{split_key(candidate.key)[1]} ")
            if candidate.marker:  # first: at 80 columns the thread's words may be cut
                line.append(candidate.marker, style="reverse")
                line.append(" ")
            if candidate.in_own_thread:
                line.append("in its thread ", style="bold")
            line.append(f"({_thread_words(candidate.thread)})", style="dim")
            if index == self.selected:
                line.stylize("underline")
            cell: Text = line
            if wide:
                cell = Text("\n").join(
                    [line, Text(candidate.text, style="dim" if candidate.is_open else "dim strike")]
                )
            if not candidate.is_open:
                rank.stylize("dim")
                cell.stylize("dim")
            table.add_row(rank, cell)
        hint = Text(
            "1-9 restates · 0 none · ↑↓ select · l d: the selected · s unsure",
            style="dim",
            no_wrap=True,
            overflow="ellipsis",
        )
        return Group(hint, table)

    def _detail(self, item: ReviewItem) -> Text:
        candidate = self.selected_candidate()
        if candidate is None:
            return Text()
        text = Text()
        text.append(f"{candidate.rank}. {candidate.key}", style="bold")
        text.append(f" · {candidate.election_date.isoformat()}", style="dim")
        if candidate.score is not None:
            text.append(f" · score {candidate.score:.2f}", style="dim")
            dominant = candidate.breakdown.get("dominant")
            if isinstance(dominant, str):
                text.append(f" (mostly {dominant})", style="dim")
        text.append("\n")
        pieces = word_diff(candidate.text, item.text)
        text.append_text(diff_text(self.rapp, pieces, show=(Op.DELETE,)))
        text.append("\n")
        if candidate.marker:
            text.append(candidate.marker.capitalize(), style="reverse")
            text.append("\n")
        text.append(
            self._members(candidate.thread, "Its thread" if candidate.thread.size > 1 else None)
        )
        if item.thread.size > 1 and not candidate.in_own_thread:
            text.append("\n")
            text.append(self._members(item.thread, "Its own thread"))
        return text

    @staticmethod
    def _members(thread: ThreadContext, title: str | None) -> Text:
        text = Text()
        if title is None:
            text.append("In no thread yet", style="dim")
        else:
            text.append(f"{title} ({thread.size}): ", style="dim")
            text.append(
                " · ".join(f"{member.election_date.year} {member.key}" for member in thread.members)
            )
        status = thread.latest_status.label.lower() if thread.latest_status else "not assessed"
        text.append(f" · latest: {status}", style="dim")
        return text

    def _recent(self) -> None:
        session = self.session
        text = Text(no_wrap=True, overflow="ellipsis")
        if session is not None and session.recent:
            text.append("Last: ", style="dim")
            text.append(" · ".join(session.recent))
        self.query_one("#triage-recent", Static).update(text)

    # -- deciding ----------------------------------------------------------------------------

    def action_pick(self, rank: int) -> None:
        from tracker.services import review

        item = self.current()
        if item is None:
            return
        if rank > len(item.candidates):
            self.notify(f"There is no candidate {rank}.", timeout=2)
            return
        self._record(review.Choice(restates=(str(rank),)))

    def action_pick_selected(self) -> None:
        candidate = self.selected_candidate()
        if candidate is not None:
            self.action_pick(candidate.rank)

    def action_mark(self) -> None:
        candidate = self.selected_candidate()
        if candidate is None:
            return
        self.marked ^= {candidate.rank}
        self._show()

    def action_pick_marked(self) -> None:
        from tracker.services import review

        if not self.marked:
            self.notify("Mark candidates with Space first, or press a digit.", timeout=3)
            return
        self._record(review.Choice(restates=tuple(str(rank) for rank in sorted(self.marked))))

    def action_none(self) -> None:
        from tracker.services import review

        item = self.current()
        if item is not None:
            self._record(review.Choice(none=True))

    def action_pair(self, label: str) -> None:
        from tracker.services import review

        candidate = self.selected_candidate()
        if candidate is not None:
            self._record(review.Choice(pairs=((str(candidate.rank), Decision.parse(label)),)))

    def action_unsure(self) -> None:
        from tracker.services import review

        item = self.current()
        if item is None:
            return
        open_ranks = [candidate.rank for candidate in item.open_candidates]
        if not open_ranks:
            self.notify("Nothing open here to be unsure about.", timeout=2)
            return
        self._record(
            review.Choice(pairs=tuple((str(rank), Decision.UNSURE) for rank in open_ranks))
        )

    def _record(self, choice: Choice, *, merge: bool = False, override: bool = False) -> None:
        from tracker.services import review

        session = self.session
        if session is None or session.current is None:
            return
        if self.pending:
            self.notify("Still saving the last decision…", timeout=1)
            return
        self.pending = True
        self._head()
        generation = self.generation

        def job() -> ReviewOutcome | RefusedDecision:
            try:
                return session.decide(choice, merge_threads=merge, override=override)
            except review.ThreadMergeRefused as refused:
                return RefusedDecision(refused, merge=True)
            except review.OverrideRefused as refused:
                session.reload_current()
                return RefusedDecision(refused, merge=False)

        def done(result: ReviewOutcome | RefusedDecision) -> None:
            self.pending = False
            if generation != self.generation:
                return
            if isinstance(result, RefusedDecision):
                self._ask(result, choice, merge=merge, override=override)
                self._show()
                return
            self.notify(result.summary(), title="Recorded", markup=False, timeout=4)
            self._fresh_item()

            def refreshed(changed: bool) -> None:
                if changed and generation == self.generation:
                    self._show()

            self.read(session.refresh_stale, refreshed, group="triage-refresh")

        def failed(_error: TrackerError) -> None:
            # Refused (someone changed it meanwhile, a bad value): show the store's state now.
            self.pending = False
            self._head()

            def reloaded(_item: ReviewItem | None) -> None:
                if generation == self.generation:
                    self._show()

            self.read(session.reload_current, reloaded, group="triage-reload")

        self.write(job, done, on_error=failed)

    def _ask(
        self, refusal: RefusedDecision, choice: Choice, *, merge: bool, override: bool
    ) -> None:
        from tracker.services import review

        error = refusal.error
        if isinstance(error, review.ThreadMergeRefused):
            title = "Join threads?"
            joined = " with ".join(
                f"thread {chr(65 + index)}: {text}" for index, text in enumerate(error.threads)
            )
            question = f"This joins {joined}.\n\nAre they one ask? y joins them; n records nothing."
        else:
            title = "Replace another decision?"
            decided = "\n".join(getattr(error, "decisions", ())) or error.message
            question = (
                f"Someone else decided this:\n{decided}\n\n"
                "Replace it with your decision? y replaces it; n records nothing."
            )

        def answered(yes: bool | None) -> None:
            if yes:
                self._record(
                    choice, merge=merge or refusal.merge, override=override or not refusal.merge
                )
            else:
                self.notify("Nothing recorded.", timeout=2)

        self.app.push_screen(ConfirmScreen(title, question), answered)

    # -- moving ------------------------------------------------------------------------------

    def action_select(self, delta: int) -> None:
        item = self.current()
        if item is None or not item.candidates:
            return
        self.selected = (self.selected + delta) % len(item.candidates)
        self._show()

    def action_step(self, delta: int) -> None:
        session = self.session
        if session is None or self.pending:
            return
        if delta < 0:
            if session.back():
                self._fresh_item()
            else:
                self.notify("This is the first recommendation of the session.", timeout=2)
            return
        if session.forward_ready():
            session.skip() if session.current is not None else session.forward()
            self._fresh_item()
            return
        generation = self.generation

        def done(_moved: bool) -> None:
            if generation == self.generation:
                self._fresh_item()

        self.read(session.skip, done, group="triage-session")

    def action_refresh(self) -> None:
        self.restart()

    def action_undo(self) -> None:

        session = self.session
        if session is None:
            return
        generation = self.generation

        def done(undone: Undone) -> None:
            if undone.item is not None and undone.result.action == "unsure":
                message = f"Undone: your 'unsure' mark on {undone.item.key}"
            elif undone.item is not None:
                count = undone.reopened
                message = (
                    f"Undone: your decision on {undone.item.key}; "
                    f"{count} candidate{'s' if count != 1 else ''} open again"
                )
            else:
                message = undo_message(undone.result)
            self.notify(message, markup=False, timeout=5)
            if generation == self.generation:
                self._fresh_item()

        self.write(session.undo, done)

    def action_thread(self) -> None:
        candidate = self.selected_candidate()
        if candidate is not None:
            self.app.push_screen(ThreadScreen(candidate.key))

    # -- bulk accept -------------------------------------------------------------------------

    def action_bulk_accept(self) -> None:
        from tracker.services import triage

        store, country = self.store, self.country

        def job() -> tuple[list[Proposal], str]:
            return triage.strong_proposals(store, country=country), triage.strong_rule()

        def found(result: tuple[list[Proposal], str]) -> None:
            strong, rule = result
            if not strong:
                self.notify(f"No strong proposals: none is {rule}.", markup=False, timeout=6)
                return
            where = f" of {country}" if country else ""
            message = (
                f"Accept {len(strong)} strong proposal(s){where} as restatements?\n\n"
                f"Strong: {rule}. Each is recorded as your decision that the recommendation "
                "restates it (its other candidates closed); one that would join two threads "
                "is left for you to decide. One undo (u) reverts them all."
            )

            def answered(yes: bool | None) -> None:
                if yes:
                    self._accept(strong)

            self.app.push_screen(ConfirmScreen("Bulk accept", message), answered)

        self.read(job, found, group="bulk")

    def _accept(self, strong: list[Proposal]) -> None:
        from tracker.services import triage

        store, actor = self.store, self.reviewer
        seen = [(p.link_id, p.version) for p in strong]

        def done(result: BulkResult) -> None:
            message = f"Accepted {len(result.accepted)} proposal(s) as restatements."
            if result.skipped:
                message += f" {len(result.skipped)} changed meanwhile and were left alone."
            if result.joins:
                message += (
                    f" {len(result.joins)} would join two threads or replace someone's "
                    "decision: they stay in the queue."
                )
            self.notify(message, markup=False, timeout=6)
            self.restart()

        self.write(lambda: triage.accept_proposals(store, seen, actor=actor), done)
