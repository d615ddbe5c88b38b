"""Reads for browsing and overviews: one recommendation in full, what a filter offers, and the
light per-country aggregates of the overview (a few GROUP BY queries for the whole store)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from tracker.enums import ElectionType, LinkKind, LinkState, ReportKind, Status
from tracker.errors import NotFound
from tracker.models import (
    Assessment,
    Election,
    Link,
    Recommendation,
    Report,
    Topic,
    recommendation_topics,
)
from tracker.vocabulary import election_label


@dataclass(frozen=True)
class ElectionRef:
    id: int
    country: str
    type: ElectionType
    date: dt.date

    @property
    def label(self) -> str:
        return election_label(self.date, self.type.value)


@dataclass(frozen=True)
class RecommendationRecord:
    id: int
    key: str
    report_id: str
    number: str
    text: str
    priority: bool
    addressees: tuple[str, ...]
    topics: tuple[tuple[str, str], ...]  # (id, label)
    version: int
    observer: str
    report_kind: ReportKind
    report_title: str | None
    election: ElectionRef


# The columns an `ElectionRef` is read from, and the reading: every query here that shows a
# row's election selects them.
ELECTION_REF_COLUMNS = (
    Election.id.label("election_id"),
    Election.country,
    Election.type,
    Election.date,
)


def election_ref(row: Any) -> ElectionRef:
    return ElectionRef(row.election_id, row.country, row.type, row.date)


def recommendation(session: Session, key: str) -> RecommendationRecord:
    row = session.execute(
        select(
            Recommendation,
            Report.observer,
            Report.kind,
            Report.title,
            *ELECTION_REF_COLUMNS,
        )
        .join(Report, Report.id == Recommendation.report_id)
        .join(Election, Election.id == Report.election_id)
        .where(Recommendation.key == key)
    ).first()
    if row is None:
        raise NotFound(f"no recommendation {key!r} in the store")
    rec: Recommendation = row[0]
    topics = session.execute(
        select(Topic.id, Topic.label)
        .join(recommendation_topics, recommendation_topics.c.topic_id == Topic.id)
        .where(recommendation_topics.c.recommendation_id == rec.id)
        .order_by(Topic.id)
    ).all()
    return RecommendationRecord(
        id=rec.id,
        key=rec.key,
        report_id=rec.report_id,
        number=rec.number,
        text=rec.text,
        priority=rec.priority,
        addressees=tuple(rec.addressees or ()),
        topics=tuple((topic.id, topic.label) for topic in topics),
        version=rec.version,
        observer=row.observer,
        report_kind=row.kind,
        report_title=row.title,
        election=election_ref(row),
    )


@dataclass(frozen=True)
class EvidenceRecord:
    """An assessment of one recommendation, by a later report."""

    report_id: str
    report_kind: ReportKind
    observer: str
    election: ElectionRef
    status: Status
    evidence: str | None
    assessor: str | None
    version: int


def evidence_of(session: Session, recommendation_id: int) -> list[EvidenceRecord]:
    rows = session.execute(
        select(
            Assessment,
            Report.kind,
            Report.observer,
            *ELECTION_REF_COLUMNS,
        )
        .join(Report, Report.id == Assessment.report_id)
        .join(Election, Election.id == Report.election_id)
        .where(Assessment.recommendation_id == recommendation_id)
        .order_by(Election.date, Assessment.report_id)
    ).all()
    return [
        EvidenceRecord(
            report_id=row[0].report_id,
            report_kind=row.kind,
            observer=row.observer,
            election=election_ref(row),
            status=row[0].status,
            evidence=row[0].evidence,
            assessor=row[0].assessor,
            version=row[0].version,
        )
        for row in rows
    ]


@dataclass(frozen=True)
class LinkRecord:
    """A link seen from one recommendation: `other` is at the other end; `later` says whether
    the other recommendation is the later one (the link's source)."""

    link_id: int
    kind: LinkKind
    state: LinkState
    score: float | None
    other_key: str
    other_text: str
    other_election: ElectionRef
    later: bool
    decided_by: str | None


def links_of(session: Session, recommendation_id: int) -> list[LinkRecord]:
    other = aliased(Recommendation)
    found: list[LinkRecord] = []
    for mine, theirs, later in (
        (Link.source_id, Link.target_id, False),
        (Link.target_id, Link.source_id, True),
    ):
        rows = session.execute(
            select(
                Link,
                other.key,
                other.text,
                *ELECTION_REF_COLUMNS,
            )
            .join(other, other.id == theirs)
            .join(Report, Report.id == other.report_id)
            .join(Election, Election.id == Report.election_id)
            .where(mine == recommendation_id)
        ).all()
        for row in rows:
            link: Link = row[0]
            found.append(
                LinkRecord(
                    link_id=link.id,
                    kind=link.kind,
                    state=link.state,
                    score=link.score,
                    other_key=row.key,
                    other_text=row.text,
                    other_election=election_ref(row),
                    later=later,
                    decided_by=link.decided_by,
                )
            )
    found.sort(key=lambda record: (record.other_election.date, record.other_key))
    return found


# -- what the filters offer ------------------------------------------------------------------


def elections(session: Session, country: str | None = None) -> list[ElectionRef]:
    statement = select(Election.id, Election.country, Election.type, Election.date).order_by(
        Election.country, Election.date, Election.id
    )
    if country:
        statement = statement.where(Election.country == country.upper())
    return [
        ElectionRef(row.id, row.country, row.type, row.date) for row in session.execute(statement)
    ]


def observers(session: Session) -> list[str]:
    return list(session.scalars(select(Report.observer).distinct().order_by(Report.observer)))


def topics(session: Session) -> list[tuple[str, str]]:
    return [
        (row.id, row.label)
        for row in session.execute(select(Topic.id, Topic.label).order_by(Topic.id))
    ]


@dataclass(frozen=True)
class ReportRef:
    id: str
    kind: ReportKind
    observer: str
    election: ElectionRef


def reports(session: Session, country: str | None = None) -> list[ReportRef]:
    statement = (
        select(
            Report.id,
            Report.kind,
            Report.observer,
            *ELECTION_REF_COLUMNS,
        )
        .join(Election, Election.id == Report.election_id)
        .order_by(Election.country, Election.date.desc(), Report.id)
    )
    if country:
        statement = statement.where(Election.country == country.upper())
    return [
        ReportRef(
            id=row.id,
            kind=row.kind,
            observer=row.observer,
            election=election_ref(row),
        )
        for row in session.execute(statement)
    ]


def election_dates(session: Session, ids: Collection[int]) -> dict[int, dt.date]:
    if not ids:
        return {}
    return {
        row.id: row.date
        for row in session.execute(
            select(Election.id, Election.date).where(Election.id.in_(list(ids)))
        )
    }


def recommendation_ids(session: Session, country: str | None = None) -> list[int]:
    statement = (
        select(Recommendation.id)
        .join(Report, Report.id == Recommendation.report_id)
        .join(Election, Election.id == Report.election_id)
    )
    if country:
        statement = statement.where(Election.country == country.upper())
    return list(session.scalars(statement))


# -- overview aggregates ---------------------------------------------------------------------


@dataclass
class CountryAggregates:
    """Raw per-country figures; the service turns them into counts. Without `links` the
    restatement pairs and proposal counts are None (they read every link)."""

    elections: dict[str, list[ElectionRef]]
    recommendations_by_election: dict[int, int]
    assessed_pairs: dict[tuple[int, int], int]  # (raised at, assessed at) -> distinct recs
    restatement_pairs: dict[str, list[tuple[int, int]]] | None
    proposals: dict[str, int] | None


def country_aggregates(session: Session, *, links: bool = True) -> CountryAggregates:
    by_country: dict[str, list[ElectionRef]] = defaultdict(list)
    for election in elections(session):
        by_country[election.country].append(election)
    report_election: dict[str, int] = {
        row.id: row.election_id for row in session.execute(select(Report.id, Report.election_id))
    }
    election_country = {e.id: e.country for group in by_country.values() for e in group}

    # One covering-index scan: recommendations per report, then per election.
    per_election: dict[int, int] = defaultdict(int)
    for report_id, count in session.execute(
        select(Recommendation.report_id, func.count()).group_by(Recommendation.report_id)
    ):
        per_election[report_election[report_id]] += int(count)

    # Assessments by the latest election's reports of the previous election's
    # recommendations: the only pair the overview counts.
    latest_pairs: dict[int, int] = {}
    for group in by_country.values():
        ordered = sorted(group, key=lambda election: (election.date, election.id))
        if len(ordered) >= 2:
            latest_pairs[ordered[-1].id] = ordered[-2].id
    assessing = [rid for rid, eid in report_election.items() if eid in latest_pairs]
    assessed: dict[tuple[int, int], int] = {}
    if assessing:
        raised_report = aliased(Report)
        assessing_report = aliased(Report)
        for row in session.execute(
            select(
                raised_report.election_id.label("raised"),
                assessing_report.election_id.label("at"),
                func.count(func.distinct(Assessment.recommendation_id)).label("n"),
            )
            .join(Recommendation, Recommendation.id == Assessment.recommendation_id)
            .join(raised_report, raised_report.id == Recommendation.report_id)
            .join(assessing_report, assessing_report.id == Assessment.report_id)
            .where(Assessment.report_id.in_(assessing))
            .group_by(raised_report.election_id, assessing_report.election_id)
        ):
            if latest_pairs.get(row.at) == row.raised:
                assessed[(row.raised, row.at)] = int(row.n)

    pairs: dict[str, list[tuple[int, int]]] | None = None
    proposals: dict[str, int] | None = None
    if links:
        source = aliased(Recommendation)
        pairs = defaultdict(list)
        for report_id, source_id, target_id in session.execute(
            select(source.report_id, Link.source_id, Link.target_id)
            .join(source, source.id == Link.source_id)
            .where(Link.kind == LinkKind.RESTATES, Link.state == LinkState.ACCEPTED)
        ):
            pairs[election_country[report_election[report_id]]].append((source_id, target_id))
        proposals = defaultdict(int)
        for report_id, count in session.execute(
            select(source.report_id, func.count(Link.id))
            .join(source, source.id == Link.source_id)
            .where(Link.state == LinkState.PROPOSED)
            .group_by(source.report_id)
        ):
            proposals[election_country[report_election[report_id]]] += int(count)
        pairs, proposals = dict(pairs), dict(proposals)
    return CountryAggregates(
        elections=dict(by_country),
        recommendations_by_election=dict(per_election),
        assessed_pairs=assessed,
        restatement_pairs=pairs,
        proposals=proposals,
    )


def reports_by_election(session: Session, country: str) -> dict[int, list[ReportRef]]:
    grouped: dict[int, list[ReportRef]] = defaultdict(list)
    for report in reports(session, country):
        grouped[report.election.id].append(report)
    return dict(grouped)


def proposal_count(session: Session, country: str | None = None) -> int:
    source = aliased(Recommendation)
    statement: Any = select(func.count(Link.id)).where(Link.state == LinkState.PROPOSED)
    if country:
        statement = (
            statement.join(source, source.id == Link.source_id)
            .join(Report, Report.id == source.report_id)
            .join(Election, Election.id == Report.election_id)
            .where(Election.country == country.upper())
        )
    return int(session.scalar(statement) or 0)


def own_assessments(session: Session, report_id: str) -> list[Assessment]:
    """Every assessment that one report gave."""
    return list(session.scalars(select(Assessment).where(Assessment.report_id == report_id)))
