"""Assess: pick the assessing report, then give each earlier recommendation its status.

Number keys write the status at once (through `followup.assess`, in the write queue) and leave
the cursor on that recommendation, so that `e` adds the evidence to the one just assessed; `n`
moves to the next recommendation still pending; `u` undoes the reviewer's last action from the
history (so it also works after a restart).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.events import Resize
from textual.notifications import Notification, Notify
from textual.widgets import DataTable, Static

from tracker.enums import Status
from tracker.errors import TrackerError
from tracker.keys import split_key
from tracker.services import assessing, followup, history
from tracker.services.assessing import AssessingReport, AssessQueue, OwnAssessment, QueueItem
from tracker.vocabulary import STATUS_SHORT
from tui import keys
from tui.screens.base import RectrackScreen
from tui.screens.modals import Choice, EvidenceScreen, PickScreen
from tui.screens.thread import ThreadScreen
from tui.style import assessed_message, one_line, status_text, undo_message
from tui.widgets.tables import RowTable

FIXED_COLUMNS = 10 + 1 + 7 + 7 + 5 * 2 + 2
# The evidence may take this many lines of the detail before the recommendation's own text
# (which the queue row and the thread screen show in full) gives up its lines to it.
EVIDENCE_LINES = 3
DETAIL_MIN_LINES = 7  # #assess-pane's min-height less its border
# tui/keys.py binds 1-5 to the statuses in the order of `Status`.
STATUS_KEYS = " · ".join(
    f"{number} {STATUS_SHORT[status.value]}" for number, status in enumerate(Status, start=1)
)


class AssessScreen(RectrackScreen):
    MODE = "assess"
    BINDINGS = keys.ASSESS
    FOLLOWS_COUNTRY = True

    def __init__(self) -> None:
        super().__init__()
        self.report_id: str | None = None
        self.scope: assessing.Scope = "previous"
        self.queue: AssessQueue | None = None
        self.items: list[QueueItem] = []
        self.reports: list[AssessingReport] = []
        self._text_width = 40
        self._country: str | None = None
        self._versions: dict[str, int] = {}
        # Who gave each stored status, as far as this screen knows: a write succeeds only on
        # the version it last saw, so the row it replaces is the one this names.
        self._assessors: dict[str, str | None] = {}
        self._confirmation: Notification | None = None

    def compose(self) -> ComposeResult:
        yield from self.chrome()
        yield Static(Text("Choose the assessing report (r).", style="dim"), id="assess-head")
        yield RowTable(id="queue")
        # Not a scroll view: the detail is cut to fit it, and a scroll bar would only take
        # the width that cut was measured for.
        with Vertical(id="assess-pane"):
            yield Static(id="assess-detail")
        yield self.footer()

    def on_mount(self) -> None:
        self._country = self.rapp.current_country
        self._columns()
        self.query_one("#queue", RowTable).focus()
        self._load_reports(then_pick=self.report_id is None)

    # -- choosing the report -----------------------------------------------------------------

    def _load_reports(self, *, then_pick: bool) -> None:
        store = self.store

        def got(reports: list[AssessingReport]) -> None:
            self.reports = reports
            if not reports:
                self.query_one("#assess-head", Static).update(
                    Text("No report can assess yet: a country needs two elections.", style="dim")
                )
                return
            if self.report_id is None:
                self._choose_default()
            elif then_pick:
                self.action_pick_report()

        self.read(lambda: assessing.assessing_reports(store), got, group="assess-reports")

    def _choose_default(self) -> None:
        candidates = [
            item
            for item in self.reports
            if self._country is None or item.report.election.country == self._country
        ]
        if candidates:
            self.set_report(candidates[0].report.id)
        else:
            self.action_pick_report()

    def action_pick_report(self) -> None:
        if not self.reports:
            self.notify("Loading the reports…", timeout=2)
            return
        choices = []
        for item in self.reports:
            report = item.report
            label = Text()
            label.append(f"{report.election.country} {report.election.date.isoformat()} ", "bold")
            label.append(report.id)
            label.append(f" ({report.kind.label.lower()})", style="dim")
            choices.append(Choice(report.id, label, f"{report.election.country} {report.id}"))

        def chosen(report_id: str | None) -> None:
            if report_id:
                found = next((r for r in self.reports if r.report.id == report_id), None)
                if found is not None:
                    self._country = found.report.election.country
                    self.rapp.current_country = self._country
                self.set_report(report_id)

        self.app.push_screen(PickScreen("Assessing report", choices, self.report_id), chosen)

    def set_report(self, report_id: str) -> None:
        self.report_id = report_id
        self.load_queue()

    def activate(self, **context: Any) -> None:
        country = context.get("country")
        if not country:
            return
        self._country = str(country)
        current = next((r for r in self.reports if r.report.id == self.report_id), None)
        if current is not None and current.report.election.country == self._country:
            return
        if self.reports:
            self._choose_default()

    # -- the queue ---------------------------------------------------------------------------

    def _columns(self) -> None:
        table = self.query_one("#queue", RowTable)
        width = max(table.size.width or self.app.size.width, 40)
        self._text_width = max(20, width - FIXED_COLUMNS - 2)
        table.clear(columns=True)
        table.add_column("Raised", key="raised", width=10)
        table.add_column("★", key="priority", width=1)
        table.add_column("Last", key="last", width=7)
        table.add_column("Now", key="own", width=7)
        table.add_column("Text", key="text", width=self._text_width)

    def restyle(self) -> None:
        self.on_resize(None)
        self._show_item()

    def on_resize(self, event: Resize | None) -> None:
        table = self.query_one("#queue", RowTable)
        row = table.cursor_row
        self._columns()
        self._fill()
        if self.items:
            table.move_cursor(row=min(row, len(self.items) - 1), animate=False)
        # The pane has its new size only after this layout.
        self.call_after_refresh(self._show_item)

    def load_queue(self, *, focus_key: str | None = None) -> None:
        if self.report_id is None:
            return
        store, report_id, scope = self.store, self.report_id, self.scope

        def got(queue: AssessQueue) -> None:
            self.queue = queue
            self.items = list(queue.items)
            self._versions.clear()
            self._versions.update({i.key: i.own.version for i in self.items if i.own})
            self._assessors.clear()
            self._assessors.update({i.key: i.own.assessor for i in self.items if i.own})
            self._fill()
            self._head()
            table = self.query_one("#queue", RowTable)
            keys_in_order = [item.key for item in self.items]
            if focus_key in keys_in_order:
                table.move_cursor(row=keys_in_order.index(focus_key), animate=False)
            else:
                first = next((i for i, item in enumerate(self.items) if item.pending), 0)
                table.move_cursor(row=first, animate=False)
            self._show_item()

        self.read(
            lambda: assessing.assess_queue(store, report_id, scope=scope), got, group="assess-queue"
        )

    def _cells(self, item: QueueItem) -> tuple[Text, ...]:
        last = item.last_status.status if item.last_status else None
        own = item.own.status if item.own else None
        return (
            Text(f"{item.raised_at.date.year} #{split_key(item.key)[1]}", no_wrap=True),
            Text("★" if item.priority else ""),
            status_text(self.rapp, last, short=True, mark=False),
            status_text(self.rapp, own, short=True, mark=False) if own else Text("…", "dim"),
            one_line(item.text, self._text_width + 40),
        )

    def _fill(self) -> None:
        table = self.query_one("#queue", RowTable)
        table.clear()
        for item in self.items:
            table.add_row(*self._cells(item), key=item.key)

    def _head(self) -> None:
        queue = self.queue
        if queue is None:
            return
        done = sum(not item.pending for item in self.items)
        total = len(self.items)
        report = queue.report
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f"{done}/{total} assessed", style="bold")
        text.append(f" · {report.election.country} {report.election.date.isoformat()} ")
        text.append(report.id)
        scope = "previous election" if queue.scope == "previous" else "all earlier elections"
        text.append(f" · {scope}", style="dim")
        self.query_one("#assess-head", Static).update(text)

    def selected(self) -> QueueItem | None:
        table = self.query_one("#queue", RowTable)
        if not self.items or table.row_count == 0:
            return None
        row = table.cursor_row
        return self.items[row] if 0 <= row < len(self.items) else None

    @on(DataTable.RowHighlighted, "#queue")
    def _highlighted(self) -> None:
        self._show_item()

    def _show_item(self) -> None:
        item = self.selected()
        detail = self.query_one("#assess-detail", Static)
        if item is None:
            detail.update(Text("Nothing to assess here.", style="dim"))
            return
        width, height = self._detail_size()
        head = Text(no_wrap=True, overflow="ellipsis")
        head.append(item.key, style="bold")
        if item.priority:
            head.append(" ★ priority", style="bold")
        head.append(f" · raised {item.raised_at.label}", style="dim")
        if item.thread_size > 1:
            head.append(f" · thread of {item.thread_size}", style="dim")

        last_line = Text(no_wrap=True, overflow="ellipsis")
        last_line.append("Last status: ", style="bold")
        last = item.last_status
        last_line.append_text(status_text(self.rapp, last.status if last else None))
        if last is not None and item.last_status_at is not None:
            last_line.append(f" at {item.last_status_at.label}", style="dim")

        own_line = Text(no_wrap=True, overflow="ellipsis")
        own_line.append("This report: ", style="bold")
        evidence: list[Text] = []
        if item.own is None:
            own_line.append(f"pending — {STATUS_KEYS}")
        else:
            own_line.append_text(status_text(self.rapp, item.own.status))
            if item.own.assessor:
                own_line.append(f" by {item.own.assessor}", style="dim")
            if item.own.evidence:
                body = Text()
                body.append("Evidence: ", style="bold")
                body.append(" ".join(item.own.evidence.split()))
                evidence = self._wrapped(body, width, max(1, min(EVIDENCE_LINES, height - 4)))

        # The head, the two status lines and the evidence come first; the recommendation's
        # text gets what is left (at least a line), cut with an ellipsis.
        room = max(1, height - 3 - len(evidence))
        lines = [head, *self._wrapped(Text(" ".join(item.text.split())), width, room)]
        lines += [last_line, own_line, *evidence]
        for line in (head, last_line, own_line):
            line.truncate(width, overflow="ellipsis")
        detail.update(Text("\n").join(lines))

    def _detail_size(self) -> tuple[int, int]:
        """The detail's width, and the lines it may take: 40% of the screen less the pane's
        border, and at least what the pane's min-height holds."""
        pane = self.query_one("#assess-pane", Vertical)
        width = pane.content_region.width or self.app.size.width - 2
        return max(20, width), max(DETAIL_MIN_LINES, int(self.app.size.height * 0.4) - 1)

    def _wrapped(self, text: Text, width: int, limit: int) -> list[Text]:
        """`text` wrapped to `width`, at most `limit` lines, the last one ending in "…" when
        something was left out."""
        lines = list(text.wrap(self.app.console, width))
        if len(lines) <= limit:
            return lines
        kept = lines[:limit]
        tail = kept[-1]
        tail.rstrip()
        if tail.cell_len >= width:
            tail.truncate(width - 1)
        tail.append("…")
        return kept

    def _replace(self, key: str, own: OwnAssessment | None) -> None:
        table = self.query_one("#queue", RowTable)
        for index, item in enumerate(self.items):
            if item.key == key:
                fresh = QueueItem(
                    key=item.key,
                    text=item.text,
                    priority=item.priority,
                    topics=item.topics,
                    raised_at=item.raised_at,
                    last_status=item.last_status,
                    last_status_at=item.last_status_at,
                    thread_size=item.thread_size,
                    own=own,
                )
                self.items[index] = fresh
                for column, cell in zip(
                    ("raised", "priority", "last", "own", "text"), self._cells(fresh), strict=True
                ):
                    table.update_cell(key, column, cell)
        self._head()
        self._show_item()

    # -- actions -----------------------------------------------------------------------------

    def action_assess(self, status_value: str) -> None:
        item = self.selected()
        if item is None or self.report_id is None:
            return
        status = Status(status_value)
        evidence = item.own.evidence if item.own else None
        self._write_assessment(item.key, status, None)
        # Shown at once; the write follows in order, and a failure reloads the queue. The
        # cursor stays on this row: `e` next gives the evidence of this assessment, `n` moves on.
        self._replace(item.key, OwnAssessment(status, evidence, self.reviewer, 0))

    def _write_assessment(self, key: str, status: Status, evidence: str | None) -> None:
        assert self.report_id is not None
        store, actor, report_id = self.store, self.reviewer, self.report_id
        versions, assessors = self._versions, self._assessors

        def job() -> tuple[followup.AssessResult, str | None]:
            # Read here, in turn: the version the previous write of ours left behind.
            result = followup.assess(
                store,
                key,
                at_report=report_id,
                status=status,
                actor=actor,
                evidence=evidence,
                expected_version=versions.get(key, 0),
            )
            versions[key] = result.version
            replaced, assessors[key] = assessors.get(key), actor
            return result, replaced

        def done(found: tuple[followup.AssessResult, str | None]) -> None:
            result, replaced = found
            current = self._current(key)
            kept = current.own.evidence if current and current.own else None
            text = evidence if evidence is not None else kept
            self._replace(key, OwnAssessment(result.new_status, text, actor, result.version))
            if evidence is None:
                message = assessed_message(
                    key,
                    result.old_status,
                    result.new_status,
                    old_assessor=replaced,
                    actor=actor,
                )
            else:
                message = f"{key}: evidence {'saved' if evidence else 'cleared'}"
            self._confirm(message)

        def failed(_error: TrackerError) -> None:
            self.load_queue(focus_key=key)

        self.write(job, done, on_error=failed)

    def _confirm(self, message: str) -> None:
        """A toast saying what a write recorded. It replaces the previous confirmation still
        showing, so that a run of quick keys leaves no stack of toasts over the detail."""
        app = self.app
        previous, self._confirmation = self._confirmation, None
        # Textual has no public way to withdraw one notification; these are its own steps.
        if previous is not None and previous in app._notifications:
            app._unnotify(previous, refresh=False)
        notification = Notification(message, "", "information", 4, markup=False)
        self._confirmation = notification
        app.post_message(Notify(notification))

    def action_evidence(self) -> None:
        item = self.selected()
        if item is None:
            return
        own = item.own
        if own is None:
            self.notify("Give a status first (1–5), then the evidence.", timeout=3)
            return

        def chosen(text: str | None) -> None:
            if text is None:
                return
            current = self._current(item.key)
            if current is None or current.own is None:
                return
            self._write_assessment(current.key, current.own.status, text.strip())

        self.app.push_screen(EvidenceScreen(f"Evidence for {item.key}", own.evidence), chosen)

    def _current(self, key: str) -> QueueItem | None:
        return next((item for item in self.items if item.key == key), None)

    def action_next_pending(self) -> None:
        if not self.items:
            return
        table = self.query_one("#queue", RowTable)
        start = table.cursor_row
        count = len(self.items)
        for step in range(1, count + 1):
            index = (start + step) % count
            if self.items[index].pending:
                table.move_cursor(row=index)
                return
        self.notify("Everything here is assessed.", timeout=3)

    def action_scope(self) -> None:
        self.scope = "all" if self.scope == "previous" else "previous"
        self.load_queue()

    def action_refresh(self) -> None:
        self.load_queue()

    def action_thread(self) -> None:
        item = self.selected()
        if item:
            self.app.push_screen(ThreadScreen(item.key))

    def action_undo(self) -> None:
        store, actor = self.store, self.reviewer

        def undone(result: history.UndoResult) -> None:
            self._confirm(undo_message(result))
            focus = result.recommendations[0] if result.recommendations else None
            self.load_queue(focus_key=focus)

        self.write(lambda: history.undo_last(store, actor), undone)
