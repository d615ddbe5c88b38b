"""Matching and review against a migrated store (SQLite and PostgreSQL): proposals, re-runs,
the never-propose-again rule, scripted review decisions, conflicts, undo, auto-accept, and
matching after `import`."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from tracker.enums import LinkKind, LinkState
from tracker.errors import ConflictError, InvalidInput, NotFound
from tracker.identity import MATCHER_ACTOR
from tracker.matching.config import load_config
from tracker.matching.review import Decision
from tracker.models import HistoryEntry, Link, Recommendation
from tracker.services import matching
from tracker.services.history import list_history, undo_last
from tracker.services.importing import import_paths
from tracker.store import Store

GOLD = Path(__file__).resolve().parent.parent / "gold"


def load(store: Store, *folders: str, match: bool = False) -> None:
    import_paths(
        store, [GOLD / "topics.yaml", *(GOLD / f for f in folders)], actor="loader", match=match
    )


def strip_links(store: Store) -> None:
    with store.transaction() as session:
        session.execute(Link.__table__.delete())


def link_states(store: Store) -> dict[tuple[str, str], tuple[str, str, str | None]]:
    with store.read() as session:
        source = Recommendation.__table__.alias("s")
        target = Recommendation.__table__.alias("t")
        rows = session.execute(
            select(source.c.key, target.c.key, Link.kind, Link.state, Link.decided_by)
            .join(source, source.c.id == Link.source_id)
            .join(target, target.c.id == Link.target_id)
        )
        return {(r[0], r[1]): (r[2].value, r[3].value, r[4]) for r in rows}


def history_count(store: Store, action: str) -> int:
    with store.read() as session:
        return int(
            session.scalar(
                select(func.count()).select_from(HistoryEntry).where(HistoryEntry.action == action)
            )
            or 0
        )


def proposal_runs(store: Store) -> list[tuple[str, int]]:
    """The history's match runs: (scope, proposals made), oldest first."""
    with store.read() as session:
        entries = session.scalars(
            select(HistoryEntry).where(HistoryEntry.action == "propose").order_by(HistoryEntry.id)
        ).all()
    assert all(entry.entity == "match-run" for entry in entries)
    return [(entry.key, entry.new["proposed"]) for entry in entries]


def test_propose_stores_proposals_and_a_rerun_adds_nothing(store: Store) -> None:
    load(store, "am")
    strip_links(store)
    first = matching.propose(store, country="am", actor="ana")
    assert first.proposed > 0 and first.already_proposed == 0
    assert first.countries == ("AM",)
    assert proposal_runs(store) == [("countries=AM", first.proposed)]
    links = link_states(store)
    assert all(state == ("restates", "proposed", None) for state in links.values())
    per_source: dict[str, int] = {}
    for source, _ in links:
        per_source[source] = per_source.get(source, 0) + 1
    assert max(per_source.values()) <= 5
    again = matching.propose(store, actor="ana")
    assert again.proposed == 0
    assert len(proposal_runs(store)) == 1  # a run that proposes nothing leaves no entry
    assert again.already_proposed == first.proposed
    assert link_states(store) == links
    with store.read() as session:
        breakdown = session.scalars(select(Link.breakdown)).first()
    assert breakdown is not None
    assert breakdown["match_key"] == "country=AM;earlier-election"
    assert set(breakdown["parts"]) >= {"tfidf", "containment", "tokens", "topics"}
    assert breakdown["dominant"] in breakdown["parts"]


def test_an_import_of_many_reports_is_one_match_run_with_a_short_key(store: Store) -> None:
    """The seed's 24 reports: the run's key must fit the history's key column (PostgreSQL
    enforces its length), its value names every report."""
    seed = Path(__file__).resolve().parent.parent.parent / "seed"
    summary = import_paths(store, [seed], actor="loader", match=True)
    assert len(summary.created_report_ids) == 24
    with store.read() as session:
        (entry,) = session.scalars(
            select(HistoryEntry).where(HistoryEntry.action == "propose")
        ).all()
    assert entry.key == f"reports={sorted(summary.created_report_ids)[0]} (+23 more)"
    assert sorted(entry.new["reports"]) == sorted(summary.created_report_ids)
    assert entry.new["proposed"] > 0


