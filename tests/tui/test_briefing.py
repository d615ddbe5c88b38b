"""Briefing: every table readable at 80, 120 and 160 columns (narrower tables compact, then
as lists), and a visible loading state when the country changes, stale results dropped."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from textual.widgets import Markdown
from textual.widgets._markdown import MarkdownTableCellContents, MarkdownTableContent

from tests.tui.conftest import screen_text, settle
from tracker.services import reporting
from tracker.store import Store
from tui.screens.briefing import BriefingScreen, fit_tables, plain, split_row

WIDE = "\n".join(
    [
        "Before.",
        "",
        "| Election | Raised at | Of | Partially | Not | No longer relevant | Rate | Mix |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |",
        "| 2019-06-09 presidential | 2016-03-20 parliamentary | 14 | 1 (7%) | 13 (93%) "
        "| 0 (0%) | 0% | `▒░░░░░░░` |",
        "| a \\| b | 2015-04-26 presidential | 8 | 2 (25%) | 6 (75%) | 0 (0%) | 0% | `▒▒░░` |",
        "",
        "After.",
    ]
)


def test_split_row_keeps_escaped_pipes_in_their_cell() -> None:
    assert split_row("| a \\| b | c |") == ["a \\| b", "c"]
    assert plain("a \\| b **c** `d`") == "a | b c d"


def test_a_table_that_fits_is_left_as_it_is() -> None:
    # 87: the longest word of each column (12 + 13 + 3 + 9 + 5 + 8 + 4 + 8), plus 3 a column
    # and the closing rule; Textual wraps the cells at their spaces
    assert fit_tables(WIDE, 200) == WIDE
    assert fit_tables(WIDE, 87) == WIDE
    assert fit_tables(WIDE, 86) != WIDE


def test_a_table_a_little_too_wide_is_made_compact() -> None:
    fitted = fit_tables(WIDE, 86).splitlines()
    assert fitted[2] == "| Election | Raised at | Of | Partly | Not | N/r | Rate |"
    assert fitted[4].endswith("| 14 | 1 | 13 | 0 | 0% |")  # shares and the bar column gone
    assert fitted[0] == "Before." and fitted[-1] == "After."


def test_a_table_much_too_wide_becomes_a_list() -> None:
    assert fit_tables(WIDE, 66) == fit_tables(WIDE, 86)  # compact: 44 + 7 * 3 + 1
    fitted = fit_tables(WIDE, 65)
    assert "| Election" not in fitted
    lines = fitted.splitlines()
    assert lines[2] == (
        "- **2019-06-09 presidential** · raised at 2016-03-20 parliamentary · of 14 "
        "· partially 1 (7%) · not 13 (93%) · rate 0% · mix `▒░░░░░░░`"
    )
    # the escaped pipe is still escaped text, inside the bold first cell
    assert lines[3].startswith("- **a \\| b** · raised at 2015-04-26 presidential")


def test_prose_goes_on_its_own_line_of_the_item() -> None:
    text = "Voters should be able to challenge the results before an independent court."
    table = "\n".join(
        [
            "| Thread | First raised | Latest wording | Latest status |",
            "| --- | --- | --- | --- |",
            f"| kz-2012-parliamentary-odihr-final#3 | 2012-01-15 parliamentary | {text} "
            "| not implemented |",
        ]
    )
    assert fit_tables(table, 60).splitlines() == [
        "- **kz-2012-parliamentary-odihr-final#3** · first raised 2012-01-15 parliamentary "
        "· latest status not implemented\\",
        f"  {text}",
    ]


def _cells(app: Any) -> list[MarkdownTableCellContents]:
    return list(app.screen.query(MarkdownTableCellContents))


@pytest.mark.parametrize(("width", "height"), [(80, 24), (120, 40), (160, 45)])
async def test_no_table_column_is_squeezed(
    seed_store: Store, make_app: Any, width: int, height: int
) -> None:
    app = make_app(seed_store, start="briefing", start_context={"country": "KZ"})
    async with app.run_test(size=(width, height)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BriefingScreen) and not screen.waiting
        assert screen.markdown is not None
        cells = _cells(app)
        for cell in cells:
            words = str(cell.visual).split() if cell.has_class("header") else []
            need = max((len(word) for word in words), default=1)
            # a column at least as wide as every word of its header: nothing cut to "…"
            assert cell.content_region.width >= need, (width, str(cell.visual))
            assert cell.outer_size.width >= 3
        tables = len(screen.query(MarkdownTableContent))
        if width == 80:
            # every table of the report is a list here: its rows are all still on the page
            assert tables == 0
            shown = screen.shown or ""
            for topic in ("Misuse of administrative resources", "Voting rights"):
                assert f"- **{topic}** · of " in shown
        else:
            assert tables >= 2  # wide enough for (some) tables: the check above had work


async def test_the_layout_follows_a_resize(seed_store: Store, make_app: Any) -> None:
    app = make_app(seed_store, start="briefing", start_context={"country": "KZ"})
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert len(app.screen.query(MarkdownTableContent)) >= 2
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        await pilot.pause(0.1)
        await settle(pilot)
        assert len(app.screen.query(MarkdownTableContent)) == 0


class Gate:
    """Holds `briefing_markdown` for the countries in `held` until `release`."""

    def __init__(self, real: Callable[..., str], held: set[str]) -> None:
        self.real = real
        self.events = {country: threading.Event() for country in held}

    def __call__(self, store: Store, country: str, **options: Any) -> str:
        event = self.events.get(country)
        if event is not None:
            assert event.wait(10), f"the test never released {country}"
        return self.real(store, country, **options)

    def release(self, country: str) -> None:
        self.events[country].set()


async def _paused(pilot: Any, rounds: int = 5) -> None:
    for _ in range(rounds):
        await pilot.pause(0.02)


async def test_changing_country_shows_loading_at_once(
    seed_store: Store, make_app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = Gate(reporting.briefing_markdown, {"GE"})
    monkeypatch.setattr(reporting, "briefing_markdown", gate)
    app = make_app(seed_store, start="briefing", start_context={"country": "KZ"})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BriefingScreen)
        assert "Where Kazakhstan stands" in screen_text(app)

        screen.show_country("GE")
        await _paused(pilot)
        text = screen_text(app)
        assert screen.waiting
        assert "Loading Georgia (GE)…" in text
        assert "Kazakhstan" not in text  # the old body is gone, not left standing
        assert "building the briefing" in text
        await pilot.press("x")  # nothing to export yet
        await _paused(pilot)
        assert [n.message for n in app._notifications][-1] == "The briefing is still being built."

        gate.release("GE")
        await settle(pilot)
        text = screen_text(app)
        assert not screen.waiting
        assert "Where Georgia stands" in text and "Loading" not in text


async def test_a_stale_briefing_is_dropped(
    seed_store: Store, make_app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = Gate(reporting.briefing_markdown, {"GE"})
    monkeypatch.setattr(reporting, "briefing_markdown", gate)
    app = make_app(seed_store, start="briefing", start_context={"country": "KZ"})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BriefingScreen)
        screen.show_country("GE")  # held
        await _paused(pilot)
        screen.show_country("MD")  # the reviewer moves on before Georgia arrives
        await _paused(pilot, 20)
        gate.release("GE")
        await settle(pilot)
        assert screen.country == "MD"
        assert screen.markdown is not None and screen.markdown.startswith("# Moldova")
        assert "Where Moldova stands" in screen_text(app)
        assert "Georgia" not in app.screen.query_one("#briefing", Markdown).source
