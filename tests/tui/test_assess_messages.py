"""Assess says what each write recorded and what each undo reverted, and keeps the evidence in
view at 80x24 however long the recommendation's text."""

from __future__ import annotations

from typing import Any

from tests.tui.conftest import R19, REVIEWER, screen_text, settle
from tests.tui.test_assess import R21, assessment, open_assess
from tracker.enums import Status
from tracker.models import Recommendation
from tracker.services import followup
from tracker.store import Store
from tui.app import RectrackApp
from tui.screens.modals import EvidenceScreen

FIRST, SECOND = f"{R19}#1", f"{R19}#2"


def lines_of(lines: list[str]) -> list[str]:
    return [line.strip() for line in lines]


def toasts(app: RectrackApp) -> list[str]:
    return [str(n.message) for n in app._notifications if n.severity == "information"]


async def test_a_status_key_says_what_it_recorded(kz_store: Store, make_app: Any) -> None:
    followup.assess(kz_store, SECOND, at_report=R21, status=Status.FULLY, actor="bob")
    app = make_app(kz_store, start="assess", start_context={"country": "KZ"})
    async with app.run_test(size=(80, 24)) as pilot:
        await open_assess(pilot)
        await pilot.press("4")
        await settle(pilot)
        assert toasts(app) == [f"{FIRST}: not assessed → not implemented"]

        # over someone else's status: what it replaced, and whose it was
        await pilot.press("j", "3")
        await settle(pilot)
        assert assessment(kz_store, SECOND) == (Status.PARTIALLY, None, REVIEWER)
        assert toasts(app) == [f"{SECOND}: fully implemented → partially implemented (was by bob)"]

        # over the reviewer's own status, written a moment ago
        await pilot.press("2")
        await settle(pilot)
        assert toasts(app) == [f"{SECOND}: partially implemented → mostly implemented (was yours)"]


async def test_quick_keys_leave_one_confirmation(kz_store: Store, make_app: Any) -> None:
    app = make_app(kz_store, start="assess", start_context={"country": "KZ"})
    async with app.run_test(size=(80, 24)) as pilot:
        await open_assess(pilot)
        await pilot.press("4", "3", "1")
        await settle(pilot)
        assert assessment(kz_store, FIRST) == (Status.FULLY, None, REVIEWER)
        assert toasts(app) == [f"{FIRST}: partially implemented → fully implemented (was yours)"]


async def test_saving_evidence_confirms(kz_store: Store, make_app: Any) -> None:
    app = make_app(kz_store, start="assess", start_context={"country": "KZ"})
    async with app.run_test(size=(80, 24)) as pilot:
        await open_assess(pilot)
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, EvidenceScreen)
        await pilot.press(*"Still an offence.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert assessment(kz_store, FIRST) == (Status.NOT, "Still an offence.", REVIEWER)
        assert toasts(app) == [f"{FIRST}: evidence saved"]


async def test_two_undos_say_two_different_things(kz_store: Store, make_app: Any) -> None:
    app = make_app(kz_store, start="assess", start_context={"country": "KZ"})
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_assess(pilot)
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert assessment(kz_store, FIRST) == (Status.MOSTLY, None, REVIEWER)

        await pilot.press("u")
        await settle(pilot)
        assert assessment(kz_store, FIRST) == (Status.NOT, None, REVIEWER)
        first = toasts(app)
        assert first == [
            f"Undid assessment: status of {FIRST} at {R21} (mostly implemented → not implemented)"
        ]

        await pilot.press("u")
        await settle(pilot)
        assert assessment(kz_store, FIRST) is None
        second = toasts(app)
        assert second == [f"Undid assessment of {FIRST} at {R21} (not implemented → not assessed)"]
        assert second != first
        assert screen.items[0].pending


async def test_two_evidence_undos_differ_though_the_texts_begin_alike(
    kz_store: Store, make_app: Any
) -> None:
    start = "Limits on fundamental freedoms remained in force throughout the campaign."
    app = make_app(kz_store, start="assess", start_context={"country": "KZ"})
    async with app.run_test(size=(80, 24)) as pilot:
        await open_assess(pilot)
        await pilot.press("4")
        await settle(pilot)
        for addition in ("", " Parties still wait for registration."):
            await pilot.press("e")
            await settle(pilot)
            await pilot.press("end", *(addition or start))
            await pilot.press("ctrl+s")
            await settle(pilot)
        assert assessment(kz_store, FIRST) == (
            Status.NOT,
            start + " Parties still wait for registration.",
            REVIEWER,
        )
        messages = []
        for _ in range(2):
            await pilot.press("u")
            await settle(pilot)
            messages.extend(toasts(app))
        assert assessment(kz_store, FIRST) == (Status.NOT, None, REVIEWER)
        assert len(messages) == 2 and messages[0] != messages[1]
        assert all(m.startswith(f"Undid assessment: evidence of {FIRST}") for m in messages)
        assert "Parties still" in messages[0] and messages[1].endswith("→ none)")


async def test_the_evidence_stays_in_view_at_80x24(kz_store: Store, make_app: Any) -> None:
    long_text = " ".join(["The authorities should review the legal framework thoroughly."] * 12)
    with kz_store.transaction() as session:
        row = session.query(Recommendation).filter_by(key=FIRST).one()
        row.text = long_text
    followup.assess(
        kz_store,
        FIRST,
        at_report=R21,
        status=Status.PARTIALLY,
        actor="bob",
        evidence="Amended in 2020 but not applied.",
    )
    app = make_app(kz_store, start="assess", start_context={"country": "KZ"})
    async with app.run_test(size=(80, 24)) as pilot:
        await open_assess(pilot)
        await pilot.press("k")  # the first row: the queue opens on the one still pending
        await settle(pilot)
        lines = screen_text(app).splitlines()
        shown = "\n".join(lines)
        assert len(lines) == 24
        assert "Evidence: Amended in 2020 but not applied." in lines_of(lines), shown
        assert "This report: ◑ partially implemented by bob" in lines_of(lines), shown
        # the recommendation's text gave up its lines instead, and says so
        assert any(line.rstrip().endswith("…") and "legal framework" in line for line in lines)
        assert long_text not in " ".join(line.strip() for line in lines)
