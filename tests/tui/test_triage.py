"""Triage by keys: decisions reach the store at once, undo reverts them, conflicts show."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update

from tests.tui.conftest import R12, R16, R19, REVIEWER, screen_text, settle
from tracker.enums import LinkKind, LinkState
from tracker.models import Link
from tracker.services import history, matching
from tracker.store import Store
from tui.keys import Keymap
from tui.screens.help import HelpScreen
from tui.screens.triage import TriageScreen

NEW = "kz-2021-parliamentary-odihr-final#1"


def link_state(store: Store, source: str, target: str) -> tuple[LinkKind, LinkState, str | None]:
    for proposal in matching.proposals_of(store, source):
        if proposal.target.key == target:
            return proposal.kind, proposal.state, None
    with store.read() as session:
        from tracker.repositories.decisions import link_by_keys

        link = link_by_keys(session, source, target)
        assert link is not None
        return link.kind, link.state, link.decided_by


async def test_decide_undo_and_decide_again(kz_store: Store, make_app: Any) -> None:
    app = make_app(kz_store, start="triage")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TriageScreen)
        text = screen_text(app)
        assert NEW in text and f"{R19}#2" in text
        assert "3 open" in text

        await pilot.press("r")
        await settle(pilot)
        assert link_state(kz_store, NEW, f"{R19}#2") == (
            LinkKind.RESTATES,
            LinkState.ACCEPTED,
            REVIEWER,
        )
        assert screen.pos == 1  # moved on to the next proposal
        assert "2 open" in screen_text(app)

        await pilot.press("u")
        await settle(pilot)
        assert link_state(kz_store, NEW, f"{R19}#2")[1] is LinkState.PROPOSED
        assert screen.current() is not None
        assert screen.current().current.target.key == f"{R19}#2"  # type: ignore[union-attr]

        await pilot.press("d")
        await settle(pilot)
        kind, state, who = link_state(kz_store, NEW, f"{R19}#2")
        assert (kind, state, who) == (LinkKind.RESTATES, LinkState.REJECTED, REVIEWER)
        actions = [entry.action for entry in history.list_history(kz_store, by=REVIEWER)]
        assert actions.count("undo") == 3 and "decide" in actions


async def test_related_unsure_candidates_and_going_back(kz_store: Store, make_app: Any) -> None:
    app = make_app(kz_store, start="triage")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TriageScreen)
        await pilot.press("c")  # the other candidate of the same recommendation
        await settle(pilot)
        assert f"{R16}#2" in screen_text(app)
        await pilot.press("l")
        await settle(pilot)
        assert link_state(kz_store, NEW, f"{R16}#2")[:2] == (LinkKind.RELATED, LinkState.ACCEPTED)
        # now on the last proposal; unsure leaves it proposed and records it for this reviewer
        assert f"{R16}#3" in screen_text(app)
        await pilot.press("s")
        await settle(pilot)
        assert link_state(kz_store, f"{R16}#3", f"{R12}#3")[1] is LinkState.PROPOSED
        assert matching.next_proposal(kz_store, reviewer=REVIEWER, country="KZ") is not None
        await pilot.press("p")
        await settle(pilot)
        assert f"{R16}#3" in screen_text(app)
        await pilot.press("p")
        await settle(pilot)
        assert NEW in screen_text(app)


async def test_conflict_is_shown_and_nothing_is_overwritten(kz_store: Store, make_app: Any) -> None:
    app = make_app(kz_store, start="triage")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # Another reviewer decides the same proposal behind this screen's back.
        first = matching.next_proposal(kz_store, country="KZ")
        assert first is not None
        matching.decide(kz_store, first.link_id, "distinct", "bob", first.version)
        await pilot.press("r")
        await settle(pilot)
        _, state, who = link_state(kz_store, NEW, f"{R19}#2")
        assert (state, who) == (LinkState.REJECTED, "bob")
        assert any("changed" in n.message for n in app._notifications)
        # The screen reloaded the row and shows what the store holds now.
        screen = app.screen
        assert isinstance(screen, TriageScreen)
        reloaded = screen.trail[0].candidates[0]
        assert reloaded.state is LinkState.REJECTED


async def test_bulk_accept_after_confirmation(kz_store: Store, make_app: Any) -> None:
    with kz_store.transaction() as session:  # the strong one leads its runner-up by 0.22
        session.execute(update(Link).where(Link.score > 0.9).values(score=0.97))
    app = make_app(kz_store, start="triage")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        assert "Accept 1 strong proposal" in screen_text(app)
        await pilot.press("n")  # no: nothing changes
        await settle(pilot)
        assert link_state(kz_store, NEW, f"{R19}#2")[1] is LinkState.PROPOSED
        await pilot.press("A")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert link_state(kz_store, NEW, f"{R19}#2")[1:] == (LinkState.ACCEPTED, REVIEWER)
        assert link_state(kz_store, NEW, f"{R16}#2")[1] is LinkState.PROPOSED
        await pilot.press("u")
        await settle(pilot)
        assert link_state(kz_store, NEW, f"{R19}#2")[1] is LinkState.PROPOSED


async def test_keys_can_be_remapped(kz_store: Store, make_app: Any) -> None:
    keymap = Keymap(keys={"triage.restates": "y"})
    app = make_app(kz_store, start="triage", keymap=keymap)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("r")  # no longer bound
        await settle(pilot)
        assert link_state(kz_store, NEW, f"{R19}#2")[1] is LinkState.PROPOSED
        await pilot.press("y")
        await settle(pilot)
        assert link_state(kz_store, NEW, f"{R19}#2")[1] is LinkState.ACCEPTED
        await pilot.press("question_mark")
        await settle(pilot)
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        restates = [row for row in help_screen.rows if row.binding_id == "triage.restates"]
        assert [row.keys for row in restates] == ["y"]


async def test_empty_queue_says_so(seed_store: Store, make_app: Any) -> None:
    app = make_app(seed_store, start="triage", start_context={"country": "XX"})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "No proposals left to triage in XX" in screen_text(app)


async def test_undo_works_after_a_restart(kz_store: Store, make_app: Any) -> None:
    first = make_app(kz_store, start="triage")
    async with first.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
    assert link_state(kz_store, NEW, f"{R19}#2")[1] is LinkState.ACCEPTED

    again = make_app(kz_store, start="triage")
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "2 open" in screen_text(again)
        await pilot.press("u")
        await settle(pilot)
        assert link_state(kz_store, NEW, f"{R19}#2")[1] is LinkState.PROPOSED
        screen = again.screen
        assert isinstance(screen, TriageScreen)
        shown = screen.current()
        assert shown is not None and shown.current.target.key == f"{R19}#2"
        assert "3 open" in screen_text(again)
