"""Threads, timelines, flags and summaries on a hand-built history (tests/db/builders.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.enums import Status
from tracker.errors import ConflictError, InvalidInput, NotFound
from tracker.followup.threads import Flag, TimelineState
from tracker.services import followup, history
from tracker.store import Store

from .builders import build_kazakhstan

R12 = "kz-2012-parliamentary-odihr-final"
R15 = "kz-2015-presidential-odihr-final"
R16 = "kz-2016-parliamentary-odihr-final"
R19 = "kz-2019-presidential-odihr-final"


@pytest.fixture
def kz(store: Store) -> Store:
    build_kazakhstan(store)
    return store


def test_thread_members_and_timeline(kz: Store) -> None:
    thread = followup.thread_of(kz, f"{R16}#1")
    assert [m.key for m in thread.members] == [f"{R12}#1", f"{R15}#1", f"{R16}#1", f"{R19}#1"]
    assert thread.first_raised.date == dt.date(2012, 1, 15)
    assert thread.times_raised == 4
    assert thread.years_outstanding == 7.4  # 2012-01-15 to 2019-06-09
    timeline = [
        (row.election.date.isoformat(), row.label, row.assessed_key) for row in thread.timeline
    ]
    assert timeline == [
        ("2015-04-26", "partially-implemented", f"{R12}#1"),
        # the interim report said mostly; the final report, of higher kind, counts
        ("2016-03-20", "not-implemented", f"{R15}#1"),
        ("2019-06-09", "not-implemented", f"{R16}#1"),
    ]
    assert thread.timeline[1].restated_by == (f"{R16}#1",)


def test_flags_follow_the_design_table(kz: Store) -> None:
    threads = followup.threads(kz, "KZ")["KZ"]
    by_id = {thread.id: thread for thread in threads}
    assert set(by_id) == {f"{R12}#1", f"{R12}#2", f"{R12}#3", f"{R16}#3"}
    assert by_id[f"{R12}#1"].flags == {
        Flag.LONG_STANDING,
        Flag.REGRESSED,
        Flag.PRIORITY_OUTSTANDING,
    }
    assert by_id[f"{R12}#2"].flags == {Flag.LONG_STANDING, Flag.STALLED}
    assert by_id[f"{R12}#3"].flags == {Flag.UNADDRESSED}
    gap = by_id[f"{R12}#3"].gaps[0]
    assert (gap.key, gap.missed_at.date) == (f"{R12}#3", dt.date(2015, 4, 26))
    assert by_id[f"{R16}#3"].flags == set()
    assert by_id[f"{R16}#3"].years_outstanding is None  # fully implemented
    flagged = followup.flagged(kz, "kz")["KZ"]
    assert [t.id for t in flagged] == [f"{R12}#1", f"{R12}#2", f"{R12}#3"]


def test_as_of_drops_later_elections(kz: Store) -> None:
    threads = followup.threads(kz, "KZ", as_of=dt.date(2016, 12, 31))["KZ"]
    party = next(t for t in threads if t.id == f"{R12}#1")
    assert party.times_raised == 3
    assert [row.election.date.year for row in party.timeline] == [2015, 2016]
    assert party.years_outstanding == 4.2  # 2012-01-15 to 2016-03-20
    # defamation raised at 2012 and 2016 only: not yet long-standing, not stalled
    defamation = next(t for t in threads if t.id == f"{R12}#2")
    assert defamation.flags == set()
    observers = next(t for t in threads if t.id == f"{R16}#3")
    assert observers.timeline == []


def test_status_summaries_per_cycle(kz: Store) -> None:
    cycles = followup.status_summaries(kz, "KZ")["KZ"]
    assert [c.election.date.year for c in cycles] == [2015, 2016, 2019]
    first, second, third = (c.overall for c in cycles)
    assert dict(first.counts) == {
        "partially-implemented": 1,
        "not-implemented": 1,
        "not-assessed": 1,
    }
    assert first.implementation_rate == 0.0
    assert first.share("not-assessed") == pytest.approx(1 / 3)
    assert dict(second.counts) == {"not-implemented": 1}
    assert dict(third.counts) == {"not-implemented": 2, "fully-implemented": 1}
    assert third.implementation_rate == pytest.approx(1 / 3)
    by_topic = cycles[2].by_topic
    assert set(by_topic) == {"political-parties", "media", "election-observation"}
    assert by_topic["election-observation"].implementation_rate == 1.0


def test_reports_of_the_same_kind_that_disagree(kz: Store) -> None:
    from sqlalchemy import select

    from tracker.enums import ReportKind
    from tracker.models import Election, Report

    with kz.transaction() as session:
        election_id = session.scalars(
            select(Election.id).where(Election.date == dt.date(2019, 6, 9))
        ).one()
        session.add(
            Report(
                id="kz-2019-presidential-osce-pa-final",
                election_id=election_id,
                observer="OSCE PA",
                kind=ReportKind.FINAL_REPORT,
            )
        )
    followup.assess(
        kz,
        f"{R16}#3",
        at_report="kz-2019-presidential-osce-pa-final",
        status=Status.PARTIALLY,
        actor="alice",
    )
    thread = followup.thread_of(kz, f"{R16}#3")
    verdict = thread.timeline[0].verdict
    assert verdict is not None
    assert verdict.status is Status.PARTIALLY  # the worse one counts
    assert verdict.disagreement == (Status.FULLY, Status.PARTIALLY)
    assert thread.timeline[0].label == "partially-implemented (disputed)"


def test_assess_records_history_and_undo_restores(kz: Store) -> None:
    result = followup.assess(
        kz,
        f"{R16}#3",
        at_report=R19,
        status=Status.MOSTLY,
        actor="alice",
        evidence="Accreditation is slow.",
    )
    assert (result.old_status, result.new_status) == (Status.FULLY, Status.MOSTLY)
    entries = history.list_history(kz, key=f"{R16}#3")
    assert {(e.action, e.field, e.old, e.new) for e in entries} == {
        ("assess", "status", "fully-implemented", "mostly-implemented"),
        (
            "assess",
            "evidence",
            "Observers were accredited at all levels.",
            "Accreditation is slow.",
        ),
        ("assess", "assessor", "ODIHR", "alice"),
    }
    assert len({e.batch for e in entries}) == 1
    undone = history.undo_last(kz, "alice")
    assert undone.entries == 3
    thread = followup.thread_of(kz, f"{R16}#3")
    assert thread.latest_status is Status.FULLY
    with pytest.raises(NotFound, match="nothing to undo"):
        history.undo_last(kz, "alice")


def test_new_assessment_is_undone_by_deleting_it(kz: Store) -> None:
    followup.assess(kz, f"{R12}#3", at_report=R16, status=Status.NOT, actor="alice")
    assert followup.thread_of(kz, f"{R12}#3").timeline[1].status is Status.NOT
    history.undo_last(kz, "alice")
    assert followup.thread_of(kz, f"{R12}#3").timeline[1].status is None


def test_undo_is_refused_after_someone_else_changed_the_row(kz: Store) -> None:
    followup.assess(kz, f"{R16}#3", at_report=R19, status=Status.MOSTLY, actor="alice")
    followup.assess(kz, f"{R16}#3", at_report=R19, status=Status.PARTIALLY, actor="bob")
    with pytest.raises(ConflictError, match="bob changed assessment"):
        history.undo_last(kz, "alice")
    assert followup.thread_of(kz, f"{R16}#3").latest_status is Status.PARTIALLY
    history.undo_last(kz, "bob")
    assert followup.thread_of(kz, f"{R16}#3").latest_status is Status.MOSTLY
    history.undo_last(kz, "alice")  # bob's change is gone, so alice's undo may proceed
    assert followup.thread_of(kz, f"{R16}#3").latest_status is Status.FULLY


def test_two_reviewers_assessing_at_once_one_wins(kz: Store) -> None:
    seen = followup.thread_of(kz, f"{R16}#3")
    del seen
    followup.assess(
        kz, f"{R16}#3", at_report=R19, status=Status.MOSTLY, actor="alice", expected_version=1
    )
    with pytest.raises(ConflictError, match="meanwhile"):
        followup.assess(
            kz, f"{R16}#3", at_report=R19, status=Status.NOT, actor="bob", expected_version=1
        )
    entries = history.list_history(kz, key=f"{R16}#3")
    assert {e.actor for e in entries} == {"alice"}
    assert followup.thread_of(kz, f"{R16}#3").latest_status is Status.MOSTLY


def test_assessment_must_come_from_a_later_election_of_the_same_country(kz: Store) -> None:
    with pytest.raises(InvalidInput, match="later election"):
        followup.assess(kz, f"{R16}#1", at_report=R15, status=Status.NOT, actor="alice")
    with pytest.raises(NotFound, match="no report"):
        followup.assess(kz, f"{R16}#1", at_report="nope", status=Status.NOT, actor="alice")
    with pytest.raises(NotFound, match="no recommendation"):
        followup.assess(kz, "nope#1", at_report=R19, status=Status.NOT, actor="alice")


def test_split_and_undo(kz: Store) -> None:
    edit = followup.split(kz, f"{R15}#1", actor="carol")
    assert len(edit.changed_links) == 2
    ids = {t.id for t in followup.threads(kz, "KZ")["KZ"]}
    assert {f"{R12}#1", f"{R15}#1", f"{R16}#1"} <= ids
    assert [m.key for m in followup.thread_of(kz, f"{R19}#1").members] == [f"{R16}#1", f"{R19}#1"]
    history.undo_last(kz, "carol")
    assert followup.thread_of(kz, f"{R19}#1").times_raised == 4


def test_merge_joins_threads_and_undo_removes_the_link(kz: Store) -> None:
    followup.merge(kz, f"{R12}#3", f"{R16}#3", actor="dan")
    merged = followup.thread_of(kz, f"{R12}#3")
    assert [m.key for m in merged.members] == [f"{R12}#3", f"{R16}#3"]
    assert merged.timeline[1].state is TimelineState.RESTATED_NOT_ASSESSED
    with pytest.raises(InvalidInput, match="already in one thread"):
        followup.merge(kz, f"{R12}#3", f"{R16}#3", actor="dan")
    history.undo_last(kz, "dan")
    assert followup.thread_of(kz, f"{R12}#3").times_raised == 1
    with pytest.raises(InvalidInput, match="same election"):
        followup.merge(kz, f"{R16}#1", f"{R16}#3", actor="dan")
