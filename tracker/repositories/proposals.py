"""SQL for matching and review: what the matcher reads (recommendations with their election
dates and topics, the links that exist), the proposals it writes (in bulk), and the review
queue's reads and the row a decision updates.

Everything works on whole countries with a few statements, never one statement per row.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
from sqlalchemy import (
    ColumnElement,
    String,
    bindparam,
    case,
    delete,
    or_,
    select,
    type_coerce,
    update,
)
from sqlalchemy.orm import Session, aliased

from tracker.enums import LinkKind, LinkState
from tracker.matching.blocking import MatchRecord
from tracker.matching.cache import CacheRow
from tracker.matching.incremental import KIND_CODES, OTHER_CODE, STATE_CODES, RecordFacts
from tracker.models import (
    Election,
    HistoryEntry,
    Link,
    Recommendation,
    Report,
    recommendation_topics,
)
from tracker.repositories.catalog import bulk_insert, table_of

CHUNK = 5000


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def countries_of_reports(session: Session, report_ids: Collection[str]) -> dict[str, str]:
    """report id -> country, for the reports that exist."""
    result: dict[str, str] = {}
    for chunk in _chunks(sorted(set(report_ids))):
        rows = session.execute(
            select(Report.id, Election.country)
            .join(Election, Election.id == Report.election_id)
            .where(Report.id.in_(chunk))
        )
        result.update({row.id: row.country for row in rows})
    return result


def known_countries(session: Session) -> list[str]:
    return list(session.scalars(select(Election.country).distinct().order_by(Election.country)))


def report_ids_of_countries(session: Session, countries: Collection[str] | None) -> list[str]:
    """The ids of every report of `countries` (all when None)."""
    statement = select(Report.id)
    if countries is None:
        return list(session.scalars(statement.order_by(Report.id)))
    result: list[str] = []
    for chunk in _chunks(sorted(set(countries))):
        result.extend(
            session.scalars(
                statement.join(Election, Election.id == Report.election_id).where(
                    Election.country.in_(chunk)
                )
            )
        )
    return sorted(result)


def mark_matched(session: Session, report_ids: Collection[str], config: str) -> None:
    """Record that a match run under the configuration `config` (its fingerprint) covered
    `report_ids`. A Core update: derived data, so each report's `version` stays as it is."""
    table = table_of(Report)
    for chunk in _chunks(sorted(set(report_ids))):
        session.execute(update(table).where(table.c.id.in_(chunk)).values(matched_config=config))


def report_match_states(
    session: Session, countries: Collection[str] | None
) -> list[tuple[str, str, str | None, str | None]]:
    """(report id, country, matched_config, matched_inputs) of every report of `countries`
    (all when None), by id: what the last match runs recorded (incremental matching)."""
    statement = select(
        Report.id, Election.country, Report.matched_config, Report.matched_inputs
    ).join(Election, Election.id == Report.election_id)
    statements = (
        [statement]
        if countries is None
        else [
            statement.where(Election.country.in_(chunk))
            for chunk in _chunks(sorted(set(countries)))
        ]
    )
    rows = [tuple(row) for each in statements for row in session.execute(each)]
    return sorted((str(a), str(b), c, d) for a, b, c, d in rows)


def match_inputs(
    session: Session, countries: Collection[str] | None
) -> tuple[list[RecordFacts], dict[int, list[str]], npt.NDArray[np.int64]]:
    """What incremental matching digests (tracker/matching/incremental.py), read lean: the
    recommendations of `countries` (all when None) without their cached tokens, their topics,
    and their links as (source id, target id, `link_code`) rows computed by the database."""
    scoped = _country_chunks(countries)
    records: list[RecordFacts] = []
    topics: dict[int, list[str]] = {}
    tables: list[npt.NDArray[np.int64]] = []
    kind = type_coerce(Link.kind, String)
    state = type_coerce(Link.state, String)
    code = (
        case(KIND_CODES, value=kind, else_=OTHER_CODE) * 100
        + case(STATE_CODES, value=state, else_=OTHER_CODE) * 10
        + case((Link.score.is_(None), 0), else_=1)
    )
    for chunk in scoped:
        record_query = (
            select(
                Recommendation.id,
                Recommendation.report_id,
                type_coerce(Election.date, String),
                Report.observer,
                Election.country,
                Recommendation.text,
            )
            .join(Report, Report.id == Recommendation.report_id)
            .join(Election, Election.id == Report.election_id)
        )
        topic_query = select(
            recommendation_topics.c.recommendation_id, recommendation_topics.c.topic_id
        )
        link_query = select(Link.source_id, Link.target_id, code)
        if chunk is not None:
            record_query = record_query.where(Election.country.in_(chunk))
            topic_query = (
                topic_query.join(
                    Recommendation, Recommendation.id == recommendation_topics.c.recommendation_id
                )
                .join(Report, Report.id == Recommendation.report_id)
                .join(Election, Election.id == Report.election_id)
                .where(Election.country.in_(chunk))
            )
            link_query = (
                link_query.join(Recommendation, Recommendation.id == Link.source_id)
                .join(Report, Report.id == Recommendation.report_id)
                .join(Election, Election.id == Report.election_id)
                .where(Election.country.in_(chunk))
            )
        for rec_id, report_id, date, observer, country, text in session.execute(record_query):
            day = date if isinstance(date, str) else date.isoformat()
            records.append((rec_id, report_id, day, observer, country, text))
        for rec_id, topic_id in session.execute(topic_query):
            topics.setdefault(rec_id, []).append(topic_id)
        rows = session.execute(link_query).all()
        tables.append(
            np.fromiter(
                itertools.chain.from_iterable(rows), dtype=np.int64, count=3 * len(rows)
            ).reshape(-1, 3)
        )
    links = np.concatenate(tables) if tables else np.zeros((0, 3), dtype=np.int64)
    return records, topics, links


