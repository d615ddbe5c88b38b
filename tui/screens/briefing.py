"""Briefing: the country's Markdown status report, in the app, and exported with one key."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Markdown, Static

from tracker.services import browse, reporting
from tracker.services.overview import country_name
from tui import keys
from tui.screens.base import RectrackScreen
from tui.screens.modals import Choice, PickScreen


class BriefingScreen(RectrackScreen):
    MODE = "briefing"
    BINDINGS = keys.BRIEFING
    FOLLOWS_COUNTRY = True

    def __init__(self) -> None:
        super().__init__()
        self.country: str | None = None
        self.countries: list[str] = []
        self.markdown: str | None = None

    def compose(self) -> ComposeResult:
        yield from self.chrome()
        yield Static(Text("Loading…", style="dim"), id="briefing-head")
        with VerticalScroll(id="briefing-body"):
            yield Markdown(id="briefing")
        yield self.footer()

    def on_mount(self) -> None:
        self.country = self.rapp.current_country
        if self.country:
            self.show_country(self.country)
        self.query_one("#briefing-body", VerticalScroll).focus()
        store = self.store

        def got(options: browse.FilterOptions) -> None:
            self.countries = options.countries
            if self.country is None and self.countries:
                self.show_country(self.countries[0])
            elif not self.countries:
                self.query_one("#briefing-head", Static).update(
                    Text("The store holds no country yet.", style="dim")
                )

        self.read(lambda: browse.filter_options(store), got, group="briefing-countries")

    def activate(self, **context: Any) -> None:
        country = context.get("country")
        if country and country != self.country:
            self.show_country(str(country))

    def show_country(self, country: str) -> None:
        self.country = country
        self.markdown = None
        self._head(loading=True)
        store = self.store

        def got(text: str) -> None:
            if country != self.country:
                return
            self.markdown = text
            self.query_one("#briefing", Markdown).update(text)
            self.query_one("#briefing-body", VerticalScroll).scroll_home(animate=False)
            self._head()

        self.read(lambda: reporting.briefing_markdown(store, country), got, group="briefing-render")

    def export_path(self) -> Path:
        assert self.country is not None
        stamp = dt.date.today().isoformat()
        return self.rapp.export_dir / f"briefing-{self.country.lower()}-{stamp}.md"

    def _head(self, *, loading: bool = False) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        if self.country is None:
            return
        text.append(f"{country_name(self.country)} ({self.country})", style="bold")
        if loading:
            text.append(" · building the briefing…", style="dim")
        else:
            text.append(f" · x saves {self.export_path()}", style="dim")
        self.query_one("#briefing-head", Static).update(text)

    def action_export(self) -> None:
        if self.country is None or self.markdown is None:
            self.notify("The briefing is still being built.", timeout=2)
            return
        path, text = self.export_path(), self.markdown
        verb = "Replaced today's briefing in" if path.exists() else "Saved the briefing to"

        def saved(written: Path) -> None:
            self.notify(f"{verb} {written}", markup=False, timeout=6)

        self.write(lambda: reporting.write_text(path, text), saved)

    def action_pick_country(self) -> None:
        if not self.countries:
            return
        choices = [
            Choice(code, Text(f"{code} {country_name(code)}"), f"{code} {country_name(code)}")
            for code in self.countries
        ]

        def chosen(code: str | None) -> None:
            if code:
                self.rapp.current_country = code
                self.show_country(code)

        self.app.push_screen(PickScreen("Country", choices, self.country), chosen)

    def action_refresh(self) -> None:
        if self.country:
            self.show_country(self.country)
