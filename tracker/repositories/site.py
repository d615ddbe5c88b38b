"""What the static site needs beyond the follow-up rows and the briefing's reports: each
report's title and address, for the country pages' table of elections and reports."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.models import Election, Report
from tracker.site.model import ReportInfo


def report_details(session: Session, country: str | None = None) -> dict[str, ReportInfo]:
    """Every report (of one country where given) by id."""
    statement = select(Report.id, Report.title, Report.url)
    if country is not None:
        statement = statement.join(Election, Election.id == Report.election_id).where(
            Election.country == country
        )
    return {
        row.id: ReportInfo(title=row.title, url=row.url)
        for row in session.execute(statement.order_by(Report.id))
    }
