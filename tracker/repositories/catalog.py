"""Topics, elections, reports and recommendations: reads by the batch, and bulk writes.

Everything here works on whole sets (one statement per chunk of rows, never one per row), so
that an import of 100,000 recommendations costs a handful of statements.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import Table, bindparam, delete, func, insert, or_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, aliased

from tracker.enums import ElectionType, LinkKind, LinkState
from tracker.importing.documents import (
    AssessmentDoc,
    ElectionDoc,
    RecommendationDoc,
    ReportDoc,
    TopicDoc,
)
from tracker.importing.plan import StoredRecommendation, StoredReport
from tracker.models import (
    Assessment,
    Base,
    Election,
    Link,
    Recommendation,
    Report,
    Topic,
    recommendation_topics,
)
from tracker.search_index import FTS_TABLE

CHUNK = 5000
"""Rows or keys per statement: well below SQLite's and PostgreSQL's parameter limits."""

T = TypeVar("T")

ElectionIdentity = tuple[str, Any, Any]


def bulk_insert(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert many rows (all with the same keys). On SQLite, one executemany on the driver's
    cursor, with each value converted by its column type's own bind processor: the same
    values SQLAlchemy would write, without its per-row statement machinery, which costs more
    than SQLite's insert itself. Elsewhere, SQLAlchemy's executemany, a chunk at a time."""
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    if dialect.name != "sqlite":
        for chunk in chunks(rows):
            session.execute(insert(table), chunk)
        return
    names = list(rows[0])
    columns = [table.c[name] for name in names]
    processors = [column.type.dialect_impl(dialect).bind_processor(dialect) for column in columns]
    quote = dialect.identifier_preparer.quote
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(c.name) for c in columns)}) "
        f"VALUES ({', '.join('?' for _ in columns)})"
    )
    converters = list(zip(names, processors, strict=True))
    for chunk in chunks(rows, 20 * CHUNK):
        params = [
            tuple(
                row[name] if convert is None else convert(row[name]) for name, convert in converters
            )
            for row in chunk
        ]
        connection.exec_driver_sql(sql, params)


