"""Review one recommendation at a time (tracker.services.review): the queue with thread context,
decisions per recommendation, refusals, undo, and the session a UI drives. No Pilot."""

from __future__ import annotations

import pytest

from tests.db.builders import Builder, build_kazakhstan
from tracker.enums import LinkKind, LinkState, Status
from tracker.matching.review import Decision
from tracker.models import Link, Recommendation
from tracker.repositories.decisions import link_by_keys
from tracker.services import followup, history, review
from tracker.services.review import Choice, OverrideRefused, ReviewSession, ThreadMergeRefused
from tracker.store import Store

R12 = "kz-2012-parliamentary-odihr-final"
R16 = "kz-2016-parliamentary-odihr-final"
R19 = "kz-2019-presidential-odihr-final"
R21 = "kz-2021-parliamentary-odihr-final"


def propose(
    store: Store,
    source: str,
    target: str,
    score: float | None,
    state: LinkState = LinkState.PROPOSED,
) -> None:
    with store.transaction() as session:
        ids = dict(
            session.query(Recommendation.key, Recommendation.id).filter(
                Recommendation.key.in_([source, target])
            )
        )
        session.add(
            Link(
                source_id=ids[source],
                target_id=ids[target],
                kind=LinkKind.RESTATES,
                state=state,
                score=score,
                breakdown=None if score is None else {"score": score, "dominant": "tfidf"},
                decided_by=None if state is LinkState.PROPOSED else "an-import",
            )
        )


@pytest.fixture
def queued(store: Store) -> Store:
    """KZ's four threads (builders.build_kazakhstan) and a 2021 report under review:
    #1 (defamation) with candidates in thread B and the lone r12#3; #2 (results) with two lone
    candidates; #3 already restates thread A, and has a candidate in thread B."""
    build_kazakhstan(store)
    with store.transaction() as session:
        build = Builder(session)
        build.report(R21, "2021-01-10")
        build.rec(f"{R21}#1", "Defamation should be a civil matter.", topics=("media",))
        build.rec(f"{R21}#2", "Results should be published per station.", topics=("results",))
        build.rec(f"{R21}#3", "Party registration should be eased.")
    propose(store, f"{R21}#3", f"{R19}#1", None, LinkState.ACCEPTED)
    propose(store, f"{R21}#1", f"{R19}#2", 0.97)
    propose(store, f"{R21}#1", f"{R16}#2", 0.60)
    propose(store, f"{R21}#1", f"{R12}#3", 0.30)
    propose(store, f"{R21}#2", f"{R12}#3", 0.95)
    propose(store, f"{R21}#2", f"{R16}#3", 0.50)
    propose(store, f"{R21}#3", f"{R19}#2", 0.80)
    propose(store, f"{R21}#3", f"{R16}#3", 0.40)
    return store


def link_state(store: Store, source: str, target: str) -> tuple[LinkKind, LinkState] | None:
    with store.read() as session:
        link = link_by_keys(session, source, target)
        return None if link is None else (link.kind, link.state)


def all_links(store: Store) -> set[tuple[int, int, str, str, str | None]]:
    with store.read() as session:
        return {
            (link.source_id, link.target_id, link.kind.value, link.state.value, link.decided_by)
            for link in session.query(Link)
        }


def test_the_queue_is_best_first_with_ranked_candidates_and_their_threads(queued: Store) -> None:
    items = review.review_queue(queued, reviewer="ann")
    assert [item.key for item in items] == [f"{R21}#1", f"{R21}#2", f"{R21}#3"]
    first = items[0]
    assert [c.key for c in first.candidates] == [f"{R19}#2", f"{R16}#2", f"{R12}#3"]
    assert [c.rank for c in first.candidates] == [1, 2, 3]
    thread_b = first.candidates[0].thread
    assert thread_b.keys == (f"{R12}#2", f"{R16}#2", f"{R19}#2")
    assert [m.election_date.year for m in thread_b.members] == [2012, 2016, 2019]
    assert thread_b.latest_status is Status.NOT
    assert thread_b.describe() == "thread of 3 (2012-2019), latest: not implemented"
    assert first.thread.size == 1 and not first.candidates[0].in_own_thread
    third = items[2]
    assert third.thread.keys[-1] == f"{R21}#3" and third.thread.size == 5
    assert not any(c.in_own_thread for c in third.candidates)


