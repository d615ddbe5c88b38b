"""SQL for the review queue: which recommendations wait for a decision, in what order, and the
links a per-recommendation decision (and the bulk accept of strong proposals) reads and writes.

The order is read once per session as bare ids and scores (grouped in the database, no joins
unless a country or report narrows it); the rows of the few recommendations on screen are read
by `tracker.repositories.proposals.links_of_sources`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from tracker.enums import LinkState
from tracker.models import Election, Link, Recommendation, Report

_CHUNK = 1000  # ids per IN list


@dataclass(frozen=True, slots=True)
class Queued:
    source_id: int
    best: float


def queue_order(
    session: Session,
    *,
    country: str | None = None,
    report_id: str | None = None,
    include_decided: bool = False,
) -> list[Queued]:
    """Recommendations with undecided proposals (with `include_decided`, every one the matcher
    proposed candidates for), best candidate's score first, then the oldest proposal."""
    best = func.max(Link.score)
    statement = select(Link.source_id, best.label("best"), func.min(Link.id).label("first"))
    if include_decided:
        statement = statement.where(Link.score.is_not(None))
    else:
        statement = statement.where(Link.state == LinkState.PROPOSED)
    if country is not None or report_id is not None:
        of_scope = select(Recommendation.id)
        if report_id is not None:
            of_scope = of_scope.where(Recommendation.report_id == report_id)
        if country is not None:
            of_scope = (
                of_scope.join(Report, Report.id == Recommendation.report_id)
                .join(Election, Election.id == Report.election_id)
                .where(Election.country == country)
            )
        statement = statement.where(Link.source_id.in_(of_scope))
    statement = statement.group_by(Link.source_id).order_by(best.desc(), func.min(Link.id))
    return [
        Queued(source_id=source_id, best=float(score or 0.0))
        for source_id, score, _first in session.execute(statement)
    ]


def recommendation_id(session: Session, key: str) -> int | None:
    return session.scalar(select(Recommendation.id).where(Recommendation.key == key))


def links_of_source_for_update(session: Session, source_id: int) -> list[Link]:
    """The links from one recommendation, as ORM rows, locked for the rest of the transaction
    (PostgreSQL; SQLite's writer holds the whole store already)."""
    statement = select(Link).where(Link.source_id == source_id).order_by(Link.id)
    return list(session.scalars(statement.with_for_update()))


@dataclass(frozen=True, slots=True)
class NamedLink:
    """A link as an ORM row (the session's own: a write later in the transaction shows in it)
    with its two recommendations' keys."""

    link: Link
    source_key: str
    target_key: str


def links_with_keys(session: Session, ids: Collection[int]) -> dict[int, NamedLink]:
    """The links of `ids` that exist, by id, with their keys: one query per thousand ids."""
    source, target = aliased(Recommendation), aliased(Recommendation)
    wanted = sorted(set(ids))
    found: dict[int, NamedLink] = {}
    for start in range(0, len(wanted), _CHUNK):
        statement = (
            select(Link, source.key, target.key)
            .join(source, source.id == Link.source_id)
            .join(target, target.id == Link.target_id)
            .where(Link.id.in_(wanted[start : start + _CHUNK]))
        )
        for link, source_key, target_key in session.execute(statement):
            found[link.id] = NamedLink(link, source_key, target_key)
    return found


def is_deleted(session: Session, link: Link) -> bool:
    """Whether `link`, read earlier in this session, was deleted since (in this session)."""
    return link not in session


def add_link(session: Session, link: Link) -> Link:
    session.add(link)
    session.flush()
    return link


def delete_link(session: Session, link: Link) -> None:
    session.delete(link)
    session.flush()
