"""Counts of what the store holds, for `rectrack info` and overviews."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.enums import LinkKind, LinkState
from tracker.models import Assessment, Election, HistoryEntry, Link, Recommendation, Report, Topic


def table_counts(session: Session) -> dict[str, int]:
    def count(statement: object) -> int:
        return int(session.scalar(statement) or 0)  # type: ignore[call-overload]

    accepted_restates = (
        select(func.count())
        .select_from(Link)
        .where(Link.kind == LinkKind.RESTATES, Link.state == LinkState.ACCEPTED)
    )
    proposed = select(func.count()).select_from(Link).where(Link.state == LinkState.PROPOSED)
    return {
        "countries": count(select(func.count(func.distinct(Election.country)))),
        "elections": count(select(func.count()).select_from(Election)),
        "reports": count(select(func.count()).select_from(Report)),
        "recommendations": count(select(func.count()).select_from(Recommendation)),
        "topics": count(select(func.count()).select_from(Topic)),
        "restatement_links": count(accepted_restates),
        "proposals": count(proposed),
        "assessments": count(select(func.count()).select_from(Assessment)),
        "history_entries": count(select(func.count()).select_from(HistoryEntry)),
    }
