"""Assess by keys: number keys write the status, e the evidence, u undoes; conflicts show."""

from __future__ import annotations

from typing import Any

from tests.tui.conftest import R19, REVIEWER, screen_text, settle
from tracker.enums import Status
from tracker.repositories.decisions import assessment_by_keys
from tracker.services import followup
from tracker.store import Store
from tui.screens.assess import AssessScreen
from tui.screens.modals import EvidenceScreen

R21 = "kz-2021-parliamentary-odihr-final"


def assessment(store: Store, key: str) -> tuple[Status, str | None, str | None] | None:
    with store.read() as session:
        row = assessment_by_keys(session, key, R21)
        return None if row is None else (row.status, row.evidence, row.assessor)


async def open_assess(pilot: Any) -> AssessScreen:
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, AssessScreen)
    assert screen.report_id == R21  # the country's latest report, chosen for the reviewer
    return screen


async def test_assess_evidence_undo(kz_store: Store, make_app: Any) -> None:
    app = make_app(kz_store, start="assess", start_context={"country": "KZ"})
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_assess(pilot)
        assert [item.key for item in screen.items] == [f"{R19}#1", f"{R19}#2"]
        assert "0/2 assessed" in screen_text(app)

        await pilot.press("4")
        await settle(pilot)
        assert assessment(kz_store, f"{R19}#1") == (Status.NOT, None, REVIEWER)
        # the cursor stays on the row just assessed; n moves on to the next pending one
        assert screen.selected() is not None and screen.selected().key == f"{R19}#1"  # type: ignore[union-attr]
        await pilot.press("n")
        assert screen.selected() is not None and screen.selected().key == f"{R19}#2"  # type: ignore[union-attr]
        await pilot.press("2")
        await settle(pilot)
        assert assessment(kz_store, f"{R19}#2") == (Status.MOSTLY, None, REVIEWER)
        assert "2/2 assessed" in screen_text(app)

        await pilot.press("u")
        await settle(pilot)
        assert assessment(kz_store, f"{R19}#2") is None
        assert "1/2 assessed" in screen_text(app)

        await pilot.press("k")  # up, to the first one
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, EvidenceScreen)
        await pilot.press(*"Still a criminal offence.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert assessment(kz_store, f"{R19}#1") == (
            Status.NOT,
            "Still a criminal offence.",
            REVIEWER,
        )
        # a second status on the same row chains on the version this reviewer wrote
        await pilot.press("k")
        await pilot.press("3")
        await settle(pilot)
        assert assessment(kz_store, f"{R19}#1") == (
            Status.PARTIALLY,
            "Still a criminal offence.",
            REVIEWER,
        )
        assert not [n for n in app._notifications if n.severity == "error"]


async def test_assess_conflict_reloads_and_keeps_theirs(kz_store: Store, make_app: Any) -> None:
    app = make_app(kz_store, start="assess", start_context={"country": "KZ"})
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_assess(pilot)
        followup.assess(kz_store, f"{R19}#1", at_report=R21, status=Status.FULLY, actor="bob")
        await pilot.press("4")
        await settle(pilot)
        assert assessment(kz_store, f"{R19}#1") == (Status.FULLY, None, "bob")
        assert any(n.severity == "warning" for n in app._notifications)
        # the queue reloaded: it shows bob's status
        first = screen.items[0]
        assert first.own is not None and first.own.status is Status.FULLY


async def test_scope_and_report_picker(kz_store: Store, make_app: Any) -> None:
    app = make_app(kz_store, start="assess", start_context={"country": "KZ"})
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_assess(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert len(screen.items) == 9  # every earlier election
        await pilot.press("r")
        await settle(pilot)
        await pilot.press(*"2016 interim")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.report_id == "kz-2016-parliamentary-odihr-interim"
        assert "kz-2016-parliamentary-odihr-interim" in screen_text(app)
