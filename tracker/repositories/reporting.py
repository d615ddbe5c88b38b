"""What briefings need beyond the follow-up rows: reports, topic labels, the data date."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.models import Election, HistoryEntry, Report, Topic
from tracker.reporting.model import ReportRow


def reports(session: Session, country: str) -> list[ReportRow]:
    statement = (
        select(Report.id, Report.election_id, Report.observer, Report.kind, Report.published)
        .join(Election, Election.id == Report.election_id)
        .where(Election.country == country)
        .order_by(Election.date, Report.id)
    )
    return [
        ReportRow(
            id=row.id,
            election_id=row.election_id,
            observer=row.observer,
            kind=row.kind.value,
            published=row.published,
        )
        for row in session.execute(statement)
    ]


def topic_labels(session: Session) -> dict[str, str]:
    return {row.id: row.label for row in session.execute(select(Topic.id, Topic.label))}


def latest_history_at(session: Session) -> dt.datetime | None:
    return session.scalar(select(func.max(HistoryEntry.at)))


def latest_published(session: Session) -> dt.date | None:
    return session.scalar(select(func.max(Report.published)))