def test_restates_accepts_one_and_closes_the_others_in_one_undoable_action(
    queued: Store,
) -> None:
    before = all_links(queued)
    outcome = review.decide(queued, f"{R21}#1", Choice(restates=("1",)), actor="ann")
    assert link_state(queued, f"{R21}#1", f"{R19}#2") == (LinkKind.RESTATES, LinkState.ACCEPTED)
    # r16#2 is in the thread r21#1 now joins: settled (removed), not called distinct.
    assert link_state(queued, f"{R21}#1", f"{R16}#2") is None
    assert link_state(queued, f"{R21}#1", f"{R12}#3") == (LinkKind.RESTATES, LinkState.REJECTED)
    assert {(c.target, c.decision) for c in outcome.changes} == {
        (f"{R19}#2", "restates"),
        (f"{R16}#2", "settled"),
        (f"{R12}#3", "distinct"),
    }
    assert outcome.summary() == f"restates: {R21}#1 -> {R19}#2; 2 others closed"
    entries = history.list_history(queued, by="ann")
    assert {entry.batch for entry in entries} == {outcome.batch}
    # The queue moved on: #1 is decided.
    assert review.review_queue(queued, reviewer="ann")[0].key == f"{R21}#2"

    undone = history.undo_last(queued, "ann")
    assert undone.batch == outcome.batch
    after = all_links(queued)
    assert after == before


def test_none_closes_every_candidate_as_distinct(queued: Store) -> None:
    outcome = review.decide(queued, f"{R21}#2", Choice(none=True), actor="ann")
    assert {c.decision for c in outcome.changes} == {"distinct"}
    assert len(outcome.changes) == 2
    assert link_state(queued, f"{R21}#2", f"{R12}#3") == (LinkKind.RESTATES, LinkState.REJECTED)
    assert f"{R21}#2" not in [item.key for item in review.review_queue(queued)]


def test_joining_two_threads_is_refused_until_agreed(queued: Store) -> None:
    before = all_links(queued)
    with pytest.raises(ThreadMergeRefused) as refused:
        review.decide(queued, f"{R21}#3", Choice(restates=(f"{R19}#2",)), actor="ann")
    message = str(refused.value)
    assert "5 members, 2012-2021" in message and "3 members, 2012-2019" in message
    assert "--merge-threads" in message
    assert all_links(queued) == before
    review.decide(
        queued, f"{R21}#3", Choice(restates=(f"{R19}#2",)), actor="ann", merge_threads=True
    )
    thread = followup.thread_of(queued, f"{R21}#3")
    assert {f"{R12}#1", f"{R12}#2"} <= {member.key for member in thread.members}


def test_several_picks_of_lone_recommendations_need_no_merge(queued: Store) -> None:
    outcome = review.decide(queued, f"{R21}#2", Choice(restates=("1", "2")), actor="ann")
    assert [c.decision for c in outcome.changes] == ["restates", "restates"]
    thread = followup.thread_of(queued, f"{R21}#2")
    assert {m.key for m in thread.members} == {f"{R12}#3", f"{R16}#3", f"{R21}#2"}


def test_another_reviewers_decision_is_replaced_only_when_asked(queued: Store) -> None:
    review.decide(queued, f"{R21}#1", Choice(pairs=((f"{R19}#2", Decision.DISTINCT),)), actor="bob")
    item = review.load_item(queued, f"{R21}#1")
    assert item is not None
    marker = item.candidate(1).marker
    assert marker is not None and marker.startswith("rejected by bob at ")
    before = all_links(queued)
    with pytest.raises(OverrideRefused) as refused:
        review.decide(queued, f"{R21}#1", Choice(restates=("1",)), actor="ann")
    assert "rejected by bob" in str(refused.value) and "--override" in str(refused.value)
    assert all_links(queued) == before
    outcome = review.decide(queued, f"{R21}#1", Choice(restates=("1",)), actor="ann", override=True)
    assert outcome.changes[0].was is not None and "bob" in outcome.changes[0].was
    assert link_state(queued, f"{R21}#1", f"{R19}#2") == (LinkKind.RESTATES, LinkState.ACCEPTED)


def test_one_changes_their_own_decision_without_override(queued: Store) -> None:
    review.decide(queued, f"{R21}#2", Choice(none=True), actor="ann")
    review.decide(queued, f"{R21}#2", Choice(restates=("1",)), actor="ann")
    assert link_state(queued, f"{R21}#2", f"{R12}#3") == (LinkKind.RESTATES, LinkState.ACCEPTED)


def test_a_pick_outside_the_candidates_must_be_an_earlier_recommendation(queued: Store) -> None:
    review.decide(queued, f"{R21}#2", Choice(restates=(f"{R16}#1",)), actor="ann")
    assert link_state(queued, f"{R21}#2", f"{R16}#1") == (LinkKind.RESTATES, LinkState.ACCEPTED)
    undone = history.undo_last(queued, "ann")
    assert undone.action == "decide"
    assert link_state(queued, f"{R21}#2", f"{R16}#1") is None
    with pytest.raises(Exception, match="not earlier than"):
        review.decide(queued, f"{R16}#3", Choice(restates=(f"{R21}#2",)), actor="ann")
    with pytest.raises(Exception, match="no candidate 7"):
        review.decide(queued, f"{R21}#2", Choice(restates=("7",)), actor="ann")
    with pytest.raises(Exception, match="neither a candidate"):
        review.decide(queued, f"{R21}#2", Choice(restates=("kz-1999#1",)), actor="ann")


