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
from tracker.services import matching, review
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
    # Nothing changed since: the run scores nothing (incremental matching, issue 19).
    assert again.scored_countries == () and again.already_proposed == 0
    full = matching.propose(store, actor="ana", full=True)
    assert full.proposed == 0
    assert full.already_proposed == first.proposed
    assert len(proposal_runs(store)) == 1
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
    queue = review.review_queue(store, reviewer="ana", country="AM")
    assert len(queue) >= 8
    bests = [max(c.score or 0.0 for c in item.candidates) for item in queue]
    assert bests == sorted(bests, reverse=True)  # best first
    script = [
        review.Choice(restates=("1",)),
        review.Choice(none=True),
        review.Choice(pairs=(("1", Decision.RELATED),)),
        "unsure",
    ]
    plan: dict[str, int] = {}
    for index, item in enumerate(queue):
        step = index % len(script)
        choice = script[step]
        if choice == "unsure":
            choice = review.Choice(
                pairs=tuple((str(c.rank), Decision.UNSURE) for c in item.open_candidates)
            )
        assert isinstance(choice, review.Choice)
        review.decide(store, item.key, choice, actor="ana")
        plan[item.key] = step
    for key, step in plan.items():
        item = review.load_item(store, key)
        assert item is not None
        first, rest = item.candidates[0], item.candidates[1:]
        if step == 0:
            assert (first.kind, first.state) == (LinkKind.RESTATES, LinkState.ACCEPTED)
            assert not item.is_open
        elif step == 1:
            assert all(c.state is LinkState.REJECTED for c in item.candidates)
        elif step == 2:
            assert (first.kind, first.state) == (LinkKind.RELATED, LinkState.ACCEPTED)
            assert all(c.is_open for c in rest)
        else:
            assert all(c.is_open for c in item.candidates)
    # Unsure ones stay in the queue for others, not for the one who was unsure.
    unsure = {key for key, step in plan.items() if step == 3}
    assert not unsure & {item.key for item in review.review_queue(store, reviewer="ana")}
    assert unsure <= {item.key for item in review.review_queue(store, reviewer="ben")}
    with store.read() as session:
        entries = session.scalars(
            select(HistoryEntry).where(HistoryEntry.actor == "ana").order_by(HistoryEntry.id)
        ).all()
    fields = {(e.action, e.field) for e in entries}
    assert {("decide", "state"), ("decide", "decided_by")} <= fields
    assert ("unsure", "state") in fields
    decisions = [e for e in entries if e.action != "propose"]
    assert decisions and all(e.entity == "link" and " -> " in e.key for e in decisions)
    batches = {e.batch for e in decisions}
    assert len(batches) == len(plan)  # one action per recommendation
    # Decided pairs are not proposed again by a re-run.
    matching.propose(store, country="AM", actor="ana")
    for key, step in plan.items():
        item = review.load_item(store, key)
        assert item is not None
        if step in (0, 1):
            assert not item.is_open


def test_undo_reverts_a_decision(store: Store) -> None:
    load(store, "am")
    strip_links(store)
    matching.propose(store, country="AM", actor="ana")
    first = review.review_queue(store, reviewer="ana", limit=1)[0]
    review.decide(store, first.key, review.Choice(restates=("1",)), actor="ana")
    decided = review.load_item(store, first.key)
    assert decided is not None and not decided.is_open
    undo_last(store, "ana")
    back = review.load_item(store, first.key)
    assert back is not None
    # every candidate as it was, in the same order (versions move on with every write)
    assert [(c.key, c.kind, c.state, c.score) for c in back.candidates] == [
        (c.key, c.kind, c.state, c.score) for c in first.candidates
    ]
    assert review.review_queue(store, reviewer="ana", limit=1)[0].key == first.key
    # Unsure, undone: the recommendation comes back into this reviewer's queue.
    review.decide(store, first.key, review.Choice(pairs=(("1", Decision.UNSURE),)), actor="ana")
    if len(first.candidates) == 1:
        assert first.key not in [i.key for i in review.review_queue(store, reviewer="ana")]
    undo_last(store, "ana")
    assert review.review_queue(store, reviewer="ana", limit=1)[0].key == first.key


def test_a_decision_on_a_decided_link_needs_override(store: Store) -> None:
    load(store, "am")
    strip_links(store)
    matching.propose(store, country="AM", actor="ana")
    first = review.review_queue(store, reviewer="ana", limit=1)[0]
    review.decide(store, first.key, review.Choice(none=True), actor="ana")
    with pytest.raises(ConflictError, match="rejected by ana"):
        review.decide(store, first.key, review.Choice(restates=("1",)), actor="ben")
    item = review.load_item(store, first.key)
    assert item is not None and item.candidates[0].state is LinkState.REJECTED
    with pytest.raises(InvalidInput, match="proposals only"):
        review.decide(store, first.key, review.Choice(pairs=(("1", Decision.UNSURE),)), actor="ben")
    with pytest.raises(NotFound):
        review.decide(store, "am-1999#1", review.Choice(none=True), actor="ben")
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
    # Per accepted link: its state, who decided and when, each from what a proposal holds.
    at = by_matcher[0].at.replace(tzinfo=None).isoformat(timespec="seconds")
    assert sorted({(e.field, e.old, e.new) for e in by_matcher}) == [
        ("decided_at", None, at),
        ("decided_by", None, MATCHER_ACTOR),
        ("state", "proposed", "accepted"),
    ]
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
