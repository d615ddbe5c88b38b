"""Light reads for the triage queue: proposed links best first, ids and scores only.

The matching repository's queue query joins both recommendations, their reports and
elections for every proposal before it sorts; on a store with hundreds of thousands of
proposals that join is most of the cost. Here the order is taken from the links alone (and
for one country, from the links of its recommendations), and the caller reads the full rows
of the few it shows (`tracker.repositories.proposals.links_of_sources`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.enums import LinkState
from tracker.models import Election, Link, Recommendation, Report
from tracker.repositories import decisions


@dataclass(frozen=True, slots=True)
class Ranked:
    link_id: int
    source_id: int
    score: float


def best_proposals(
    session: Session, *, country: str | None = None, offset: int = 0, limit: int = 1000
) -> list[Ranked]:
    """Proposed links, highest score first, then oldest (as `proposals_best_first`)."""
    statement = select(Link.id, Link.source_id, Link.score).where(Link.state == LinkState.PROPOSED)
    if country is not None:
        of_country = (
            select(Recommendation.id)
            .join(Report, Report.id == Recommendation.report_id)
            .join(Election, Election.id == Report.election_id)
            .where(Election.country == country)
        )
        statement = statement.where(Link.source_id.in_(of_country))
    statement = statement.order_by(Link.score.desc(), Link.id).offset(offset).limit(limit)
    return [
        Ranked(link_id=row.id, source_id=row.source_id, score=float(row.score or 0.0))
        for row in session.execute(statement)
    ]


def link_ids_of_keys(session: Session, keys: set[str]) -> set[int]:
    """The ids of the links named `<source key> -> <target key>` (a reviewer's few marks)."""
    found: set[int] = set()
    for key in keys:
        source_key, _, target_key = key.partition(" -> ")
        link = decisions.link_by_keys(session, source_key, target_key)
        if link is not None:
            found.add(link.id)
    return found
