"""Overview: countries with their counts; the selected country's elections and status mixes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from tracker.followup.summary import STATUS_COLUMNS
from tracker.services import overview
from tracker.services.overview import CountryCounts, ElectionMix
from tracker.store import Store
from tracker.vocabulary import STATUS_SHORT
from tui import keys
from tui.core import Latest
from tui.screens.base import RectrackScreen
from tui.style import mix_bar, status_colours
from tui.widgets.tables import RowTable

if TYPE_CHECKING:
    from tracker.services.matching import Unmatched

BAR_WIDTH = 20


def _number(value: int | None) -> Text:
    if value is None:
        return Text("…", style="dim", justify="right")
    return Text(f"{value:,}", justify="right")


class OverviewScreen(RectrackScreen):
    MODE = "overview"
    BINDINGS = keys.OVERVIEW

    def __init__(self) -> None:
        super().__init__()
        self.counts: dict[str, CountryCounts] = {}
        self._elections = Latest()
        self._elections_of: str | None = None
        self._loaded_once = False

    def compose(self) -> ComposeResult:
        yield from self.chrome()
        with Vertical(id="overview-body"):
            yield Static(Text("Loading the store…", style="dim"), id="overview-totals")
            yield Static(id="overview-unmatched")
            yield RowTable(id="countries")
            yield Static(Text("Elections", style="bold"), id="elections-title")
            yield RowTable(id="elections")
            yield Static(id="overview-legend")
        yield self.footer()

    def on_mount(self) -> None:
        # Fixed widths: the layout does not move as counts arrive (and fits 80 columns).
        countries = self.query_one("#countries", RowTable)
        countries.add_column("Country", key="country", width=17)
        countries.add_column(Text("Recs", justify="right"), key="recs", width=7)
        countries.add_column(Text("Threads", justify="right"), key="threads", width=7)
        countries.add_column(Text("Proposals", justify="right"), key="proposals", width=9)
        countries.add_column(Text("Not assessed", justify="right"), key="not_assessed", width=12)
        countries.add_column("Elections", key="elections", width=14)
        elections = self.query_one("#elections", RowTable)
        elections.add_column("Election", key="election", width=24)
        elections.add_column("Reports", key="reports", width=7)
        elections.add_column(Text("Raised", justify="right"), key="raised", width=6)
        elections.add_column("Prior recs' status", key="mix", width=BAR_WIDTH)
        elections.add_column(Text("Impl.", justify="right"), key="rate", width=5)
        self._legend()
        countries.focus()
        self.query_one("#overview-unmatched", Static).display = False
        self.action_refresh()

    def on_screen_resume(self) -> None:
        if self._loaded_once:
            self.refresh_counts(quick_first=False)

    def restyle(self) -> None:
        self._legend()
        if self._elections_of is not None:
            code, self._elections_of = self._elections_of, None
            self._load_elections(code)

    def _legend(self) -> None:
        colours = status_colours(self.rapp)
        text = Text("Legend: ", style="dim")
        for column in STATUS_COLUMNS:
            glyph = "░" if column == "not-assessed" else "█"
            text.append(glyph, style=colours[column])
            text.append(f" {STATUS_SHORT[column]}  ")
        self.query_one("#overview-legend", Static).update(text)

    def action_refresh(self) -> None:
        self.refresh_counts(quick_first=True)

    def refresh_counts(self, *, quick_first: bool) -> None:
        """The quick counts first (a screen at once), then the ones that read every link."""
        store = self.store
        self._elections_of = None

        def full() -> None:
            self.read(lambda: overview.countries(store), self._show_countries, group="overview")

        def quick(counts: list[CountryCounts]) -> None:
            self._show_countries(counts)
            full()

        if quick_first:
            self.read(lambda: overview.countries(store, quick=True), quick, group="overview")
        else:
            full()
        self.read(lambda: _unmatched(store), self._show_unmatched, group="unmatched")

    def _show_unmatched(self, unmatched: Unmatched) -> None:
        """Reports whose recommendations no match run has covered: their restatements are not
        proposed for triage until `rectrack match` runs (an import whose matching failed)."""
        line = self.query_one("#overview-unmatched", Static)
        line.display = unmatched.count > 0
        if unmatched.count:
            noun = "report" if unmatched.count == 1 else "reports"
            line.update(
                Text.assemble(
                    (f"{unmatched.count:,} {noun} not matched yet", "bold"),
                    f": run {unmatched.command}",
                )
            )

    def _show_countries(self, counts: list[CountryCounts]) -> None:
        self._loaded_once = True
        table = self.query_one("#countries", RowTable)
        selected = self.selected_country()
        self.counts = {item.country: item for item in counts}
        table.clear()
        for item in counts:
            span = ""
            if item.first_election and item.latest_election:
                span = f"{item.elections} ({item.first_election.year}–{item.latest_election.year})"
            table.add_row(
                Text(f"{item.country} {item.name}", no_wrap=True, overflow="ellipsis"),
                _number(item.recommendations),
                _number(item.threads),
                _number(item.proposals),
                _number(item.not_assessed),
                Text(span),
                key=item.country,
            )
        if selected in self.counts:
            table.move_cursor(row=table.get_row_index(selected))
        totals = Text()
        totals.append(f"{len(counts)} countries · ", style="bold")
        totals.append(f"{sum(c.recommendations for c in counts):,} recommendations · ")
        if all(c.proposals is not None for c in counts):
            proposals = sum(c.proposals or 0 for c in counts)
            totals.append(f"{proposals:,} proposals to triage · ")
        totals.append(f"{sum(c.not_assessed for c in counts):,} not assessed")
        if not counts:
            totals = Text("The store is empty: import reports with `rectrack import`.")
        self.query_one("#overview-totals", Static).update(totals)
        code = self.selected_country()
        if code and code != self._elections_of:
            self._load_elections(code)

    def selected_country(self) -> str | None:
        table = self.query_one("#countries", RowTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return str(key.value) if key.value is not None else None

    @on(DataTable.RowHighlighted, "#countries")
    def _country_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self._load_elections(str(event.row_key.value))

    def _load_elections(self, code: str) -> None:
        store = self.store

        def start(generation: int) -> None:
            self.read(
                lambda: overview.elections(store, code),
                lambda mixes: self._show_elections(generation, code, mixes),
                group="overview-elections",
                on_error=lambda _error: self._elections.finished(),
            )

        self._elections.request(start)

    def _show_elections(self, generation: int, code: str, mixes: list[ElectionMix]) -> None:
        current = self._elections.is_current(generation)
        self._elections.finished()
        if not current:
            return
        self._elections_of = code
        name = self.counts[code].name if code in self.counts else code
        self.query_one("#elections-title", Static).update(
            Text.assemble(("Elections of ", "bold"), (name, "bold"))
        )
        table = self.query_one("#elections", RowTable)
        table.clear()
        for mix in reversed(mixes):
            summary = mix.summary
            if summary is None:
                bar = Text("first election", style="dim")
                rate = Text("")
            else:
                bar = mix_bar(self.rapp, summary.overall.counts, BAR_WIDTH)
                value = summary.overall.implementation_rate
                rate = Text("–" if value is None else f"{value:.0%}", justify="right")
            table.add_row(
                Text(mix.election.label),
                Text(str(len(mix.reports))),
                _number(mix.raised),
                bar,
                rate,
                key=str(mix.election.id),
            )

    def _open(self, mode: str) -> None:
        code = self.selected_country()
        self.rapp.open_screen(mode, country=code)

    @on(DataTable.RowSelected, "#countries")
    def _country_selected(self) -> None:
        self._open("browse")

    def action_browse_country(self) -> None:
        self._open("browse")

    def action_triage_country(self) -> None:
        self._open("triage")

    def action_assess_country(self) -> None:
        self._open("assess")

    def action_briefing_country(self) -> None:
        self._open("briefing")


def _unmatched(store: Store) -> Unmatched:
    # Imported here, in the worker: the matching modules bring numpy and rapidfuzz, which the
    # UI does not need to start.
    from tracker.services import matching

    return matching.unmatched(store)