def test_unsure_is_per_reviewer_and_applies_to_proposals_only(queued: Store) -> None:
    review.decide(
        queued,
        f"{R21}#2",
        Choice(pairs=(("1", Decision.UNSURE), ("2", Decision.UNSURE))),
        actor="ann",
    )
    assert f"{R21}#2" not in [i.key for i in review.review_queue(queued, reviewer="ann")]
    assert f"{R21}#2" in [i.key for i in review.review_queue(queued, reviewer="bob")]
    review.decide(queued, f"{R21}#1", Choice(none=True), actor="ann")
    with pytest.raises(Exception, match="proposals only"):
        review.decide(queued, f"{R21}#1", Choice(pairs=(("1", Decision.UNSURE),)), actor="ann")


def test_the_session_walks_the_queue_and_stays_on_a_refusal(queued: Store) -> None:
    session = ReviewSession(queued, "ann")
    session.start()
    assert session.current is not None and session.current.key == f"{R21}#1"
    session.decide(Choice(restates=("1",)))
    assert session.decided == 1
    assert session.current is not None and session.current.key == f"{R21}#2"
    assert session.recent[0].startswith(f"restates: {R21}#1 -> {R19}#2")
    # Going back shows what was decided, and by whom (once read again, as a UI asks after
    # showing the next one).
    session.refresh_stale()
    assert session.back()
    shown = session.current
    assert shown is not None and shown.key == f"{R21}#1" and not shown.is_open
    assert shown.candidate(1).marker is not None
    assert session.forward() and session.current is not None
    assert session.current.key == f"{R21}#2"
    # Bob decides r21#2 first; ann's decision is refused, not counted, and she stays.
    review.decide(queued, f"{R21}#2", Choice(none=True), actor="bob")
    with pytest.raises(OverrideRefused):
        session.decide(Choice(restates=("1",)))
    assert session.decided == 1
    assert session.current is not None and session.current.key == f"{R21}#2"
    fresh = session.reload_current()
    assert fresh is not None and "rejected by bob" in (fresh.candidate(1).marker or "")
    assert session.skip()
    assert session.current is not None and session.current.key == f"{R21}#3"
    assert not session.forward()
    assert session.at_end


def test_undo_in_the_session_puts_the_recommendation_back(queued: Store) -> None:
    session = ReviewSession(queued, "ann")
    session.start()
    session.decide(Choice(none=True))  # r21#1
    session.decide(Choice(restates=("2",)))  # r21#2
    assert session.current is not None and session.current.key == f"{R21}#3"
    undone = session.undo()
    assert undone.item is not None and undone.item.key == f"{R21}#2"
    assert session.current is not None and session.current.key == f"{R21}#2"
    assert session.current.is_open and all(c.is_open for c in session.current.candidates)
    assert session.decided == 1
    # r21#1 stays decided: only the last recommendation came back.
    assert link_state(queued, f"{R21}#1", f"{R19}#2") == (LinkKind.RESTATES, LinkState.REJECTED)


def test_the_session_fetches_ahead_in_pages(queued: Store) -> None:
    session = ReviewSession(queued, "ann", page=1)
    session.start()
    seen = []
    while session.current is not None:
        seen.append(session.current.key)
        session.forward()
    assert seen == [f"{R21}#1", f"{R21}#2", f"{R21}#3"]


def test_filter_by_report_and_country(queued: Store) -> None:
    assert [i.key for i in review.review_queue(queued, report_id=R21, limit=1)] == [f"{R21}#1"]
    with pytest.raises(Exception, match="no elections of AM in the store"):
        review.review_queue(queued, country="AM")
    with pytest.raises(Exception, match="no report"):
        review.review_queue(queued, report_id="nope")


def test_someone_elses_same_decision_is_left_as_theirs(queued: Store) -> None:
    review.decide(queued, f"{R21}#2", Choice(restates=("1",)), actor="bob")
    outcome = review.decide(queued, f"{R21}#2", Choice(restates=(f"{R12}#3",)), actor="ann")
    assert outcome.batch is None  # nothing written
    (change,) = outcome.changes
    assert change.already is not None and "bob" in change.already
    with queued.read() as session:
        link = link_by_keys(session, f"{R21}#2", f"{R12}#3")
        assert link is not None and link.decided_by == "bob"
    assert history.undo_last(queued, "bob").action == "decide"


