"""Triage: one proposal at a time, the new recommendation beside the earlier candidate.

The queue comes from the matching review API (`next_proposal`, best score first, skipping what
this reviewer marked unsure) and decisions go through `decide`, each written at once in the
write queue. The screen keeps a trail of the proposals seen in this session, so `p` goes back
without asking the store, and it fetches the next proposal while the reviewer reads this one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from tracker.errors import NotFound, TrackerError
from tracker.matching.review import Decision
from tracker.services import history
from tracker.wording import Op, word_diff
from tui import keys
from tui.screens.base import RectrackScreen
from tui.screens.modals import ConfirmScreen
from tui.screens.thread import ThreadScreen
from tui.style import describe_undo, diff_text

if TYPE_CHECKING:
    from tracker.services.matching import DecisionResult, Proposal
    from tracker.services.triage import BulkResult

# The matching services are imported where triage first calls them (`from tracker.services
# import matching` inside the functions below): they bring numpy and rapidfuzz, which the rest
# of the UI does not need to start.

AHEAD = 8  # fetch more when fewer recommendations than this wait ahead of the reviewer
BATCH = 25  # recommendations fetched in one read

DECISION_WORDS = {
    Decision.RESTATES: "restates",
    Decision.RELATED: "related",
    Decision.DISTINCT: "distinct",
    Decision.UNSURE: "unsure",
}


@dataclass
class Entry:
    """One recommendation's place in the trail: its candidates (best first) and which one is
    shown; `decided` maps a link id to the decision taken in this session."""

    candidates: list[Proposal]
    index: int = 0
    decided: dict[int, Decision] = field(default_factory=dict)

    @property
    def current(self) -> Proposal:
        return self.candidates[self.index]

    @property
    def ids(self) -> set[int]:
        return {candidate.link_id for candidate in self.candidates}


def load_entry(store: Any, proposal: Proposal) -> Entry:
    """The proposal with the other candidates of its recommendation."""
    from tracker.services import matching

    siblings = matching.proposals_of(store, proposal.source.key)
    if not any(item.link_id == proposal.link_id for item in siblings):
        siblings = [proposal, *siblings]
    siblings.sort(key=lambda item: item.link_id != proposal.link_id)
    ordered = [siblings[0], *sorted(siblings[1:], key=lambda item: -item.score)]
    return Entry(candidates=ordered)


class TriageScreen(RectrackScreen):
    MODE = "triage"
    BINDINGS = keys.TRIAGE
    FOLLOWS_COUNTRY = True

    def __init__(self) -> None:
        super().__init__()
        self.country: str | None = None
        self.trail: list[Entry] = []
        self.pos = -1
        self.decided_count = 0
        self.open_count: int | None = None
        self.shown_steps = 0  # for benchmarks: how many proposals were shown
        self.generation = 0
        self._versions: dict[int, int] = {}
        self._ahead: list[Entry] = []
        self._fetching = False
        self._steps_waiting = 0
        self._exhausted = False

    def compose(self) -> ComposeResult:
        yield from self.chrome()
        yield Static(Text("Loading the queue…", style="dim"), id="triage-head")
        with Horizontal(id="sides"):
            with VerticalScroll(id="new-side", classes="side", can_focus=False):
                yield Static(id="new-text")
            with VerticalScroll(id="old-side", classes="side", can_focus=False):
                yield Static(id="old-text")
        yield Static(id="triage-parts")
        yield Static(id="triage-others")
        yield self.footer()

    def on_mount(self) -> None:
        self.country = self.rapp.current_country
        self.restart()

    # -- the queue ---------------------------------------------------------------------------

    def activate(self, **context: Any) -> None:
        country = context.get("country")
        if country and country != self.country:
            self.country = str(country)
            self.restart()

    def restart(self) -> None:
        self.generation += 1
        self.trail = []
        self.pos = -1
        self._ahead = []
        self._fetching = False
        self._exhausted = False
        self._steps_waiting = 1  # show the first proposal as soon as it is there
        self._count()
        self._fill_ahead()

    def _skip(self) -> set[int]:
        """Proposals not to fetch again: those already in the trail or ahead of it, and what
        was decided. A recommendation's other candidates come back later, at their own score,
        unless decided on the way (with `c`)."""
        skip: set[int] = set()
        for entry in [*self.trail, *self._ahead]:
            skip.add(entry.candidates[0].link_id)
            skip.update(entry.decided)
        return skip

    def _want_next(self) -> None:
        """The reviewer asked for the proposal after the last one of the trail."""
        self._steps_waiting += 1
        self._drain()

    def _drain(self) -> None:
        """Serve waiting steps from the proposals fetched ahead, then fetch more."""
        seen = {entry.candidates[0].link_id for entry in self.trail}
        moved = False
        while self._steps_waiting and self._ahead:
            entry = self._ahead.pop(0)
            if entry.candidates[0].link_id in seen:
                continue
            self._steps_waiting -= 1
            self._append(entry, show=False)
            moved = True
        if moved:
            self._show()
        if self._steps_waiting and self._exhausted and not self._ahead:
            self._steps_waiting = 0
            self._show_end()
        self._fill_ahead()

    def _fill_ahead(self) -> None:
        """Keep a few proposals fetched ahead, so that stepping never waits on the store."""
        from tracker.services import triage

        if self._fetching or self._exhausted or len(self._ahead) >= AHEAD:
            return
        self._fetching = True
        generation = self.generation
        store, reviewer, country, skip = self.store, self.reviewer, self.country, self._skip()

        def job() -> list[list[Proposal]]:
            return triage.upcoming(
                store, reviewer=reviewer, country=country, skip=skip, limit=BATCH
            )

        def done(batch: list[list[Proposal]]) -> None:
            self._fetching = False
            if generation != self.generation:
                self._fill_ahead()
                return
            if len(batch) < BATCH:
                self._exhausted = True
            current = self._skip()
            for candidates in batch:
                if candidates[0].link_id not in current:
                    self._ahead.append(Entry(candidates=candidates))
            self._drain()

        def failed(_error: TrackerError) -> None:
            self._fetching = False
            self._steps_waiting = 0

        self.read(job, done, group="triage-next", on_error=failed)

    def _append(self, entry: Entry, *, show: bool = True) -> None:
        for candidate in entry.candidates:
            self._versions.setdefault(candidate.link_id, candidate.version)
        self.trail.append(entry)
        self.pos = len(self.trail) - 1
        if show:
            self._show()

    def _count(self) -> None:
        from tracker.services import triage

        store, country = self.store, self.country

        def got(count: int) -> None:
            self.open_count = count
            self._head()

        self.read(lambda: triage.remaining(store, country), got, group="triage-count")

    # -- showing -----------------------------------------------------------------------------

    def current(self) -> Entry | None:
        if 0 <= self.pos < len(self.trail):
            return self.trail[self.pos]
        return None

    def _show_end(self) -> None:
        self.pos = len(self.trail)
        where = f" in {self.country}" if self.country else ""
        message = Text()
        message.append(f"No proposals left to triage{where}.", style="bold")
        message.append(
            "\n\nDecisions are saved as you make them. `p` goes back through this session; "
            "`rectrack match` proposes more after an import.",
            style="dim",
        )
        self.query_one("#new-text", Static).update(message)
        self.query_one("#old-text", Static).update("")
        self.query_one("#new-side").border_title = "Queue"
        self.query_one("#old-side").border_title = ""
        self.query_one("#triage-parts", Static).update("")
        self.query_one("#triage-others", Static).update("")
        self._head()

    def _head(self) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        entry = self.current()
        if entry is not None:
            text.append(f"#{self.pos + 1}", style="bold")
            text.append(" · ")
        if self.open_count is not None:
            text.append(f"{self.open_count:,} open", style="bold")
        text.append(f" in {self.country}" if self.country else " in all countries")
        text.append(f" · {self.decided_count} decided this session")
        if entry is not None:
            decision = entry.decided.get(entry.current.link_id)
            if decision is not None:
                text.append(" · ")
                text.append(f"marked {DECISION_WORDS[decision]}", style="reverse")
        self.query_one("#triage-head", Static).update(text)

    def restyle(self) -> None:
        if self.current() is not None:
            self._show()

    def _show(self) -> None:
        entry = self.current()
        if entry is None:
            return
        self.shown_steps += 1
        proposal = entry.current
        pieces = word_diff(proposal.target.text, proposal.source.text)
        new_side = self.query_one("#new-side", VerticalScroll)
        old_side = self.query_one("#old-side", VerticalScroll)
        new_side.border_title = f"New · {proposal.source.election_date.isoformat()}"
        old_side.border_title = f"Earlier · {proposal.target.election_date.isoformat()}"
        self.query_one("#new-text", Static).update(
            self._side(proposal.source.key, diff_text(self.rapp, pieces, show=(Op.INSERT,)))
        )
        self.query_one("#old-text", Static).update(
            self._side(proposal.target.key, diff_text(self.rapp, pieces, show=(Op.DELETE,)))
        )
        new_side.scroll_home(animate=False)
        old_side.scroll_home(animate=False)
        self.query_one("#triage-parts", Static).update(self._parts(proposal))
        self.query_one("#triage-others", Static).update(self._others(entry))
        self._head()

    @staticmethod
    def _side(key: str, body: Text) -> Text:
        text = Text()
        text.append(key, style="dim")
        text.append("\n")
        text.append_text(body)
        return text

    def _parts(self, proposal: Proposal) -> Text:
        text = Text()
        text.append(f"Score {proposal.score:.2f}", style="bold")
        parts = proposal.breakdown.get("parts", {})
        dominant = proposal.dominant
        if isinstance(parts, dict):
            for name, value in parts.items():
                text.append(" · ")
                shown = "–" if value is None else f"{float(value):.2f}".lstrip("0")
                text.append(f"{name} {shown}", style="bold underline" if name == dominant else "")
        runner = proposal.breakdown.get("runner_up")
        if isinstance(runner, (int, float)) and runner > 0:
            # Over the runner-up from the same earlier election (not the `lead` part).
            text.append(f" · margin {proposal.score - float(runner):+.2f}", style="dim")
        return text

    def _others(self, entry: Entry) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        if len(entry.candidates) == 1:
            text.append("No other candidate for this recommendation.", style="dim")
            return text
        text.append("Candidates (c): ", style="bold")
        for index, candidate in enumerate(entry.candidates):
            if index:
                text.append(" · ")
            number = candidate.target.key.rpartition("#")[2]
            label = f"{candidate.target.election_date.year} #{number} {candidate.score:.2f}"
            decided = entry.decided.get(candidate.link_id)
            if decided is not None:
                label += f" ({DECISION_WORDS[decided]})"
            text.append(label, style="reverse" if index == entry.index else "")
        return text

    # -- actions -----------------------------------------------------------------------------

    def action_decide(self, label: str) -> None:
        self._decide(Decision.parse(label))

    def action_skip(self) -> None:
        self._decide(Decision.UNSURE)

    def _decide(self, decision: Decision) -> None:
        from tracker.services import matching

        entry = self.current()
        if entry is None:
            return
        proposal = entry.current
        store, actor, versions = self.store, self.reviewer, self._versions
        link_id = proposal.link_id

        def job() -> DecisionResult:
            result = matching.decide(
                store, link_id, decision, actor, expected_version=versions.get(link_id, 0)
            )
            versions[link_id] = result.version
            return result

        def done(_result: DecisionResult) -> None:
            self._count()

        def failed(error: TrackerError) -> None:
            entry.decided.pop(link_id, None)
            self._reload(entry, link_id, error)

        first_time = link_id not in entry.decided
        entry.decided[link_id] = decision
        if first_time and decision is not Decision.UNSURE:
            self.decided_count += 1
        self.write(job, done, on_error=failed)
        self.action_step(1)

    def _reload(self, entry: Entry, link_id: int, error: TrackerError) -> None:
        """After a conflict: read the link again and show what the store now holds."""
        from tracker.services import matching

        store = self.store

        def got(fresh: Proposal) -> None:
            self._versions[link_id] = fresh.version
            for index, candidate in enumerate(entry.candidates):
                if candidate.link_id == link_id:
                    entry.candidates[index] = fresh
            if fresh.state.value != "proposed":
                self.notify(
                    f"{fresh.key} is now {fresh.kind.value}, {fresh.state.value}.",
                    markup=False,
                    timeout=6,
                )
            if self.current() is entry:
                self._show()

        if isinstance(error, NotFound):
            return
        self.read(lambda: matching.get_proposal(store, link_id), got, group="triage-reload")

    def action_step(self, delta: int) -> None:
        if delta > 0:
            if self.pos + 1 < len(self.trail):
                self.pos += 1
                self._show()
            else:
                self._want_next()
        elif self.pos > 0:
            self.pos = min(self.pos, len(self.trail)) - 1
            self._show()
        else:
            self.notify("This is the first proposal of the session.", timeout=2)

    def action_candidate(self) -> None:
        entry = self.current()
        if entry is None or len(entry.candidates) < 2:
            self.notify("No other candidate for this recommendation.", timeout=2)
            return
        entry.index = (entry.index + 1) % len(entry.candidates)
        self._show()

    def action_refresh(self) -> None:
        self.restart()

    def action_undo(self) -> None:
        from tracker.services import matching

        store, actor = self.store, self.reviewer

        def job() -> tuple[history.UndoResult, Entry | None]:
            result = history.undo_last(store, actor)
            entry = None
            links = [key for key in result.keys if " -> " in key]
            if links:
                source, _, target = links[0].partition(" -> ")
                siblings = matching.proposals_of(store, source)
                chosen = next((p for p in siblings if p.target.key == target), None)
                if chosen is not None:
                    entry = load_entry(store, chosen)
            return result, entry

        def done(found: tuple[history.UndoResult, Entry | None]) -> None:
            result, entry = found
            self.notify(describe_undo(result.action, result.keys), markup=False)
            self._count()
            if entry is None:
                return
            undone = {candidate.link_id for candidate in entry.candidates}
            for index, existing in enumerate(self.trail):
                if existing.ids & undone:
                    for link_id in undone:
                        if existing.decided.pop(link_id, None) not in (None, Decision.UNSURE):
                            self.decided_count = max(0, self.decided_count - 1)
                    for candidate in entry.candidates:
                        self._versions[candidate.link_id] = candidate.version
                    existing.candidates = entry.candidates
                    existing.index = 0
                    self.pos = index
                    self._show()
                    return
            for candidate in entry.candidates:
                self._versions[candidate.link_id] = candidate.version
            insert_at = max(self.pos, 0)
            self.trail.insert(insert_at, entry)
            self.pos = insert_at
            self._show()

        self.write(job, done)

    def action_thread(self) -> None:
        entry = self.current()
        if entry is not None:
            self.app.push_screen(ThreadScreen(entry.current.target.key))

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
                f"Strong: {rule}. They are recorded as your decision; one undo (u) "
                "reverts them all."
            )

            def answered(yes: bool | None) -> None:
                if yes:
                    self._accept(strong)

            self.app.push_screen(ConfirmScreen("Bulk accept", message), answered)

        self.read(job, found, group="bulk")

    def _accept(self, strong: list[Proposal]) -> None:
        from tracker.services import triage

        store, actor = self.store, self.reviewer
        seen = [(p.link_id, self._versions.get(p.link_id, p.version)) for p in strong]

        def done(result: BulkResult) -> None:
            message = f"Accepted {len(result.accepted)} proposal(s) as restatements."
            if result.skipped:
                message += f" {len(result.skipped)} changed meanwhile and were left alone."
            self.notify(message, markup=False, timeout=6)
            self.restart()

        self.write(lambda: triage.accept_proposals(store, seen, actor=actor), done)
