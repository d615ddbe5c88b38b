"""Browse: search and filter the recommendations, page through them, see one in full, edit it.

The table never holds the whole store: it loads a page and the next one as the cursor nears
the end. Typing in the search field runs a search at once; while one runs, only the newest
text waits (`tui.core.Latest`), so fast typing never queues stale searches.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.events import Resize
from textual.timer import Timer
from textual.widgets import DataTable, Input, Static

from tracker.errors import TrackerError
from tracker.services import browse, editing, history
from tracker.services.browse import (
    BrowsePage,
    BrowseQuery,
    BrowseRow,
    Detail,
    FilterOptions,
    Order,
)
from tracker.vocabulary import STATUS_WORDS
from tui import keys
from tui.core import Latest
from tui.screens.base import RectrackScreen
from tui.screens.modals import EditScreen, EditValues, FiltersScreen
from tui.screens.thread import ThreadScreen
from tui.style import describe_undo, one_line, status_text
from tui.widgets.detail import detail_text
from tui.widgets.tables import RowTable

PAGE = 100
DETAIL_DELAY = 0.06  # seconds the cursor rests before the detail loads
DETAIL_DELAY_TYPING = 0.4  # ... while the reviewer types a search
PREFETCH = 25  # load the next page when the cursor is this close to the end
ORDERS = (Order.NEWEST, Order.OLDEST, Order.RELEVANCE)
ORDER_WORDS = {
    Order.NEWEST: "newest first",
    Order.OLDEST: "oldest first",
    Order.RELEVANCE: "best match first",
}
FIXED_COLUMNS = 13 + 4 + 1 + 7 + 4 * 2 + 2  # election, number, priority, status, padding


class SearchInput(Input):
    """The search field: every printable key is text; Escape and Down go to the table."""

    BINDINGS = keys.SEARCH_FIELD

    def action_leave_search(self) -> None:
        self.screen.query_one("#results", RowTable).focus()


class BrowseScreen(RectrackScreen):
    MODE = "browse"
    BINDINGS = keys.BROWSE

    def __init__(self) -> None:
        super().__init__()
        self.query_value = BrowseQuery()
        self.rows: list[BrowseRow] = []
        self.total = 0
        self.options: FilterOptions | None = None
        self.detail: Detail | None = None
        self.shown_generation = 0  # for benchmarks: the search generation on screen
        self._search = Latest()
        self._detail = Latest()
        self._paging = False
        self._text_width = 40
        self._detail_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield from self.chrome()
        with Horizontal(id="search-row"):
            yield Static("Search", id="search-label")
            yield SearchInput(
                placeholder="words of the text (/ to come here, Esc to leave)",
                id="search",
                compact=True,
            )
        yield Static(id="browse-status")
        yield RowTable(id="results")
        with VerticalScroll(id="detail-pane", can_focus=True):
            yield Static(Text("Select a recommendation.", style="dim"), id="detail")
        yield self.footer()

    def on_mount(self) -> None:
        self._columns()
        self.query_one("#results", RowTable).focus()
        store = self.store
        self.read(lambda: browse.filter_options(store), self._got_options, group="browse-options")
        self.run_search()

    def _got_options(self, options: FilterOptions) -> None:
        self.options = options

    # -- the table ---------------------------------------------------------------------------

    def _columns(self) -> None:
        table = self.query_one("#results", RowTable)
        width = max(table.size.width or self.app.size.width, 40)
        self._text_width = max(20, width - FIXED_COLUMNS - 2)
        table.clear(columns=True)
        table.add_column("Election", key="election", width=13)
        table.add_column("#", key="number", width=4)
        table.add_column("★", key="priority", width=1)
        table.add_column("Status", key="status", width=7)
        table.add_column("Text", key="text", width=self._text_width)

    def restyle(self) -> None:
        self.on_resize(None)
        if self.detail is not None:
            self.query_one("#detail", Static).update(detail_text(self.rapp, self.detail))

    def on_resize(self, event: Resize | None) -> None:
        table = self.query_one("#results", RowTable)
        row = table.cursor_row
        self._columns()
        self._add_rows(self.rows)
        if self.rows:
            table.move_cursor(row=min(row, len(self.rows) - 1), animate=False)

    def _cells(self, row: BrowseRow) -> tuple[Text, ...]:
        item = row.row
        return (
            Text(f"{item.country} {item.election_date.isoformat()}", no_wrap=True),
            Text(item.number, no_wrap=True, overflow="ellipsis"),
            Text("★" if item.priority else ""),
            status_text(self.rapp, row.last_status, short=True, mark=False),
            one_line(item.text, self._text_width + 40),
        )

    def _add_rows(self, rows: list[BrowseRow]) -> None:
        table = self.query_one("#results", RowTable)
        for row in rows:
            table.add_row(*self._cells(row), key=row.key)

    # -- searching ---------------------------------------------------------------------------

    def run_search(self) -> None:
        store, query = self.store, self.query_value

        def start(generation: int) -> None:
            self.read(
                lambda: browse.search(store, query, limit=PAGE),
                lambda page: self._show_page(generation, page),
                group="browse-search",
                on_error=lambda _error: self._search.finished(),
            )

        self._status_line(searching=True)
        self._search.request(start)

    def _show_page(self, generation: int, page: BrowsePage) -> None:
        current = self._search.is_current(generation)
        self._search.finished()
        if not current:
            return
        table = self.query_one("#results", RowTable)
        table.clear()
        self.rows = list(page.rows)
        self.total = page.total
        self._add_rows(self.rows)
        self.shown_generation = generation
        self._status_line()
        if self.rows:
            table.move_cursor(row=0, animate=False)
            self._schedule_detail(self.rows[0].key)
        else:
            self.detail = None
            self.query_one("#detail", Static).update(
                Text("Nothing matches: change the words or the filters (x clears).", style="dim")
            )

    def _status_line(self, *, searching: bool = False) -> None:
        query = self.query_value
        text = Text(no_wrap=True, overflow="ellipsis")
        if searching and not self.rows:
            text.append("Searching…", style="dim")
        else:
            shown = len(self.rows)
            text.append(f"{self.total:,}", style="bold")
            text.append(" match" if self.total == 1 else " matches")
            if shown < self.total:
                text.append(f" ({shown:,} loaded)", style="dim")
            if query.text.strip() and not browse.searches_words(query.text):
                text.append(" · no word to search for yet", style="dim")
        text.append(f" · {ORDER_WORDS[query.order]}")
        filters = self._filter_words()
        if filters:
            text.append(" · ")
            text.append(filters, style="bold")
        self.query_one("#browse-status", Static).update(text)

    def _filter_words(self) -> str:
        query = self.query_value
        words: list[str] = []
        if query.country:
            words.append(query.country)
        if query.election_id is not None:
            label = str(query.election_id)
            if self.options:
                for election in self.options.elections:
                    if election.id == query.election_id:
                        label = election.date.isoformat()
            words.append(label)
        if query.report_id:
            words.append(query.report_id)
        if query.observer:
            words.append(query.observer)
        if query.topic:
            words.append(query.topic)
        if query.status:
            words.append(STATUS_WORDS[query.status])
        if query.priority is not None:
            words.append("priority" if query.priority else "not priority")
        if query.flag:
            words.append(query.flag.value)
        return ", ".join(words)

    @on(Input.Changed, "#search")
    def _text_changed(self, event: Input.Changed) -> None:
        if event.value != self.query_value.text:
            self.query_value = self.query_value.with_changes(text=event.value)
            self.run_search()

    @on(Input.Submitted, "#search")
    def _text_submitted(self) -> None:
        self.query_one("#results", RowTable).focus()

    # -- paging and detail -------------------------------------------------------------------

    @on(DataTable.RowHighlighted, "#results")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self._schedule_detail(str(event.row_key.value))
        if event.cursor_row >= len(self.rows) - PREFETCH and len(self.rows) < self.total:
            self._next_page()

    def _next_page(self) -> None:
        if self._paging:
            return
        self._paging = True
        store, query, offset = self.store, self.query_value, len(self.rows)
        generation = self._search.generation

        def done(page: BrowsePage) -> None:
            self._paging = False
            if generation != self._search.generation or offset != len(self.rows):
                return
            known = {row.key for row in self.rows}
            fresh = [row for row in page.rows if row.key not in known]
            self.rows.extend(fresh)
            self._add_rows(fresh)
            self._status_line()

        def failed(_error: TrackerError) -> None:
            self._paging = False

        self.read(
            lambda: browse.search(store, query, offset=offset, limit=PAGE, count=False),
            done,
            group="browse-page",
            on_error=failed,
        )

    def _schedule_detail(self, key: str) -> None:
        """Load the detail once the cursor or the typing rests a moment: the search and the
        cursor stay quick, and a detail nobody looked at is never computed."""
        if self._detail_timer is not None:
            self._detail_timer.stop()
        if self.detail is not None and self.detail.key == key:
            return
        typing = isinstance(self.app.focused, SearchInput)
        delay = DETAIL_DELAY_TYPING if typing else DETAIL_DELAY
        self._detail_timer = self.set_timer(delay, lambda: self._load_detail(key))

    def _load_detail(self, key: str) -> None:
        store = self.store

        def start(generation: int) -> None:
            self.read(
                lambda: browse.detail(store, key),
                lambda found: self._show_detail(generation, found),
                group="browse-detail",
                on_error=lambda _error: self._detail.finished(),
            )

        self._detail.request(start)

    def _show_detail(self, generation: int, found: Detail) -> None:
        current = self._detail.is_current(generation)
        self._detail.finished()
        if not current:
            return
        self.detail = found
        self.query_one("#detail", Static).update(detail_text(self.rapp, found))
        self.query_one("#detail-pane", VerticalScroll).scroll_home(animate=False)

    def selected_key(self) -> str | None:
        table = self.query_one("#results", RowTable)
        if not self.rows or table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return str(key) if key is not None else None

    def _refresh_row(self, key: str) -> None:
        """Reload one row and the detail after a change (or a conflict)."""
        store = self.store

        def show(fresh: BrowseRow) -> None:
            table = self.query_one("#results", RowTable)
            for index, row in enumerate(self.rows):
                if row.key == fresh.key:
                    self.rows[index] = fresh
                    for column, cell in zip(
                        ("election", "number", "priority", "status", "text"),
                        self._cells(fresh),
                        strict=True,
                    ):
                        table.update_cell(fresh.key, column, cell)
            self._load_detail(key)

        self.read(lambda: browse.row(store, key), show, group="browse-row")

    # -- actions -----------------------------------------------------------------------------

    def activate(self, **context: Any) -> None:
        country = context.get("country")
        if country:
            self.query_value = BrowseQuery(text=self.query_value.text, country=str(country))
            self.run_search()

    def action_focus_search(self) -> None:
        self.query_one("#search", SearchInput).focus()

    def action_toggle_detail(self) -> None:
        self.toggle_class("detail-max")
        pane = self.query_one("#detail-pane", VerticalScroll)
        if self.has_class("detail-max"):
            pane.focus()
        else:
            self.query_one("#results", RowTable).focus()

    def action_filters(self) -> None:
        if self.options is None:
            self.notify("Still loading the filter choices…", timeout=2)
            return

        def chosen(query: BrowseQuery | None) -> None:
            if query is not None and query != self.query_value:
                self.query_value = query
                self.run_search()

        self.app.push_screen(FiltersScreen(self.query_value, self.options), chosen)

    def action_clear_filters(self) -> None:
        if self.query_value.filters_active == 0:
            self.notify("No filters to clear.", timeout=2)
            return
        self.query_value = BrowseQuery(text=self.query_value.text, order=self.query_value.order)
        self.run_search()

    def action_order(self) -> None:
        current = ORDERS.index(self.query_value.order)
        self.query_value = self.query_value.with_changes(order=ORDERS[(current + 1) % len(ORDERS)])
        self.run_search()

    def action_refresh(self) -> None:
        self.run_search()

    def action_thread(self) -> None:
        key = self.selected_key()
        if key:
            self.app.push_screen(ThreadScreen(key))

    def action_edit(self) -> None:
        key = self.selected_key()
        found = self.detail
        if key is None:
            return
        if found is None or found.key != key or self.options is None:
            self.notify("Still loading this recommendation…", timeout=2)
            return
        record = found.record
        values = EditValues(
            text=record.text,
            topics=[topic for topic, _ in record.topics],
            priority=record.priority,
            addressees=list(record.addressees),
        )

        def chosen(result: EditValues | None) -> None:
            if result is not None:
                self._save_edit(key, record.version, result)

        self.app.push_screen(EditScreen(key, record.version, values, self.options.topics), chosen)

    def _save_edit(self, key: str, version: int, values: EditValues) -> None:
        store, actor = self.store, self.reviewer

        def saved(result: editing.EditResult) -> None:
            if result.is_change:
                self.notify(f"Saved {', '.join(result.changed)} of {key}.", markup=False)
            else:
                self.notify("Nothing changed.", timeout=2)
            self._refresh_row(key)

        self.write(
            lambda: editing.edit_recommendation(
                store,
                key,
                actor=actor,
                expected_version=version,
                text=values.text,
                topics=values.topics,
                priority=values.priority,
                addressees=values.addressees,
            ),
            saved,
            on_error=lambda _error: self._refresh_row(key),
        )

    def action_undo(self) -> None:
        store, actor = self.store, self.reviewer

        def undone(result: history.UndoResult) -> None:
            self.notify(describe_undo(result.action, result.keys, result.changes), markup=False)
            shown = {row.key for row in self.rows}
            for key in result.recommendations:
                if key in shown:
                    self._refresh_row(key)

        self.write(lambda: history.undo_last(store, actor), undone)