def _country_chunks(countries: Collection[str] | None) -> list[Sequence[str] | None]:
    if countries is None:
        return [None]
    return list(_chunks(sorted(set(countries))))


def mark_scored(session: Session, inputs_by_report: Mapping[str, str], config: str) -> None:
    """Record that a match run under `config` scored the whole country of each report, whose
    inputs then had the digest given (tracker/matching/incremental.py). A Core update, one
    statement per distinct digest and chunk: derived data, `version` stays as it is."""
    table = table_of(Report)
    by_digest: dict[str, list[str]] = {}
    for report_id, digest in inputs_by_report.items():
        by_digest.setdefault(digest, []).append(report_id)
    for digest, reports in sorted(by_digest.items()):
        for chunk in _chunks(sorted(reports)):
            session.execute(
                update(table)
                .where(table.c.id.in_(chunk))
                .values(matched_config=config, matched_inputs=digest)
            )


def unmatched_reports(session: Session, config: str | None) -> list[tuple[str, str]]:
    """(report id, country) of the reports no match run covered under the configuration
    `config` (its fingerprint; None: of the reports no match run ever covered), by id."""
    unmatched: ColumnElement[bool] = Report.matched_config.is_(None)
    if config is not None:
        unmatched = or_(unmatched, Report.matched_config != config)
    rows = session.execute(
        select(Report.id, Election.country)
        .join(Election, Election.id == Report.election_id)
        .where(unmatched)
        .order_by(Report.id)
    )
    return [(row.id, row.country) for row in rows]


def _record_query() -> Any:
    return (
        select(
            Recommendation.id,
            Recommendation.key,
            Recommendation.text,
            Recommendation.report_id,
            Recommendation.match_tokens,
            Recommendation.match_digest,
            Election.country,
            Election.date,
            Report.observer,
        )
        .join(Report, Report.id == Recommendation.report_id)
        .join(Election, Election.id == Report.election_id)
    )


def load_records(session: Session, countries: Collection[str] | None = None) -> list[MatchRecord]:
    """Every recommendation of `countries` (all when None), with election date, topics and the
    cached normalised form (as stored: the caller checks it): two statements per chunk of
    countries."""
    topics: dict[int, set[str]] = {}
    statements: list[tuple[Any, Any]] = []
    topic_query = (
        select(recommendation_topics.c.recommendation_id, recommendation_topics.c.topic_id)
        .join(Recommendation, Recommendation.id == recommendation_topics.c.recommendation_id)
        .join(Report, Report.id == Recommendation.report_id)
        .join(Election, Election.id == Report.election_id)
    )
    if countries is None:
        statements.append((_record_query(), topic_query))
    else:
        for chunk in _chunks(sorted(set(countries))):
            statements.append(
                (
                    _record_query().where(Election.country.in_(chunk)),
                    topic_query.where(Election.country.in_(chunk)),
                )
            )
    records: list[MatchRecord] = []
    for record_statement, topic_statement in statements:
        for rec_id, topic_id in session.execute(topic_statement):
            topics.setdefault(rec_id, set()).add(topic_id)
        for row in session.execute(record_statement):
            records.append(
                MatchRecord(
                    id=row.id,
                    key=row.key,
                    country=row.country,
                    election_date=row.date,
                    report_id=row.report_id,
                    text=row.text,
                    topics=frozenset(topics.get(row.id, ())),
                    observer=row.observer,
                    tokens=row.match_tokens,
                    cached_digest=row.match_digest,
                )
            )
    records.sort(key=lambda record: record.id)
    return records


