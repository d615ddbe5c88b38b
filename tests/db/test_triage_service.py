"""The triage queue in batches, and the bulk accept of strong proposals, on both backends."""

from __future__ import annotations

import pytest

from tests.db.builders import Builder, build_kazakhstan
from tracker.enums import LinkKind, LinkState
from tracker.history_entries import LinkKey
from tracker.models import Link, Recommendation
from tracker.repositories.decisions import link_by_keys
from tracker.services import history, triage
from tracker.store import Store

R12 = "kz-2012-parliamentary-odihr-final"
R16 = "kz-2016-parliamentary-odihr-final"
R19 = "kz-2019-presidential-odihr-final"
R21 = "kz-2021-parliamentary-odihr-final"


def propose(store: Store, source: str, target: str, score: float, rank: int, runner: float) -> None:
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
                state=LinkState.PROPOSED,
                score=score,
                breakdown={"score": score, "parts": {}, "rank": rank, "runner_up": runner},
            )
        )


@pytest.fixture
def queued(store: Store) -> Store:
    build_kazakhstan(store)
    with store.transaction() as session:
        build = Builder(session)
        build.report(R21, "2021-01-10")
        build.rec(f"{R21}#1", "Defamation should be a civil matter.", topics=("media",))
        build.rec(f"{R21}#2", "Results should be published per station.", topics=("results",))
    propose(store, f"{R21}#1", f"{R19}#2", 0.97, 1, 0.60)  # strong
    propose(store, f"{R21}#1", f"{R16}#2", 0.60, 2, 0.97)
    propose(store, f"{R21}#2", f"{R12}#3", 0.95, 1, 0.90)  # high, but no clear lead
    propose(store, f"{R16}#3", f"{R12}#3", 0.40, 1, 0.0)
    return store


def state(store: Store, source: str, target: str) -> tuple[LinkState, str | None]:
    with store.read() as session:
        link = link_by_keys(session, source, target)
        assert link is not None
        return link.state, link.decided_by


def test_bulk_accept_is_one_undoable_batch(queued: Store) -> None:
    strong = triage.strong_proposals(queued)
    assert [(p.source.key, p.target.key) for p in strong] == [(f"{R21}#1", f"{R19}#2")]
    assert "0.90" in triage.strong_rule()
    result = triage.accept_proposals(queued, [(p.link_id, p.version) for p in strong], actor="ann")
    assert result.accepted == (LinkKey(f"{R21}#1", f"{R19}#2"),) and result.skipped == ()
    assert state(queued, f"{R21}#1", f"{R19}#2") == (LinkState.ACCEPTED, "ann")
    # As "restates candidate 1": r16#2, in the thread r21#1 joins, is settled (removed).
    with queued.read() as session:
        assert link_by_keys(session, f"{R21}#1", f"{R16}#2") is None
    entries = history.list_history(queued, by="ann")
    assert {e.field for e in entries} == {"state", "decided_by", "decided_at", None}
    assert len({e.batch for e in entries}) == 1

    again = triage.accept_proposals(queued, [(p.link_id, p.version) for p in strong], actor="ann")
    assert again.accepted == () and again.skipped == (LinkKey(f"{R21}#1", f"{R19}#2"),)

    history.undo_last(queued, "ann")
    assert state(queued, f"{R21}#1", f"{R19}#2") == (LinkState.PROPOSED, None)
    assert state(queued, f"{R21}#1", f"{R16}#2") == (LinkState.PROPOSED, None)


def test_bulk_accept_leaves_a_thread_join_for_triage(queued: Store) -> None:
    with queued.transaction() as session:  # r21#1 already restates r12#1 (thread A)
        ids = dict(session.query(Recommendation.key, Recommendation.id))
        session.add(
            Link(
                source_id=ids[f"{R21}#1"],
                target_id=ids[f"{R12}#1"],
                kind=LinkKind.RESTATES,
                state=LinkState.ACCEPTED,
                decided_by="bob",
            )
        )
    strong = triage.strong_proposals(queued)
    result = triage.accept_proposals(queued, [(p.link_id, p.version) for p in strong], actor="ann")
    assert result.accepted == () and result.joins == (LinkKey(f"{R21}#1", f"{R19}#2"),)
    assert state(queued, f"{R21}#1", f"{R19}#2") == (LinkState.PROPOSED, None)
    assert result.batch is None


def test_bulk_accept_sees_what_an_earlier_accept_of_the_batch_did(queued: Store) -> None:
    # Both proposals of r21#1 seen: accepting r19#2 settles r16#2 (removed: in the thread r21#1
    # joins), so the second is gone by its turn and neither accepted nor skipped; r21#2's
    # proposal, seen at a version it no longer has, is skipped.
    with queued.read() as session:
        ids = {
            (link.source_id, link.target_id): (link.id, link.version)
            for link in session.query(Link)
        }
        rec = dict(session.query(Recommendation.key, Recommendation.id))
    first = ids[(rec[f"{R21}#1"], rec[f"{R19}#2"])]
    second = ids[(rec[f"{R21}#1"], rec[f"{R16}#2"])]
    stale = ids[(rec[f"{R21}#2"], rec[f"{R12}#3"])]
    result = triage.accept_proposals(queued, [first, second, (stale[0], stale[1] + 1)], actor="ann")
    assert result.accepted == (LinkKey(f"{R21}#1", f"{R19}#2"),)
    assert result.skipped == (LinkKey(f"{R21}#2", f"{R12}#3"),)
    with queued.read() as session:
        assert link_by_keys(session, f"{R21}#1", f"{R16}#2") is None
    assert state(queued, f"{R21}#2", f"{R12}#3") == (LinkState.PROPOSED, None)
