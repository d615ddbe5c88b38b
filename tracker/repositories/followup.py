"""Loading what follow-up needs, a country (or the whole store) at a time, in five queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from tracker.enums import LinkKind, LinkState
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


def countries(session: Session) -> list[str]:
    return list(session.scalars(select(Election.country).distinct().order_by(Election.country)))


def load_rows(session: Session, country: str | None = None) -> dict[str, CountryRows]:
    """Every country's rows (or one country's), keyed by country code."""

    def where_country(statement: Any) -> Any:
        return statement if country is None else statement.where(Election.country == country)

    elections: dict[str, list[ElectionRow]] = defaultdict(list)
    election_country: dict[int, str] = {}
    for row in session.execute(
        where_country(select(Election.id, Election.country, Election.type, Election.date))
    ):
        elections[row.country].append(
            ElectionRow(id=row.id, country=row.country, type=row.type.value, date=row.date)
        )
        election_country[row.id] = row.country

    topics: dict[int, list[str]] = defaultdict(list)
    topic_query = (
        select(recommendation_topics.c.recommendation_id, recommendation_topics.c.topic_id)
        .join(Recommendation, Recommendation.id == recommendation_topics.c.recommendation_id)
        .join(Report, Report.id == Recommendation.report_id)
        .join(Election, Election.id == Report.election_id)
        .order_by(recommendation_topics.c.topic_id)
    )
    for row in session.execute(where_country(topic_query)):
        topics[row.recommendation_id].append(row.topic_id)

    recommendations: dict[str, list[RecommendationRow]] = defaultdict(list)
    recommendation_query = (
        select(
            Recommendation.id,
            Recommendation.key,
            Report.election_id,
            Recommendation.report_id,
            Report.observer,
            Recommendation.number,
            Recommendation.text,
            Recommendation.priority,
        )
        .join(Report, Report.id == Recommendation.report_id)
        .join(Election, Election.id == Report.election_id)
    )
    for row in session.execute(where_country(recommendation_query)):
        recommendations[election_country[row.election_id]].append(
            RecommendationRow(
                id=row.id,
                key=row.key,
                election_id=row.election_id,
                report_id=row.report_id,
                observer=row.observer,
                number=row.number,
                text=row.text,
                priority=row.priority,
                topics=tuple(topics.get(row.id, ())),
            )
        )

    assessments: dict[str, list[AssessmentRow]] = defaultdict(list)
    for assessment in assessment_rows(session, country):
        assessments[election_country[assessment.election_id]].append(assessment)

    restatements: dict[str, list[RestatementRow]] = defaultdict(list)
    source = aliased(Recommendation)
    link_query = (
        select(Link.source_id, Link.target_id, Report.election_id)
        .join(source, source.id == Link.source_id)
        .join(Report, Report.id == source.report_id)
        .join(Election, Election.id == Report.election_id)
        .where(Link.kind == LinkKind.RESTATES, Link.state == LinkState.ACCEPTED)
    )
    for row in session.execute(where_country(link_query)):
        restatements[election_country[row.election_id]].append(
            RestatementRow(source_id=row.source_id, target_id=row.target_id)
        )

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
    statement = (
        select(
            Assessment.recommendation_id,
            Report.election_id,
            Assessment.report_id,
            Report.kind,
            Assessment.status,
            Assessment.evidence,
            Assessment.assessor,
        )
        .join(Report, Report.id == Assessment.report_id)
        .join(Election, Election.id == Report.election_id)
    )
    if country:
        statement = statement.where(Election.country == country.upper())
    if ids is not None:
        if not ids:
            return []
        statement = statement.where(Assessment.recommendation_id.in_(list(ids)))
    return [
        AssessmentRow(
            recommendation_id=row.recommendation_id,
            election_id=row.election_id,
            report_id=row.report_id,
            report_kind=row.kind,
            status=row.status,
            evidence=row.evidence,
            assessor=row.assessor,
        )
        for row in session.execute(statement)
    ]