def test_none_contradicting_an_acceptance_needs_override(queued: Store) -> None:
    review.decide(queued, f"{R21}#2", Choice(restates=("1",)), actor="bob")
    before = all_links(queued)
    with pytest.raises(OverrideRefused, match="accepted by bob"):
        review.decide(queued, f"{R21}#2", Choice(none=True), actor="ann")
    assert all_links(queued) == before
    review.decide(queued, f"{R21}#2", Choice(none=True), actor="ann", override=True)
    assert link_state(queued, f"{R21}#2", f"{R12}#3") == (LinkKind.RESTATES, LinkState.REJECTED)
    # One's own acceptance is simply changed.
    review.decide(queued, f"{R21}#1", Choice(restates=("1",)), actor="ann")
    review.decide(queued, f"{R21}#1", Choice(none=True), actor="ann")
    assert link_state(queued, f"{R21}#1", f"{R19}#2") == (LinkKind.RESTATES, LinkState.REJECTED)


def test_a_rejection_inside_the_joined_thread_is_settled(queued: Store) -> None:
    review.decide(queued, f"{R21}#1", Choice(pairs=(("2", Decision.DISTINCT),)), actor="bob")
    with pytest.raises(OverrideRefused, match=f"{R16}#2: rejected by bob"):
        review.decide(queued, f"{R21}#1", Choice(restates=("1",)), actor="ann")
    outcome = review.decide(queued, f"{R21}#1", Choice(restates=("1",)), actor="ann", override=True)
    assert (f"{R16}#2", "settled") in {(c.target, c.decision) for c in outcome.changes}
    assert link_state(queued, f"{R21}#1", f"{R16}#2") is None


def test_candidate_numbers_are_the_match_runs_ranks(queued: Store) -> None:
    with queued.transaction() as session:
        for link in session.query(Link).filter(Link.score.is_not(None)):
            rank = {0.97: 1, 0.60: 2, 0.30: 3, 0.95: 1, 0.50: 2, 0.80: 1, 0.40: 2}
            link.breakdown = {"score": link.score, "rank": rank[round(link.score or 0, 2)]}
    # r21#3's thread-join refusal aside, settle r16#2 away by restating r19#2 on r21#1 ...
    review.decide(queued, f"{R21}#1", Choice(pairs=(("3", Decision.RELATED),)), actor="bob")
    review.decide(queued, f"{R21}#1", Choice(restates=("1",)), actor="bob")
    item = review.load_item(queued, f"{R21}#1")
    assert item is not None
    # ... r16#2 (rank 2) is gone, and rank 3 still names r12#3.
    assert [(c.rank, c.key) for c in item.candidates] == [(1, f"{R19}#2"), (3, f"{R12}#3")]
    with pytest.raises(Exception, match="candidates are 1, 3"):
        review.decide(queued, f"{R21}#1", Choice(pairs=(("2", Decision.DISTINCT),)), actor="bob")


def test_the_summary_says_what_was_decided(queued: Store) -> None:
    pair = review.decide(queued, f"{R21}#1", Choice(pairs=(("3", Decision.DISTINCT),)), actor="ann")
    assert pair.summary() == f"distinct: {R21}#1 -> {R12}#3"
    unsure = review.decide(
        queued,
        f"{R21}#2",
        Choice(pairs=(("1", Decision.UNSURE), ("2", Decision.UNSURE))),
        actor="ann",
    )
    assert unsure.summary() == f"unsure: {R21}#2 (2 open; your queue passes it by)"
    none = review.decide(queued, f"{R21}#1", Choice(none=True), actor="ann")
    assert none.summary() == f"none of these: {R21}#1; 2 closed as distinct"


def test_two_reviewers_deciding_one_recommendation_at_once(queued: Store) -> None:
    """Both finish: one decision lands, the other is refused or finds it so already; never an
    internal error (PostgreSQL locks the links; SQLite has one writer)."""
    import threading

    from tracker.errors import TrackerError

    key = f"{R21}#1"
    unexpected: list[BaseException] = []

    def run(actor: str, choice: Choice) -> None:
        try:
            review.decide(queued, key, choice, actor=actor, merge_threads=True)
        except TrackerError:
            pass
        except BaseException as exc:  # anything else is the bug
            unexpected.append(exc)

    for round_ in range(6):
        threads = [
            threading.Thread(target=run, args=("ann", Choice(restates=("1",)))),
            threading.Thread(target=run, args=("bob", Choice(restates=("3",)))),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert unexpected == [], round_
        while True:  # back to the start for the next round
            try:
                history.undo_last(queued, "ann")
            except TrackerError:
                break
        while True:
            try:
                history.undo_last(queued, "bob")
            except TrackerError:
                break
