"""Assess: after a status key the cursor stays on the recommendation just assessed, so that `e`
right after it edits that recommendation's evidence, not the next one's."""

from __future__ import annotations

from typing import Any

from tests.tui.conftest import R19, REVIEWER, settle
from tests.tui.test_assess import R21, assessment, open_assess
from tracker.enums import Status
from tracker.services import followup
from tracker.store import Store
from tui.screens.modals import EvidenceScreen

FIRST, SECOND = f"{R19}#1", f"{R19}#2"


def selected_key(screen: Any) -> str | None:
    item = screen.selected()
    return None if item is None else str(item.key)


async def test_evidence_right_after_a_status_key_is_for_that_recommendation(
    kz_store: Store, make_app: Any
) -> None:
    app = make_app(kz_store, start="assess", start_context={"country": "KZ"})
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_assess(pilot)
        assert selected_key(screen) == FIRST
        # as fast as a person types: no wait for the write between the two keys
        await pilot.press("4", "e")
        await settle(pilot)
        evidence = app.screen
        assert isinstance(evidence, EvidenceScreen)
        assert evidence.title_text == f"Evidence for {FIRST}"
        await pilot.press(*"Still an offence.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert assessment(kz_store, FIRST) == (Status.NOT, "Still an offence.", REVIEWER)
        assert assessment(kz_store, SECOND) is None
        # once the write is done the cursor is still where it was
        assert selected_key(screen) == FIRST


async def test_cursor_stays_when_everything_is_already_assessed(
    kz_store: Store, make_app: Any
) -> None:
    # With nothing pending, the screen used to step to the next row after a status key.
    for key in (FIRST, SECOND):
        followup.assess(kz_store, key, at_report=R21, status=Status.NOT, actor=REVIEWER)
    app = make_app(kz_store, start="assess", start_context={"country": "KZ"})
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_assess(pilot)
        assert selected_key(screen) == FIRST
        await pilot.press("3")
        await settle(pilot)
        assert assessment(kz_store, FIRST) == (Status.PARTIALLY, None, REVIEWER)
        assert selected_key(screen) == FIRST
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, EvidenceScreen)
        assert app.screen.title_text == f"Evidence for {FIRST}"
        await pilot.press("escape")
        await settle(pilot)
        assert assessment(kz_store, SECOND) == (Status.NOT, None, REVIEWER)


async def test_next_pending_moves_on_after_a_status_key(kz_store: Store, make_app: Any) -> None:
    app = make_app(kz_store, start="assess", start_context={"country": "KZ"})
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_assess(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert selected_key(screen) == FIRST
        await pilot.press("n")
        await settle(pilot)
        assert selected_key(screen) == SECOND