def test_the_report_and_country_scopes(store: Store) -> None:
    load(store, "am", "kg")
    strip_links(store)
    summary = matching.propose(store, report_id="am-2021-parliamentary-odihr-final", actor="a")
    assert summary.reports == ("am-2021-parliamentary-odihr-final",)
    assert {s for s, _ in link_states(store)} <= {
        f"am-2021-parliamentary-odihr-final#{n}" for n in range(1, 13)
    }
    with pytest.raises(NotFound):
        matching.propose(store, report_id="no-such-report", actor="a")
    with pytest.raises(NotFound, match="no elections of FR"):
        matching.propose(store, country="FR", actor="a")
    with pytest.raises(InvalidInput, match="unknown country code 'ZZ'"):
        matching.propose(store, country="ZZ", actor="a")


def test_file_links_and_threads_are_never_proposed(store: Store, tmp_path: Path) -> None:
    load(store, "am", match=True)  # the import proposes for the reports it added
    links = link_states(store)
    proposed = {pair for pair, state in links.items() if state[1] == "proposed"}
    decided = {pair for pair, state in links.items() if state[1] != "proposed"}
    assert proposed and decided
    assert sum(count for _, count in proposal_runs(store)) == len(proposed)
    # A thread member already linked by the file is not proposed again, even indirectly:
    thread = [
        "am-2021-parliamentary-odihr-final#1",
        "am-2018-parliamentary-odihr-final#1",
        "am-2017-parliamentary-odihr-final#6",
        "am-2013-presidential-odihr-final#1",
    ]
    for later in thread:
        for earlier in thread:
            assert (later, earlier) not in proposed
    # `distinct_from` in a file: that pair is never proposed.
    folder = tmp_path / "mt"
    folder.mkdir()
    distinct = "    distinct_from: [mt-2015-parliamentary-odihr-final#1]\n"
    for year, extra in (("2015", ""), ("2019", distinct)):
        (folder / f"mt-{year}.yaml").write_text(
            "format: rectrack/1\nreport:\n"
            f"  id: mt-{year}-parliamentary-odihr-final\n  country: MT\n"
            f"  election: {{type: parliamentary, date: {year}-06-01}}\n"
            "  observer: ODIHR\n  kind: final-report\nrecommendations:\n"
            "  - number: 1\n    text: Vote buying should be investigated and prosecuted.\n"
            f"    topics: [campaign]\n{extra}",
            encoding="utf-8",
        )
    import_paths(store, [folder], actor="loader")
    mt = {pair: state for pair, state in link_states(store).items() if pair[0].startswith("mt")}
    assert mt == {
        ("mt-2019-parliamentary-odihr-final#1", "mt-2015-parliamentary-odihr-final#1"): (
            "restates",
            "rejected",
            "loader",
        )
    }


def test_scripted_review_session(store: Store) -> None:
    load(store, "am")
    strip_links(store)
    matching.propose(store, country="AM", actor="ana")
    script = [Decision.RESTATES, Decision.RELATED, Decision.DISTINCT, Decision.UNSURE]
    seen: list[float] = []
    decided: dict[int, Decision] = {}
    while (proposal := matching.next_proposal(store, reviewer="ana", country="AM")) is not None:
        assert proposal.link_id not in decided
        seen.append(proposal.score)
        decision = script[len(decided) % len(script)]
        result = matching.decide(store, proposal.link_id, decision, "ana", proposal.version)
        decided[proposal.link_id] = decision
        assert result.decision is decision
    assert seen == sorted(seen, reverse=True)  # best first
    links = {p.link_id: p for p in (matching.get_proposal(store, i) for i in decided)}
    for link_id, decision in decided.items():
        link = links[link_id]
        expected = {
            Decision.RESTATES: (LinkKind.RESTATES, LinkState.ACCEPTED),
            Decision.RELATED: (LinkKind.RELATED, LinkState.ACCEPTED),
            Decision.DISTINCT: (LinkKind.RESTATES, LinkState.REJECTED),
            Decision.UNSURE: (LinkKind.RESTATES, LinkState.PROPOSED),
        }[decision]
        assert (link.kind, link.state) == expected
    unsure = [i for i, d in decided.items() if d is Decision.UNSURE]
    # Unsure proposals stay in the queue for others, not for the one who was unsure.
    other = matching.next_proposal(store, reviewer="ben", country="AM")
    assert other is not None and other.link_id in unsure
    with store.read() as session:
        entries = session.scalars(
            select(HistoryEntry).where(HistoryEntry.actor == "ana").order_by(HistoryEntry.id)
        ).all()
    fields = {(e.action, e.field) for e in entries}
    assert {("decide", "state"), ("decide", "kind"), ("decide", "decided_by")} <= fields
    assert ("unsure", "state") in fields
    decisions = [e for e in entries if e.action != "propose"]
    assert decisions and all(e.entity == "link" and " -> " in e.key for e in decisions)
    # A decided link is not proposed again by a re-run.
    matching.propose(store, country="AM", actor="ana")
    for link_id, decision in decided.items():
        if decision is not Decision.UNSURE:
            assert matching.get_proposal(store, link_id).state is not LinkState.PROPOSED
    states = link_states(store)
    for link_id, _decision in decided.items():
        pair = (links[link_id].source.key, links[link_id].target.key)
        assert pair in states