def store_match_tokens(session: Session, rows: Sequence[CacheRow]) -> None:
    """Write recomputed normalised forms (matching's cache) in bulk: one executemany per chunk.
    A Core update: derived data, so the row's `version` stays as it is."""
    table = table_of(Recommendation)
    statement = (
        update(table)
        .where(table.c.id == bindparam("_id"))
        .values(match_tokens=bindparam("_tokens"), match_digest=bindparam("_digest"))
    )
    for chunk in _chunks(rows):
        session.execute(
            statement,
            [{"_id": row.id, "_tokens": row.tokens, "_digest": row.digest} for row in chunk],
        )


class ExistingLink(NamedTuple):
    id: int
    source_id: int
    target_id: int
    kind: LinkKind
    state: LinkState
    scored: bool  # the matcher proposed it (a file's or a reviewer's own link has no score)


_KINDS = {kind.value: kind for kind in LinkKind}
_STATES = {state.value: state for state in LinkState}


def links_of_countries(
    session: Session, countries: Collection[str] | None = None
) -> list[ExistingLink]:
    """Every link whose source is a recommendation of `countries` (all when None). A store-wide
    run reads hundreds of thousands: no joins where no country narrows them, and the enum
    columns as text mapped by table."""
    statement = select(
        Link.id,
        Link.source_id,
        Link.target_id,
        type_coerce(Link.kind, String),
        type_coerce(Link.state, String),
        Link.score.is_not(None),
    )
    statements = (
        [statement]
        if countries is None
        else [
            statement.join(Recommendation, Recommendation.id == Link.source_id)
            .join(Report, Report.id == Recommendation.report_id)
            .join(Election, Election.id == Report.election_id)
            .where(Election.country.in_(chunk))
            for chunk in _chunks(sorted(set(countries)))
        ]
    )
    return [
        ExistingLink(link_id, source_id, target_id, _KINDS[kind], _STATES[state], bool(scored))
        for each in statements
        for link_id, source_id, target_id, kind, state, scored in session.execute(each)
    ]


def insert_links(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Bulk insert of link rows (source_id, target_id, kind, state, score, breakdown, ...),
    all with the same keys: the importer's bulk insert (one driver executemany on SQLite)."""
    bulk_insert(session, table_of(Link), rows)


def insert_proposals(
    session: Session,
    rows: Sequence[tuple[int, int, float, str]],
    created_at: dt.datetime,
) -> None:
    """Bulk insert of proposed `restates` links: (source id, target id, score, breakdown as
    JSON text, exactly what the JSON column would write for it). On SQLite one driver
    executemany whose constant columns are converted once and the breakdown written as
    given; elsewhere the importer's bulk insert."""
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    table = table_of(Link)
    if dialect.name != "sqlite":
        bulk_insert(
            session,
            table,
            [
                {
                    "source_id": source,
                    "target_id": target,
                    "kind": LinkKind.RESTATES,
                    "state": LinkState.PROPOSED,
                    "score": score,
                    "breakdown": json.loads(breakdown),
                    "decided_by": None,
                    "decided_at": None,
                    "created_at": created_at,
                    "version": 1,
                }
                for source, target, score, breakdown in rows
            ],
        )
        return

    def processed(name: str, value: Any) -> Any:
        convert = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        return value if convert is None else convert(value)

    kind = processed("kind", LinkKind.RESTATES)
    state = processed("state", LinkState.PROPOSED)
    created = processed("created_at", created_at)
    names = ["source_id", "target_id", "kind", "state", "score", "breakdown", "created_at"]
    names.append("version")
    quote = dialect.identifier_preparer.quote
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(name) for name in names)}) "
        f"VALUES ({', '.join('?' for _ in names)})"
    )
    connection.exec_driver_sql(
        sql,
        [
            (source, target, kind, state, score, breakdown, created, 1)
            for source, target, score, breakdown in rows
        ],
    )


