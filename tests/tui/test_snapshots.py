"""A few SVG snapshots of the main screens on the shipped seed data, at 80x24.

Update them after a deliberate change of the look with `pytest tests/tui --snapshot-update`
and review the SVGs in the diff."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from tests.tui.conftest import settle
from tracker.store import Store


async def _ready(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.pause(0.3)  # the detail pane waits for the cursor to rest
    await settle(pilot)


@pytest.mark.parametrize(
    ("screen", "context"),
    [
        ("overview", {}),
        ("browse", {"country": "MD"}),
        ("triage", {"country": "KZ"}),
        ("assess", {"country": "GE"}),
    ],
)
def test_main_screens(
    snap_compare: Any, seed_store: Store, make_app: Any, screen: str, context: dict[str, str]
) -> None:
    app = make_app(seed_store, reviewer="snapshot", start=screen, start_context=context)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_ready)


def test_help_over_triage(snap_compare: Any, seed_store: Store, make_app: Any) -> None:
    app = make_app(seed_store, reviewer="snapshot", start="triage")

    async def run_before(pilot: Pilot[Any]) -> None:
        await _ready(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_triage_in_the_light_theme(snap_compare: Any, seed_store: Store, make_app: Any) -> None:
    app = make_app(seed_store, reviewer="snapshot", start="triage", start_context={"country": "MD"})

    async def run_before(pilot: Pilot[Any]) -> None:
        pilot.app.theme = "textual-light"
        await _ready(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