def test_undo_reverts_a_decision(store: Store) -> None:
    load(store, "am")
    strip_links(store)
    matching.propose(store, country="AM", actor="ana")
    proposal = matching.next_proposal(store, reviewer="ana")
    assert proposal is not None
    matching.decide(store, proposal.link_id, "r", "ana", proposal.version)
    assert matching.get_proposal(store, proposal.link_id).state is LinkState.ACCEPTED
    undo_last(store, "ana")
    back = matching.get_proposal(store, proposal.link_id)
    assert back.state is LinkState.PROPOSED and back.kind is LinkKind.RESTATES
    again = matching.next_proposal(store, reviewer="ana")
    assert again is not None and again.link_id == proposal.link_id
    # Unsure, undone: the proposal comes back into this reviewer's queue.
    matching.decide(store, again.link_id, Decision.UNSURE, "ana", again.version)
    nxt = matching.next_proposal(store, reviewer="ana")
    assert nxt is None or nxt.link_id != again.link_id
    undo_last(store, "ana")
    back_again = matching.next_proposal(store, reviewer="ana")
    assert back_again is not None and back_again.link_id == again.link_id


def test_a_decision_on_a_changed_link_is_a_conflict(store: Store) -> None:
    load(store, "am")
    strip_links(store)
    matching.propose(store, country="AM", actor="ana")
    proposal = matching.next_proposal(store)
    assert proposal is not None
    matching.decide(store, proposal.link_id, Decision.DISTINCT, "ana", proposal.version)
    with pytest.raises(ConflictError, match="changed since you read it"):
        matching.decide(store, proposal.link_id, Decision.RESTATES, "ben", proposal.version)
    assert matching.get_proposal(store, proposal.link_id).state is LinkState.REJECTED
    current = matching.get_proposal(store, proposal.link_id)
    with pytest.raises(InvalidInput):
        matching.decide(store, current.link_id, Decision.UNSURE, "ben", current.version)
    with pytest.raises(NotFound):
        matching.decide(store, 10**9, Decision.RESTATES, "ben", 1)
    with pytest.raises(InvalidInput):
        Decision.parse("maybe")


def test_auto_accept_is_strict_off_by_default_and_undoable(store: Store, tmp_path: Path) -> None:
    load(store, "am")
    strip_links(store)
    matching.propose(store, country="AM", actor="ana")
    assert all(state[1] == "proposed" for state in link_states(store).values())
    lenient = tmp_path / "lenient.toml"
    lenient.write_text("[thresholds]\nauto_accept = 0.75\nauto_accept_gap = 0.1\n")
    config = load_config(lenient)
    summary = matching.propose(store, country="AM", actor="ana", auto_accept=True, config=config)
    assert summary.auto_accepted > 0
    accepted = {p: s for p, s in link_states(store).items() if s[1] == "accepted"}
    assert len(accepted) == summary.auto_accepted
    assert all(state == ("restates", "accepted", MATCHER_ACTOR) for state in accepted.values())
    assert history_count(store, "auto-accept") == 3 * summary.auto_accepted
    # The matcher decided, so the history names it (the match run names ana).
    by_matcher = list_history(store, by=MATCHER_ACTOR, limit=None)
    assert len(by_matcher) == 3 * summary.auto_accepted
    assert {entry.action for entry in by_matcher} == {"auto-accept"}
    undone = undo_last(store, "ana", by=MATCHER_ACTOR)
    assert (undone.action, undone.actor) == ("auto-accept", MATCHER_ACTOR)
    assert all(state[1] == "proposed" for state in link_states(store).values())


def test_import_matches_the_reports_it_adds_unless_told_not_to(store: Store) -> None:
    import_paths(store, [GOLD / "topics.yaml", GOLD / "kg"], actor="ana", match=False)
    assert all(state[1] != "proposed" for state in link_states(store).values())
    import_paths(store, [GOLD / "topics.yaml", GOLD / "ua"], actor="ana")
    proposed = [pair for pair, state in link_states(store).items() if state[1] == "proposed"]
    assert proposed and all(source.startswith("ua-") for source, _ in proposed)
    before = link_states(store)
    import_paths(store, [GOLD / "topics.yaml", GOLD / "ua"], actor="ana")  # nothing added
    assert link_states(store) == before