def link_ids(session: Session, pairs: Collection[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """(source id, target id) -> link id, for the pairs that have a link."""
    wanted = set(pairs)
    sources = sorted({source for source, _ in wanted})
    result: dict[tuple[int, int], int] = {}
    for chunk in _chunks(sources):
        rows = session.execute(
            select(Link.id, Link.source_id, Link.target_id).where(Link.source_id.in_(chunk))
        )
        for row in rows:
            if (row.source_id, row.target_id) in wanted:
                result[(row.source_id, row.target_id)] = row.id
    return result


def links_by_id(session: Session, ids: Collection[int]) -> list[Link]:
    result: list[Link] = []
    for chunk in _chunks(sorted(set(ids))):
        result.extend(session.scalars(select(Link).where(Link.id.in_(chunk))))
    return result


def delete_all_links(session: Session) -> int:
    """For a throw-away evaluation store only."""
    result = session.execute(delete(Link))
    return int(getattr(result, "rowcount", 0) or 0)


@dataclass(frozen=True)
class LinkRow:
    """A link with both ends' keys, texts, reports, election dates."""

    id: int
    version: int
    kind: LinkKind
    state: LinkState
    score: float | None
    breakdown: dict[str, Any] | None
    decided_by: str | None
    decided_at: dt.datetime | None
    source_id: int
    source_key: str
    source_text: str
    source_report: str
    source_date: dt.date
    target_id: int
    target_key: str
    target_text: str
    target_report: str
    target_date: dt.date
    country: str


def _link_rows_query() -> Any:
    source = aliased(Recommendation)
    target = aliased(Recommendation)
    source_report = aliased(Report)
    target_report = aliased(Report)
    source_election = aliased(Election)
    target_election = aliased(Election)
    return (
        select(
            Link.id,
            Link.version,
            Link.kind,
            Link.state,
            Link.score,
            Link.breakdown,
            Link.decided_by,
            Link.decided_at,
            source.id.label("source_id"),
            source.key.label("source_key"),
            source.text.label("source_text"),
            source.report_id.label("source_report"),
            source_election.date.label("source_date"),
            target.id.label("target_id"),
            target.key.label("target_key"),
            target.text.label("target_text"),
            target.report_id.label("target_report"),
            target_election.date.label("target_date"),
            source_election.country.label("country"),
        )
        .join(source, source.id == Link.source_id)
        .join(target, target.id == Link.target_id)
        .join(source_report, source_report.id == source.report_id)
        .join(target_report, target_report.id == target.report_id)
        .join(source_election, source_election.id == source_report.election_id)
        .join(target_election, target_election.id == target_report.election_id)
    )


def _link_row(row: Any) -> LinkRow:
    return LinkRow(**dict(row._mapping))


def link_row(session: Session, link_id: int) -> LinkRow | None:
    row = session.execute(_link_rows_query().where(Link.id == link_id)).first()
    return None if row is None else _link_row(row)


def proposals_best_first(
    session: Session,
    *,
    country: str | None = None,
    report_id: str | None = None,
    source_key: str | None = None,
    offset: int = 0,
    limit: int = 200,
) -> list[LinkRow]:
    """Proposed links, best score first (then oldest), optionally of one country, one source
    report or one source recommendation."""
    statement = _link_rows_query().where(Link.state == LinkState.PROPOSED)
    columns = statement.selected_columns
    if country is not None:
        statement = statement.where(columns.country == country)
    if report_id is not None:
        statement = statement.where(columns.source_report == report_id)
    if source_key is not None:
        statement = statement.where(columns.source_key == source_key)
    statement = statement.order_by(Link.score.desc(), Link.id).offset(offset).limit(limit)
    return [_link_row(row) for row in session.execute(statement)]


def links_of_sources(session: Session, source_ids: Collection[int]) -> list[LinkRow]:
    result: list[LinkRow] = []
    for chunk in _chunks(sorted(set(source_ids))):
        query = _link_rows_query().where(Link.source_id.in_(chunk))
        result.extend(_link_row(row) for row in session.execute(query))
    return result


def all_link_rows(session: Session) -> list[LinkRow]:
    return [_link_row(row) for row in session.execute(_link_rows_query())]


def link_for_update(session: Session, link_id: int) -> Link | None:
    return session.get(Link, link_id)


def keys_of(session: Session, ids: Collection[int]) -> dict[int, str]:
    result: dict[int, str] = {}
    for chunk in _chunks(sorted(set(ids))):
        rows = session.execute(
            select(Recommendation.id, Recommendation.key).where(Recommendation.id.in_(chunk))
        )
        result.update({row.id: row.key for row in rows})
    return result


def marked_unsure(session: Session, actor: str, action: str) -> set[str]:
    """Link keys `actor` marked with `action` (unsure) in batches that were not undone."""
    undone = select(HistoryEntry.reverts).where(HistoryEntry.reverts.is_not(None))
    rows = session.scalars(
        select(HistoryEntry.key).where(
            HistoryEntry.entity == "link",
            HistoryEntry.actor == actor,
            HistoryEntry.action == action,
            HistoryEntry.reverts.is_(None),
            HistoryEntry.batch.not_in(undone),
        )
    )
    return set(rows)
