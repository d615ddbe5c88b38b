"""The assess queue: what a report still has to assess.

For an assessing report, the queue holds the earlier recommendations of its country, those of
the previous election (`scope="previous"`, the cycle that status summaries count) or of every
earlier election (`scope="all"`), each with its *last status*: its thread's latest status as of
the election before the report's (`Thread.latest_verdict`, computed with `as_of`), and this
report's own assessment where it already gave one. Writing goes through
`tracker.services.followup.assess`.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Literal

from tracker.enums import ReportKind, Status
from tracker.errors import InvalidInput, NotFound
from tracker.followup.rows import ElectionRow, StatusVerdict
from tracker.followup.threads import build_threads
from tracker.keys import natural_key
from tracker.repositories import browsing, decisions
from tracker.repositories import followup as followup_repo
from tracker.repositories.browsing import ElectionRef, ReportRef
from tracker.store import Store

Scope = Literal["previous", "all"]


@dataclass(frozen=True)
class OwnAssessment:
    status: Status
    evidence: str | None
    assessor: str | None
    version: int


@dataclass(frozen=True)
class QueueItem:
    key: str
    text: str
    priority: bool
    topics: tuple[str, ...]
    raised_at: ElectionRow
    last_status: StatusVerdict | None  # the thread's, before the assessing election
    last_status_at: ElectionRow | None
    thread_size: int
    own: OwnAssessment | None  # what the assessing report said, if it did

    @property
    def pending(self) -> bool:
        return self.own is None


@dataclass(frozen=True)
class AssessQueue:
    report: ReportRef
    scope: Scope
    items: list[QueueItem]

    @property
    def done(self) -> int:
        return sum(not item.pending for item in self.items)

    @property
    def pending(self) -> int:
        return sum(item.pending for item in self.items)


@dataclass(frozen=True)
class AssessingReport:
    """A report that can assess: its country held an election before its own."""

    report: ReportRef
    previous: ElectionRef


def assessing_reports(store: Store, country: str | None = None) -> list[AssessingReport]:
    """Reports whose country held an earlier election, newest election first, the report of
    highest kind first within an election."""
    with store.read() as session:
        refs = browsing.reports(session, country)
        elections = browsing.elections(session, country)
    earlier: dict[int, ElectionRef] = {}
    by_country: dict[str, list[ElectionRef]] = {}
    for election in elections:
        by_country.setdefault(election.country, []).append(election)
    for group in by_country.values():
        group.sort(key=lambda election: (election.date, election.id))
        for before, after in itertools.pairwise(group):
            if before.date < after.date:
                earlier[after.id] = before
    found = [
        AssessingReport(report=ref, previous=earlier[ref.election.id])
        for ref in refs
        if ref.election.id in earlier
    ]
    found.sort(
        key=lambda item: (
            item.report.election.country,
            -item.report.election.date.toordinal(),
            ReportKind(item.report.kind).rank,
            item.report.id,
        )
    )
    return found


def assess_queue(store: Store, report_id: str, *, scope: Scope = "previous") -> AssessQueue:
    if scope not in ("previous", "all"):
        raise InvalidInput(f"unknown scope {scope!r}: previous or all")
    with store.read() as session:
        _, election = decisions.report_with_election(session, report_id)
        country = election.country
        rows = followup_repo.load_rows(session, country)[country]
        own_rows = {
            record.recommendation_id: record
            for record in browsing.own_assessments(session, report_id)
        }
        ref = next(r for r in browsing.reports(session, country) if r.id == report_id)
    earlier = [e for e in rows.elections if e.date < election.date]
    if not earlier:
        raise NotFound(
            f"{report_id} is a report on the first election of {country} in the store: "
            "there is nothing earlier to assess"
        )
    previous = earlier[-1]
    in_scope = {previous.id} if scope == "previous" else {e.id for e in earlier}
    by_election = {e.id: e for e in rows.elections}
    as_of: dt.date = previous.date
    thread_of: dict[int, tuple[StatusVerdict | None, ElectionRow | None, int]] = {}
    for thread in build_threads(rows, as_of):
        point = thread.latest_point
        for member in thread.members:
            thread_of[member.id] = (
                point.verdict if point else None,
                point.election if point else None,
                len(thread.members),
            )
    items = []
    for rec in rows.recommendations:
        if rec.election_id not in in_scope:
            continue
        latest, latest_at, size = thread_of.get(rec.id, (None, None, 1))
        own = own_rows.get(rec.id)
        items.append(
            QueueItem(
                key=rec.key,
                text=rec.text,
                priority=rec.priority,
                topics=rec.topics,
                raised_at=by_election[rec.election_id],
                last_status=latest,
                last_status_at=latest_at,
                thread_size=size,
                own=(
                    None
                    if own is None
                    else OwnAssessment(own.status, own.evidence, own.assessor, own.version)
                ),
            )
        )
    items.sort(key=lambda item: (-item.raised_at.date.toordinal(), natural_key(item.key)))
    return AssessQueue(report=ref, scope=scope, items=items)
