"""Triage by keys: one recommendation at a time, a digit decides it, undo puts it back, refusals
ask first, and the screen works at 80x24 and uses the width it has."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update

from tests.tui.conftest import R12, R16, R19, REVIEWER, screen_text, settle
from tracker.enums import LinkKind, LinkState
from tracker.matching.review import Decision
from tracker.models import Link
from tracker.repositories.decisions import link_by_keys
from tracker.services import history, review
from tracker.store import Store
from tui.keys import Keymap
from tui.screens.help import HelpScreen
from tui.screens.modals import ConfirmScreen
from tui.screens.triage import TriageScreen

NEW = "kz-2021-parliamentary-odihr-final#1"


def link_state(store: Store, source: str, target: str) -> tuple[LinkKind, LinkState, str | None]:
    with store.read() as session:
        link = link_by_keys(session, source, target)
        assert link is not None, f"no link {source} -> {target}"
        return link.kind, link.state, link.decided_by


def has_link(store: Store, source: str, target: str) -> bool:
    with store.read() as session:
        return link_by_keys(session, source, target) is not None


def triage(app: Any) -> TriageScreen:
    screen = app.screen
    assert isinstance(screen, TriageScreen)
    return screen


def shown_key(app: Any) -> str | None:
    item = triage(app).current()
    return None if item is None else item.key


def notices(app: Any) -> list[str]:
    return [notification.message for notification in app._notifications]


async def test_a_digit_decides_the_recommendation_and_undo_puts_it_back(
    kz_store: Store, make_app: Any
) -> None:
    app = make_app(kz_store, start="triage")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert NEW in text and "2 open" in text
        assert "thread of 3 2012-2019" in text  # the candidate's thread, at 80 columns
        await pilot.press("1")
        await settle(pilot)
        assert link_state(kz_store, NEW, f"{R19}#2") == (
            LinkKind.RESTATES,
            LinkState.ACCEPTED,
            REVIEWER,
        )
        # r16#2 is in the thread r21#1 joins: settled, not left for later.
        assert not has_link(kz_store, NEW, f"{R16}#2")
        assert shown_key(app) == f"{R16}#3"
        assert "1 open" in screen_text(app)
        assert any(f"restates: {NEW} -> {R19}#2; 1 other closed" in n for n in notices(app))
        assert f"Last: restates: {NEW}" in screen_text(app)

        await pilot.press("u")
        await settle(pilot)
        assert link_state(kz_store, NEW, f"{R19}#2")[1] is LinkState.PROPOSED
        assert link_state(kz_store, NEW, f"{R16}#2")[1] is LinkState.PROPOSED
        assert shown_key(app) == NEW
        assert any(
            f"Undone: your decision on {NEW}; 2 candidates open again" in n for n in notices(app)
        )
        assert "2 open" in screen_text(app)

        await pilot.press("0")
        await settle(pilot)
        assert link_state(kz_store, NEW, f"{R19}#2")[:2] == (LinkKind.RESTATES, LinkState.REJECTED)
        assert link_state(kz_store, NEW, f"{R16}#2")[:2] == (LinkKind.RESTATES, LinkState.REJECTED)
        entries = history.list_history(kz_store, by=REVIEWER)
        decisions = {entry.batch for entry in entries if entry.action == "decide"}
        undos = {entry.batch for entry in entries if entry.action == "undo"}
        assert len(decisions) == 2 and len(undos) == 1  # one batch per decision


async def test_pairs_select_unsure_and_going_back(kz_store: Store, make_app: Any) -> None:
    app = make_app(kz_store, start="triage")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("down")  # the second candidate
        await settle(pilot)
        assert f"2. {R16}#2" in screen_text(app)
        await pilot.press("l")
        await settle(pilot)
        assert link_state(kz_store, NEW, f"{R16}#2")[:2] == (LinkKind.RELATED, LinkState.ACCEPTED)
        # One pair decided, one still open: the reviewer stays on this recommendation.
        assert shown_key(app) == NEW
        assert notices(app)[-1] == f"related: {NEW} -> {R16}#2"
        assert triage(app).session.decided == 0  # type: ignore[union-attr]
        assert f"related, accepted by {REVIEWER}" in screen_text(app)
        await pilot.press("s")  # unsure about the rest: passed by for this reviewer
        await settle(pilot)
        assert link_state(kz_store, NEW, f"{R19}#2")[1] is LinkState.PROPOSED
        assert shown_key(app) == f"{R16}#3"
        assert notices(app)[-1] == f"unsure: {NEW} (1 open; your queue passes it by)"
        queue = review.review_queue(kz_store, reviewer=REVIEWER)
        assert [item.key for item in queue] == [f"{R16}#3"]
        await pilot.press("p")
        await settle(pilot)
        assert shown_key(app) == NEW
        await pilot.press("n")
        await settle(pilot)
        assert shown_key(app) == f"{R16}#3"
        await pilot.press("u")  # the 'unsure' mark
        await settle(pilot)
        assert notices(app)[-1] == f"Undone: your 'unsure' mark on {NEW}"
        assert shown_key(app) == NEW
        await pilot.press("u")  # the related pair: one candidate open again
        await settle(pilot)
        assert notices(app)[-1] == f"Undone: your decision on {NEW}; 1 candidate open again"


async def test_another_reviewers_decision_is_replaced_only_after_asking(
    kz_store: Store, make_app: Any
) -> None:
    app = make_app(kz_store, start="triage")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # Bob rejects the pair behind this screen's back.
        review.decide(kz_store, NEW, review.Choice(pairs=(("1", Decision.DISTINCT),)), actor="bob")
        await pilot.press("1")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmScreen)
        assert "rejected by bob at" in dialog.message
        await pilot.press("n")
        await settle(pilot)
        assert link_state(kz_store, NEW, f"{R19}#2")[1:] == (LinkState.REJECTED, "bob")
        # Not counted, the queue stays, and the card says who decided what.
        screen = triage(app)
        assert shown_key(app) == NEW and screen.session is not None
        assert screen.session.decided == 0
        assert "rejected by bob at" in screen_text(app)
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert link_state(kz_store, NEW, f"{R19}#2")[1:] == (LinkState.ACCEPTED, REVIEWER)
        assert screen.session.decided == 1


async def test_joining_two_threads_asks_first(kz_store: Store, make_app: Any) -> None:
    from tests.tui.conftest import add_proposal

    # r16#3 (alone) gets a candidate in thread B; r16#3 first joins r12#3 by an accepted link.
    add_proposal(kz_store, f"{R16}#3", f"{R12}#2", 0.99)
    with kz_store.transaction() as session:
        session.execute(
            update(Link)
            .where(Link.score == 0.40)
            .values(state=LinkState.ACCEPTED, decided_by="ana", version=Link.version + 1)
        )
    app = make_app(kz_store, start="triage")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert shown_key(app) == f"{R16}#3"
        await pilot.press("1")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmScreen)
        assert dialog.message.startswith("This joins thread A")
        assert "(2 members, 2012-2016)" in dialog.message
        assert "(3 members, 2012-2019)" in dialog.message
        await pilot.press("n")
        await settle(pilot)
        assert link_state(kz_store, f"{R16}#3", f"{R12}#2")[1] is LinkState.PROPOSED
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert link_state(kz_store, f"{R16}#3", f"{R12}#2")[1] is LinkState.ACCEPTED


async def test_wide_screens_show_the_candidates_texts_beside_the_detail(
    kz_store: Store, make_app: Any
) -> None:
    app = make_app(kz_store, start="triage")
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        screen = triage(app)
        assert screen.has_class("wide")
        list_region = screen.query_one("#cand-list").region
        detail_region = screen.query_one("#cand-detail").region
        assert detail_region.x > list_region.x and detail_region.y <= list_region.y
        text = screen_text(app)
        assert "Its thread (3)" in text
    narrow = make_app(kz_store, start="triage")
    async with narrow.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = triage(narrow)
        assert not screen.has_class("wide")
        for widget_id in ("#rec-card", "#cand-list", "#cand-detail", "#triage-recent"):
            region = screen.query_one(widget_id).region
            assert region.height >= 1 and region.bottom <= 24, widget_id


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
        assert not has_link(kz_store, NEW, f"{R16}#2")  # settled: in the thread joined
        await pilot.press("u")
        await settle(pilot)
        assert link_state(kz_store, NEW, f"{R19}#2")[1] is LinkState.PROPOSED
        assert link_state(kz_store, NEW, f"{R16}#2")[1] is LinkState.PROPOSED


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


async def test_empty_queue_says_so(kz_store: Store, make_app: Any) -> None:
    review.decide(kz_store, NEW, review.Choice(none=True), actor="bob")
    review.decide(kz_store, f"{R16}#3", review.Choice(none=True), actor="bob")
    app = make_app(kz_store, start="triage", start_context={"country": "KZ"})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "No recommendations left to triage in KZ" in screen_text(app)


async def test_a_queue_that_cannot_be_read_says_why(seed_store: Store, make_app: Any) -> None:
    app = make_app(seed_store, start="triage", start_context={"country": "XX"})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "The queue could not be read: unknown country code 'XX'" in screen_text(app)


async def test_undo_works_after_a_restart(kz_store: Store, make_app: Any) -> None:
    first = make_app(kz_store, start="triage")
    async with first.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
    assert link_state(kz_store, NEW, f"{R19}#2")[1] is LinkState.ACCEPTED

    again = make_app(kz_store, start="triage")
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "1 open" in screen_text(again)
        await pilot.press("u")
        await settle(pilot)
        assert link_state(kz_store, NEW, f"{R19}#2")[1] is LinkState.PROPOSED
        assert shown_key(again) == NEW
        assert "2 open" in screen_text(again)