def chunks(items: Collection[T] | Sequence[T], size: int = CHUNK) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def table_of(model: type[Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


# -- reads ----------------------------------------------------------------------------------


def topics(session: Session) -> dict[str, TopicDoc]:
    rows = session.execute(select(Topic.id, Topic.label, Topic.description).order_by(Topic.id))
    return {
        row.id: TopicDoc(id=row.id, label=row.label, description=row.description) for row in rows
    }


def all_report_ids(session: Session) -> frozenset[str]:
    return frozenset(session.scalars(select(Report.id)))


def _election(row: Any) -> ElectionDoc:
    return ElectionDoc(country=row.country, type=row.type, date=row.date, early=bool(row.early))


def report_elections(session: Session, report_ids: Collection[str]) -> dict[str, ElectionDoc]:
    found: dict[str, ElectionDoc] = {}
    for chunk in chunks(sorted(report_ids)):
        rows = session.execute(
            select(Report.id, Election.country, Election.type, Election.date, Election.early)
            .join(Election, Election.id == Report.election_id)
            .where(Report.id.in_(chunk))
        )
        found.update({row.id: _election(row) for row in rows})
    return found


def election_reports(
    session: Session, countries: Collection[str]
) -> dict[tuple[str, ElectionType, dt.date], tuple[bool, frozenset[str]]]:
    """Each election of `countries` by identity (country, type, date): whether it is early,
    and the ids of the reports on it."""
    found: dict[tuple[str, ElectionType, dt.date], tuple[bool, set[str]]] = {}
    for chunk in chunks(sorted(countries)):
        rows = session.execute(
            select(Report.id, Election.country, Election.type, Election.date, Election.early)
            .join(Election, Election.id == Report.election_id)
            .where(Election.country.in_(chunk))
        )
        for row in rows:
            identity = (row.country, row.type, row.date)
            found.setdefault(identity, (bool(row.early), set()))[1].add(row.id)
    return {identity: (early, frozenset(ids)) for identity, (early, ids) in found.items()}


def recommendation_reports(session: Session, keys: Collection[str]) -> dict[str, str]:
    """Each key that the store holds -> its report id."""
    found: dict[str, str] = {}
    for chunk in chunks(sorted(keys)):
        rows = session.execute(
            select(Recommendation.key, Recommendation.report_id).where(
                Recommendation.key.in_(chunk)
            )
        )
        found.update({row.key: row.report_id for row in rows})
    return found


def recommendation_ids(session: Session, keys: Collection[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in chunks(sorted(keys)):
        rows = session.execute(
            select(Recommendation.key, Recommendation.id).where(Recommendation.key.in_(chunk))
        )
        found.update({row.key: row.id for row in rows})
    return found


def topics_by_recommendation(session: Session, report_ids: Collection[str]) -> dict[int, list[str]]:
    result: dict[int, list[str]] = defaultdict(list)
    for chunk in chunks(sorted(report_ids)):
        rows = session.execute(
            select(recommendation_topics.c.recommendation_id, recommendation_topics.c.topic_id)
            .join(Recommendation, Recommendation.id == recommendation_topics.c.recommendation_id)
            .where(Recommendation.report_id.in_(chunk))
        )
        for rec_id, topic_id in rows:
            result[rec_id].append(topic_id)
    return result


def stored_reports(session: Session, report_ids: Collection[str]) -> dict[str, StoredReport]:
    """The reports among `report_ids` that the store holds, with their recommendations."""
    reports: dict[str, StoredReport] = {}
    for chunk in chunks(sorted(report_ids)):
        rows = session.execute(
            select(
                Report.id,
                Report.observer,
                Report.kind,
                Report.title,
                Report.published,
                Report.url,
                Report.note,
                Election.country,
                Election.type,
                Election.date,
                Election.early,
            )
            .join(Election, Election.id == Report.election_id)
            .where(Report.id.in_(chunk))
        )
        for row in rows:
            reports[row.id] = StoredReport(
                id=row.id,
                election=_election(row),
                observer=row.observer,
                kind=row.kind,
                title=row.title,
                published=row.published,
                url=row.url,
                note=row.note,
                recommendations={},
            )
    if not reports:
        return reports
    topics_of = topics_by_recommendation(session, reports)
    recs: dict[str, dict[str, StoredRecommendation]] = defaultdict(dict)
    for chunk in chunks(sorted(reports)):
        statement = select(
            Recommendation.id,
            Recommendation.key,
            Recommendation.report_id,
            Recommendation.number,
            Recommendation.text,
            Recommendation.priority,
            Recommendation.addressees,
        ).where(Recommendation.report_id.in_(chunk))
        for rec in session.execute(statement):
            recs[rec.report_id][rec.number] = StoredRecommendation(
                id=rec.id,
                key=rec.key,
                number=rec.number,
                text=rec.text,
                priority=bool(rec.priority),
                topics=tuple(sorted(topics_of.get(rec.id, ()))),
                addressees=tuple(rec.addressees or ()),
            )
    return {
        report_id: StoredReport(
            id=report.id,
            election=report.election,
            observer=report.observer,
            kind=report.kind,
            title=report.title,
            published=report.published,
            url=report.url,
            note=report.note,
            recommendations=recs.get(report_id, {}),
        )
        for report_id, report in reports.items()
    }


# -- writes ---------------------------------------------------------------------------------


def insert_topics(session: Session, new: Sequence[TopicDoc]) -> None:
    """Topics the batch adds. One that a concurrent import created since the store was read
    takes the batch's label and description (the file wins, as for a topic read as stored)."""
    if not new:
        return
    table = table_of(Topic)
    statement = _upsert(session, table)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.id],
        set_={"label": statement.excluded.label, "description": statement.excluded.description},
    )
    session.execute(
        statement, [{"id": t.id, "label": t.label, "description": t.description} for t in new]
    )


def _upsert(session: Session, table: Table) -> Any:
    """INSERT with ON CONFLICT clauses, in the store's dialect (both have the same API)."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


def update_topics(session: Session, changes: Sequence[tuple[str, dict[str, Any]]]) -> None:
    table = table_of(Topic)
    for topic_id, values in changes:
        session.execute(update(table).where(table.c.id == topic_id).values(**values))


def ensure_elections(session: Session, elections: Iterable[ElectionDoc]) -> dict[Any, int]:
    """Each election's id by identity (country, type, date): created where missing, `early`
    brought in line with the batch where it differs."""
    wanted: dict[Any, ElectionDoc] = {}
    for election in elections:
        wanted.setdefault(election.identity, election)
    if not wanted:
        return {}
    table = table_of(Election)
    countries = sorted({identity[0] for identity in wanted})
    existing: dict[Any, tuple[int, bool]] = {}
    for chunk in chunks(countries):
        rows = session.execute(
            select(table.c.id, table.c.country, table.c.type, table.c.date, table.c.early).where(
                table.c.country.in_(chunk)
            )
        )
        for row in rows:
            existing[(row.country, row.type, row.date)] = (row.id, bool(row.early))
    missing = [election for identity, election in wanted.items() if identity not in existing]
    if missing:
        # A concurrent import may create the same election after the read above: its row is
        # then the one to use (read back below), not a duplicate-key failure.
        statement = _upsert(session, table).on_conflict_do_nothing(
            index_elements=[table.c.country, table.c.type, table.c.date]
        )
        session.execute(
            statement,
            [
                {"country": e.country, "type": e.type, "date": e.date, "early": e.early}
                for e in missing
            ],
        )
        for chunk in chunks(sorted({e.country for e in missing})):
            rows = session.execute(
                select(
                    table.c.id, table.c.country, table.c.type, table.c.date, table.c.early
                ).where(table.c.country.in_(chunk))
            )
            for row in rows:
                existing.setdefault((row.country, row.type, row.date), (row.id, bool(row.early)))
    for identity, election in wanted.items():
        election_id, early = existing[identity]
        if early != election.early:
            session.execute(
                update(table).where(table.c.id == election_id).values(early=election.early)
            )
    return {identity: existing[identity][0] for identity in wanted}


def delete_empty_elections(session: Session, election_ids: Collection[int]) -> None:
    """Elections among these that no report refers to any more."""
    table = table_of(Election)
    used = select(Report.election_id)
    for chunk in chunks(sorted(election_ids)):
        session.execute(delete(table).where(table.c.id.in_(chunk), table.c.id.not_in(used)))


def insert_reports(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    bulk_insert(session, table_of(Report), rows)


def update_rows(
    session: Session,
    model: type[Base],
    key_column: str,
    changes: Sequence[tuple[Any, dict[str, Any]]],
) -> None:
    """Changed columns of versioned rows (`version` goes up by one), grouped by the set of
    columns changed so that each group is one executemany."""
    table = table_of(model)
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for row_key, values in changes:
        names = tuple(sorted(values))
        groups[names].append({"_key": row_key, **{f"_{n}": values[n] for n in names}})
    for names, params in groups.items():
        statement = (
            update(table)
            .where(table.c[key_column] == bindparam("_key"))
            .values(
                {name: bindparam(f"_{name}") for name in names} | {"version": table.c.version + 1}
            )
        )
        for chunk in chunks(params):
            session.execute(statement, chunk)


def insert_recommendations(
    session: Session, rows: Sequence[dict[str, Any]], report_ids: Collection[str]
) -> dict[str, int]:
    """Inserts the rows (of the reports `report_ids`); the ids of those reports'
    recommendations by key."""
    table = table_of(Recommendation)
    with _full_text_index_filled_in_bulk(session, len(rows)):
        bulk_insert(session, table, rows)
    ids: dict[str, int] = {}
    for id_chunk in chunks(sorted(report_ids)):
        found = session.execute(
            select(table.c.key, table.c.id).where(table.c.report_id.in_(id_chunk))
        )
        ids.update({row.key: row.id for row in found})
    return ids


LARGE_CACHE_KIB = 64 * 1024


@contextmanager
def large_page_cache(session: Session, rows: int) -> Iterator[None]:
    """On SQLite, for a write of many rows: a 64 MiB page cache for this connection while it
    lasts (the default 2 MiB makes every index insert of a large batch miss), then the previous
    size again."""
    if rows < BULK_INDEX_ROWS or session.get_bind().dialect.name != "sqlite":
        yield
        return
    previous = session.scalar(text("PRAGMA cache_size"))
    session.execute(text(f"PRAGMA cache_size = -{LARGE_CACHE_KIB}"))
    try:
        yield
    finally:
        session.execute(text(f"PRAGMA cache_size = {int(previous or -2000)}"))


BULK_INDEX_ROWS = 2000
"""From this many new recommendations on, SQLite's full-text index is filled in one statement
after the insert instead of by its trigger row by row (several times faster)."""

FTS_INSERT_TRIGGER = f"{FTS_TABLE}_insert"
_FTS_INSERT_BODY = (
    f"AFTER INSERT ON recommendations BEGIN INSERT INTO {FTS_TABLE}(rowid, text) "
    "VALUES (new.id, new.text); END"
)


@contextmanager
def _full_text_index_filled_in_bulk(session: Session, count: int) -> Iterator[None]:
    """On SQLite, for a large insert into `recommendations`: drop the full-text index's insert
    trigger, let the caller insert, then index the new rows in one statement and restore the
    trigger exactly as it was, all inside the caller's transaction (a rollback restores it too).
    The trigger must be the one revision 0002 creates; any other shape keeps the trigger."""
    if count < BULK_INDEX_ROWS or session.get_bind().dialect.name != "sqlite":
        yield
        return
    trigger_sql = session.scalar(
        text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = :name"),
        {"name": FTS_INSERT_TRIGGER},
    )
    if trigger_sql is None or _FTS_INSERT_BODY not in " ".join(str(trigger_sql).split()):
        yield
        return
    table = table_of(Recommendation)
    before = session.scalar(select(func.coalesce(func.max(table.c.id), 0)))
    session.execute(text(f"DROP TRIGGER {FTS_INSERT_TRIGGER}"))
    yield
    session.execute(
        text(
            f"INSERT INTO {FTS_TABLE}(rowid, text) "
            "SELECT id, text FROM recommendations WHERE id > :before ORDER BY id"
        ),
        {"before": before},
    )
    session.execute(text(str(trigger_sql)))


def replace_topics(session: Session, topics_of: dict[int, tuple[str, ...]]) -> None:
    """The topic rows of these recommendations become exactly the given ones."""
    table = recommendation_topics
    for chunk in chunks(sorted(topics_of)):
        session.execute(delete(table).where(table.c.recommendation_id.in_(chunk)))
    insert_topic_rows(session, topics_of)


def insert_topic_rows(session: Session, topics_of: dict[int, tuple[str, ...]]) -> None:
    rows = [
        {"recommendation_id": rec_id, "topic_id": topic}
        for rec_id, topic_ids in topics_of.items()
        for topic in topic_ids
    ]
    bulk_insert(session, recommendation_topics, rows)


def delete_recommendations(session: Session, ids: Collection[int]) -> None:
    table = table_of(Recommendation)
    for chunk in chunks(sorted(ids)):
        session.execute(delete(table).where(table.c.id.in_(chunk)))


# -- export ---------------------------------------------------------------------------------


def selected_report_ids(
    session: Session, countries: Collection[str] = (), report_ids: Collection[str] = ()
) -> list[str]:
    """Every report (no filter), or those of the countries plus the reports named."""
    statement = select(Report.id).join(Election, Election.id == Report.election_id)
    if countries or report_ids:
        conditions = []
        if countries:
            conditions.append(Election.country.in_(sorted(countries)))
        if report_ids:
            conditions.append(Report.id.in_(sorted(report_ids)))
        statement = statement.where(or_(*conditions))
    return sorted(session.scalars(statement))


def countries_held(session: Session, countries: Collection[str]) -> set[str]:
    return set(
        session.scalars(select(Election.country).where(Election.country.in_(sorted(countries))))
    )


def report_documents(session: Session, report_ids: Collection[str]) -> list[ReportDoc]:
    """The reports as documents: recommendations with their topics and decided links (accepted
    restates and related, rejected as distinct_from), and the reports' assessments."""
    stored = stored_reports(session, report_ids)
    if not stored:
        return []
    references: dict[str, dict[str, list[str]]] = defaultdict(
        lambda: {"restates": [], "related": [], "distinct_from": []}
    )
    assessments: dict[str, list[AssessmentDoc]] = defaultdict(list)
    source = aliased(Recommendation)
    target = aliased(Recommendation)
    for chunk in chunks(sorted(stored)):
        links = session.execute(
            select(source.key, target.key, Link.kind, Link.state)
            .join(source, source.id == Link.source_id)
            .join(target, target.id == Link.target_id)
            .where(source.report_id.in_(chunk), Link.state != LinkState.PROPOSED)
        )
        for source_key, target_key, kind, state in links:
            if state is LinkState.REJECTED:
                references[source_key]["distinct_from"].append(target_key)
            elif kind is LinkKind.RESTATES:
                references[source_key]["restates"].append(target_key)
            else:
                references[source_key]["related"].append(target_key)
        rows = session.execute(
            select(
                Assessment.report_id,
                Recommendation.key,
                Assessment.status,
                Assessment.evidence,
                Assessment.assessor,
            )
            .join(Recommendation, Recommendation.id == Assessment.recommendation_id)
            .where(Assessment.report_id.in_(chunk))
        )
        for row in rows:
            assessments[row.report_id].append(
                AssessmentDoc(
                    recommendation=row.key,
                    status=row.status,
                    evidence=row.evidence,
                    assessor=row.assessor,
                )
            )
    documents: list[ReportDoc] = []
    for report_id in sorted(stored):
        report = stored[report_id]
        recommendations = []
        for rec in report.recommendations.values():
            refs = references.get(rec.key)
            recommendations.append(
                RecommendationDoc(
                    number=rec.number,
                    text=rec.text,
                    topics=rec.topics,
                    priority=rec.priority,
                    addressees=rec.addressees,
                    restates=tuple(refs["restates"]) if refs else (),
                    related=tuple(refs["related"]) if refs else (),
                    distinct_from=tuple(refs["distinct_from"]) if refs else (),
                )
            )
        documents.append(
            ReportDoc(
                id=report.id,
                election=report.election,
                observer=report.observer,
                kind=report.kind,
                recommendations=tuple(recommendations),
                assessments=tuple(assessments.get(report_id, ())),
                title=report.title,
                published=report.published,
                url=report.url,
                note=report.note,
            )
        )
    return documents
