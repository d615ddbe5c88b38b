"""Loading what follow-up needs, a country (or the whole store) at a time, in five queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from typing import Any

from sqlalchemy import String, select, type_coerce
from sqlalchemy.orm import Session, aliased

from tracker.bulk import paused_garbage_collection
from tracker.enums import LinkKind, LinkState, ReportKind, Status
from tracker.followup.rows import (
    AssessmentRow,
    CountryRows,
    ElectionRow,
    RecommendationRow,
    RestatementRow,
)
from tracker.models import (
    Assessment,
    Election,
    Link,
    Recommendation,
    Report,
    recommendation_topics,
)

_KINDS = {kind.value: kind for kind in ReportKind}
_STATUSES = {status.value: status for status in Status}


def countries(session: Session) -> list[str]:
    return list(session.scalars(select(Election.country).distinct().order_by(Election.country)))


@paused_garbage_collection()
def load_rows(session: Session, country: str | None = None) -> dict[str, CountryRows]:
    """Every country's rows (or one country's), keyed by country code."""

    def in_country(statement: Any, election_id: Any) -> Any:
        # Joins only where a country narrows the rows: the whole store needs none of them.
        if country is None:
            return statement
        return statement.join(Election, Election.id == election_id).where(
            Election.country == country
        )

    elections: dict[str, list[ElectionRow]] = defaultdict(list)
    election_country: dict[int, str] = {}
    election_query = select(Election.id, Election.country, Election.type, Election.date)
    if country is not None:
        election_query = election_query.where(Election.country == country)
    for election_id, code, election_type, date in session.execute(election_query):
        elections[code].append(ElectionRow(election_id, code, election_type.value, date))
        election_country[election_id] = code

    topics: dict[int, list[str]] = defaultdict(list)
    topic_query = select(
        recommendation_topics.c.recommendation_id, recommendation_topics.c.topic_id
    )
    if country is not None:
        topic_query = in_country(
            topic_query.join(
                Recommendation, Recommendation.id == recommendation_topics.c.recommendation_id
            ).join(Report, Report.id == Recommendation.report_id),
            Report.election_id,
        )
    for recommendation_id, topic_id in session.execute(topic_query):
        topics[recommendation_id].append(topic_id)

    recommendations: dict[str, list[RecommendationRow]] = defaultdict(list)
    recommendation_country: dict[int, str] = {}
    recommendation_query = select(  # RecommendationRow's fields in its order
        Recommendation.id,
        Recommendation.key,
        Report.election_id,
        Recommendation.report_id,
        Report.observer,
        Recommendation.number,
        Recommendation.text,
        Recommendation.priority,
    ).join(Report, Report.id == Recommendation.report_id)
    no_topics: list[str] = []
    # Positional rows: on a whole store this loop runs 100,000 times.
    for rec_id, key, election_id, report_id, observer, number, text, priority in session.execute(
        in_country(recommendation_query, Report.election_id)
    ):
        code = election_country[election_id]
        recommendations[code].append(
            RecommendationRow(
                rec_id,
                key,
                election_id,
                report_id,
                observer,
                number,
                text,
                priority,
                tuple(sorted(topics.get(rec_id, no_topics))),
            )
        )
        recommendation_country[rec_id] = code

    assessments: dict[str, list[AssessmentRow]] = defaultdict(list)
    for assessment in assessment_rows(session, country):
        assessments[election_country[assessment.election_id]].append(assessment)

    restatements: dict[str, list[RestatementRow]] = defaultdict(list)
    link_query = select(Link.source_id, Link.target_id).where(
        Link.kind == LinkKind.RESTATES, Link.state == LinkState.ACCEPTED
    )
    if country is not None:
        source = aliased(Recommendation)
        link_query = in_country(
            link_query.join(source, source.id == Link.source_id).join(
                Report, Report.id == source.report_id
            ),
            Report.election_id,
        )
    for source_id, target_id in session.execute(link_query):
        restatements[recommendation_country[source_id]].append(RestatementRow(source_id, target_id))

    return {
        code: CountryRows(
            country=code,
            elections=elections[code],
            recommendations=recommendations.get(code, []),
            assessments=assessments.get(code, []),
            restatements=restatements.get(code, []),
        )
        for code in sorted(elections)
    }


def assessment_rows(
    session: Session, country: str | None = None, ids: Collection[int] | None = None
) -> list[AssessmentRow]:
    """Assessment rows as follow-up uses them, of a country (or all), or of some
    recommendations."""
    statement = select(
        Assessment.recommendation_id,
        Report.election_id,
        Assessment.report_id,
        # As text, mapped below by table: SQLAlchemy's enum processing took half the time.
        type_coerce(Report.kind, String),
        type_coerce(Assessment.status, String),
        Assessment.evidence,
        Assessment.assessor,
    ).join(Report, Report.id == Assessment.report_id)
    if country:
        statement = statement.join(Election, Election.id == Report.election_id).where(
            Election.country == country.upper()
        )
    if ids is not None:
        if not ids:
            return []
        statement = statement.where(Assessment.recommendation_id.in_(list(ids)))
    return [
        AssessmentRow(
            recommendation_id, election_id, report_id, _KINDS[kind], _STATUSES[status], *rest
        )
        for recommendation_id, election_id, report_id, kind, status, *rest in session.execute(
            statement
        )
    ]


def thread_member_ids(session: Session, ids: Collection[int]) -> set[int]:
    """`ids` and every recommendation joined to them by accepted restatements (their threads),
    walked a ring at a time: threads are short, so a few small reads."""
    found = set(ids)
    frontier = set(ids)
    restates = (Link.kind == LinkKind.RESTATES) & (Link.state == LinkState.ACCEPTED)
    while frontier:
        batch = sorted(frontier)
        frontier = set()
        for start in range(0, len(batch), 5000):
            chunk = batch[start : start + 5000]
            rows = session.execute(
                select(Link.source_id, Link.target_id).where(
                    restates, Link.source_id.in_(chunk) | Link.target_id.in_(chunk)
                )
            )
            for source_id, target_id in rows:
                for end in (source_id, target_id):
                    if end not in found:
                        found.add(end)
                        frontier.add(end)
    return found


def rows_of_threads(session: Session, ids: Collection[int]) -> dict[str, CountryRows]:
    """The follow-up rows of the threads that hold `ids`: their members, assessments and
    restatements, with every election of their countries (a thread's status points and
    later elections need them), keyed by country."""
    members = thread_member_ids(session, ids)
    if not members:
        return {}
    ordered = sorted(members)
    topics: dict[int, list[str]] = defaultdict(list)
    recommendations: dict[str, list[RecommendationRow]] = defaultdict(list)
    election_country: dict[int, str] = {}
    for start in range(0, len(ordered), 5000):
        chunk = ordered[start : start + 5000]
        for recommendation_id, topic_id in session.execute(
            select(
                recommendation_topics.c.recommendation_id, recommendation_topics.c.topic_id
            ).where(recommendation_topics.c.recommendation_id.in_(chunk))
        ):
            topics[recommendation_id].append(topic_id)
        for (
            rec_id,
            key,
            election_id,
            code,
            report_id,
            observer,
            number,
            text,
            priority,
        ) in session.execute(
            select(
                Recommendation.id,
                Recommendation.key,
                Report.election_id,
                Election.country,
                Recommendation.report_id,
                Report.observer,
                Recommendation.number,
                Recommendation.text,
                Recommendation.priority,
            )
            .join(Report, Report.id == Recommendation.report_id)
            .join(Election, Election.id == Report.election_id)
            .where(Recommendation.id.in_(chunk))
        ):
            election_country[election_id] = code
            recommendations[code].append(
                RecommendationRow(
                    rec_id,
                    key,
                    election_id,
                    report_id,
                    observer,
                    number,
                    text,
                    priority,
                    tuple(sorted(topics.get(rec_id, ()))),
                )
            )
    elections: dict[str, list[ElectionRow]] = defaultdict(list)
    for election_id, code, election_type, date in session.execute(
        select(Election.id, Election.country, Election.type, Election.date).where(
            Election.country.in_(sorted(recommendations))
        )
    ):
        elections[code].append(ElectionRow(election_id, code, election_type.value, date))
    assessments: dict[str, list[AssessmentRow]] = defaultdict(list)
    restatements: dict[str, list[RestatementRow]] = defaultdict(list)
    country_of = {row.id: code for code, rows in recommendations.items() for row in rows}
    for start in range(0, len(ordered), 5000):
        chunk = ordered[start : start + 5000]
        for assessment in assessment_rows(session, ids=chunk):
            assessments[country_of[assessment.recommendation_id]].append(assessment)
        for source_id, target_id in session.execute(
            select(Link.source_id, Link.target_id).where(
                Link.kind == LinkKind.RESTATES,
                Link.state == LinkState.ACCEPTED,
                Link.source_id.in_(chunk),
            )
        ):
            restatements[country_of[source_id]].append(RestatementRow(source_id, target_id))
    return {
        code: CountryRows(
            country=code,
            elections=elections[code],
            recommendations=rows,
            assessments=assessments.get(code, []),
            restatements=restatements.get(code, []),
        )
        for code, rows in sorted(recommendations.items())
    }
