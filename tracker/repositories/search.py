"""Searching recommendations: full text, filters, order, and paging, in one function.

Full text uses the index that revision 0002 builds: SQLite's FTS5 table (`unicode61`, so that
Cyrillic and accented words match) and, on PostgreSQL, `to_tsvector('simple', text)` with its
GIN index. User input never reaches either query language as syntax: it is split into words,
each word becomes a quoted term that matches as a prefix (the table narrows as the reviewer
types, and "defam civil" still finds "defamation ... civil"). All words must occur. A single
letter is no word (it would match nearly everything, slowly): text without a word to search
filters nothing.

Filters that the follow-up logic defines (a recommendation's last status, its thread's flags)
are computed by the service and arrive here as `ids`: a set of recommendation ids passed as one
parameter (JSON on SQLite, an array on PostgreSQL), so that a large set costs no more SQL text.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    ARRAY,
    Integer,
    and_,
    any_,
    bindparam,
    column,
    exists,
    func,
    literal_column,
    select,
    table,
)
from sqlalchemy import text as text_sql
from sqlalchemy.orm import Session

from tracker.enums import ElectionType
from tracker.models import Election, Recommendation, Report, recommendation_topics
from tracker.search_index import FTS_TABLE, POSTGRES_SEARCH_CONFIG

MAX_TERMS = 16
MAX_PAGE = 1000
_WORD = re.compile(r"\w+", re.UNICODE)


class Order(StrEnum):
    NEWEST = "newest"  # latest election first, then report, then number
    OLDEST = "oldest"
    RELEVANCE = "relevance"  # best text match first (falls back to newest without text)


@dataclass(frozen=True)
class SearchFilters:
    country: str | None = None
    election_id: int | None = None
    report_id: str | None = None
    key: str | None = None
    observer: str | None = None
    topic: str | None = None
    priority: bool | None = None
    ids: Collection[int] | None = None  # None: no restriction; empty: nothing matches

    @property
    def is_empty(self) -> bool:
        return self == SearchFilters()


@dataclass(frozen=True, slots=True)
class SearchRow:
    """One recommendation as a table shows it: no relationships, nothing lazy."""

    id: int
    key: str
    report_id: str
    number: str
    text: str
    priority: bool
    observer: str
    country: str
    election_id: int
    election_date: Any  # dt.date
    election_type: ElectionType


@dataclass(frozen=True)
class SearchPage:
    rows: list[SearchRow]
    total: int  # every match, not just this page (-1 where not counted)
    offset: int
    limit: int

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.rows) < self.total


def search_words(text: str) -> list[str]:
    """The words of a user's query, normalised as the indexes normalise them; single letters
    are left out (numbers are kept)."""
    normalised = unicodedata.normalize("NFKC", text).lower()
    words = [word for word in _WORD.findall(normalised) if len(word) > 1 or word.isdigit()]
    return words[:MAX_TERMS]


def fts5_query(text: str) -> str | None:
    """An FTS5 MATCH expression: every word quoted (no operators, no column filters) and a
    prefix. None where the text holds no word."""
    words = [word.replace("_", " ").strip() for word in search_words(text)]
    words = [word for word in words if word]
    if not words:
        return None
    return " AND ".join('"' + word.replace('"', '""') + '"*' for word in words)


def tsquery(text: str) -> str | None:
    """A PostgreSQL `to_tsquery` text: every word a quoted lexeme and a prefix."""
    words = search_words(text)
    if not words:
        return None
    quoted = ("'" + word.replace("\\", "\\\\").replace("'", "''") + "'" for word in words)
    return " & ".join(f"{term}:*" for term in quoted)


def _id_restriction(session: Session, ids: Collection[int]) -> Any:
    values = sorted({int(value) for value in ids})
    if session.get_bind().dialect.name == "postgresql":
        param = bindparam("restrict_ids", values, type_=ARRAY(Integer))
        return Recommendation.id == any_(param)
    each = func.json_each(bindparam("restrict_ids", json.dumps(values))).table_valued("value")
    return Recommendation.id.in_(select(each.c.value))


def _text_condition(session: Session, text: str) -> tuple[Any, Any] | None:
    """(condition, relevance expression: lower is better) or None without a word."""
    if session.get_bind().dialect.name == "postgresql":
        query = tsquery(text)
        if query is None:
            return None
        config: Any = literal_column(f"'{POSTGRES_SEARCH_CONFIG}'")
        vector = func.to_tsvector(config, Recommendation.text)
        ts = func.to_tsquery(config, bindparam("ts_query", query))
        return vector.op("@@")(ts), -func.ts_rank(vector, ts)
    match = fts5_query(text)
    if match is None:
        return None
    fts = table(FTS_TABLE, column("rowid"), column("rank"))
    matched = select(fts.c.rowid).where(
        literal_column(FTS_TABLE).op("MATCH")(bindparam("fts_query", match))
    )
    rank = (
        select(fts.c.rank)
        .where(
            literal_column(FTS_TABLE).op("MATCH")(bindparam("fts_query", match)),
            fts.c.rowid == Recommendation.id,
        )
        .scalar_subquery()
    )
    return Recommendation.id.in_(matched), rank


def _conditions(session: Session, filters: SearchFilters) -> tuple[list[Any], bool]:
    """The WHERE conditions of `filters`, and whether they need reports and elections."""
    conditions: list[Any] = []
    needs_join = False
    if filters.country:
        conditions.append(Election.country == filters.country.upper())
        needs_join = True
    if filters.election_id is not None:
        conditions.append(Election.id == filters.election_id)
        needs_join = True
    if filters.observer:
        conditions.append(Report.observer == filters.observer)
        needs_join = True
    if filters.report_id:
        conditions.append(Recommendation.report_id == filters.report_id)
    if filters.key:
        conditions.append(Recommendation.key == filters.key)
    if filters.priority is not None:
        conditions.append(Recommendation.priority.is_(filters.priority))
    if filters.topic:
        conditions.append(
            exists().where(
                recommendation_topics.c.recommendation_id == Recommendation.id,
                recommendation_topics.c.topic_id == filters.topic,
            )
        )
    if filters.ids is not None:
        conditions.append(_id_restriction(session, filters.ids))
    return conditions, needs_join


ROW_COLUMNS = (
    Recommendation.id,
    Recommendation.key,
    Recommendation.report_id,
    Recommendation.number,
    Recommendation.text,
    Recommendation.priority,
    Report.observer,
    Election.country,
    Election.id.label("election_id"),
    Election.date.label("election_date"),
    Election.type.label("election_type"),
)


def _rows(session: Session, statement: Any) -> list[SearchRow]:
    return [
        SearchRow(
            id=row.id,
            key=row.key,
            report_id=row.report_id,
            number=row.number,
            text=row.text,
            priority=row.priority,
            observer=row.observer,
            country=row.country,
            election_id=row.election_id,
            election_date=row.election_date,
            election_type=row.election_type,
        )
        for row in session.execute(statement)
    ]


def _joined(statement: Any) -> Any:
    return statement.join(Report, Report.id == Recommendation.report_id).join(
        Election, Election.id == Report.election_id
    )


def search(
    session: Session,
    text: str = "",
    filters: SearchFilters | None = None,
    *,
    order: Order = Order.NEWEST,
    offset: int = 0,
    limit: int = 100,
    count: bool = True,
) -> SearchPage:
    """One page of the recommendations that match `text` and `filters`, and how many match.

    In election order the page is found without sorting every match: one grouped count says
    how many matches each report holds (that is also the total), the reports in election
    order say which of them the page spans, and only their rows are read and sorted. The
    first page of a text-only search with many matches skips even the grouped count (see
    `_walk_first_page`). Best match first sorts by the text index's rank (and counts only
    when `count`)."""
    filters = filters or SearchFilters()
    offset = max(0, offset)
    limit = max(1, min(limit, MAX_PAGE))
    if filters.ids is not None and not filters.ids:
        return SearchPage(rows=[], total=0, offset=offset, limit=limit)
    conditions, needs_join = _conditions(session, filters)
    relevance = None
    found = _text_condition(session, text) if text.strip() else None
    if found is not None:
        condition, relevance = found
        conditions.append(condition)
    where = and_(*conditions) if conditions else None

    def restricted(statement: Any) -> Any:
        return statement if where is None else statement.where(where)

    in_order = (func.length(Recommendation.number), Recommendation.number)
    if order is Order.RELEVANCE and relevance is not None:
        statement = restricted(_joined(select(*ROW_COLUMNS)))
        newest = (Election.date.desc(), Recommendation.report_id, *in_order)
        rows = _rows(session, statement.order_by(relevance, *newest).offset(offset).limit(limit))
        total = -1
        if count:
            if offset == 0 and len(rows) < limit:
                total = len(rows)
            else:
                counted = restricted(
                    (
                        _joined(select(func.count())) if needs_join else select(func.count())
                    ).select_from(Recommendation)
                )
                total = int(session.scalar(counted) or 0)
        return SearchPage(rows=rows, total=total, offset=offset, limit=limit)

    if offset == 0 and found is not None and len(conditions) == 1:
        walked = _walk_first_page(session, text, conditions[0], order, limit)
        if walked is not None:
            return walked

    grouped = select(Recommendation.report_id, func.count().label("n")).select_from(Recommendation)
    if needs_join:
        grouped = _joined(grouped)
    per_report = {
        row.report_id: int(row.n)
        for row in session.execute(restricted(grouped).group_by(Recommendation.report_id))
    }
    total = sum(per_report.values())
    dates = {
        row.id: row.date
        for row in session.execute(
            select(Report.id, Election.date).join(Election, Election.id == Report.election_id)
        )
        if row.id in per_report
    }
    oldest = order is Order.OLDEST
    reports = sorted(
        per_report,
        key=lambda report: (dates[report].toordinal() * (1 if oldest else -1), report),
    )
    chosen: list[str] = []
    position = 0
    first_position = 0
    for report in reports:
        size = per_report[report]
        if position + size > offset and position < offset + limit:
            if not chosen:
                first_position = position
            chosen.append(report)
        position += size
        if position >= offset + limit:
            break
    rows = []
    if chosen:
        statement = restricted(_joined(select(*ROW_COLUMNS))).where(
            Recommendation.report_id.in_(chosen)
        )
        date_order = Election.date if oldest else Election.date.desc()
        statement = statement.order_by(date_order, Recommendation.report_id, *in_order)
        rows = _rows(session, statement.offset(offset - first_position).limit(limit))
    return SearchPage(rows=rows, total=total, offset=offset, limit=limit)


WALK_ABOVE = 3000  # text matches above which the first page walks the reports in order
WALK_CHUNKS = (8, 64, 512)


def _reports_in_order(session: Session, order: Order) -> list[str]:
    rows = list(
        session.execute(
            select(Report.id, Election.date).join(Election, Election.id == Report.election_id)
        )
    )
    oldest = order is Order.OLDEST
    rows.sort(key=lambda row: (row.date.toordinal() * (1 if oldest else -1), row.id))
    return [row.id for row in rows]


def _text_matches(session: Session, text: str, condition: Any) -> int:
    if session.get_bind().dialect.name == "sqlite":
        match = fts5_query(text)
        statement: Any = text_sql(
            f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :match"
        ).bindparams(match=match)
        return int(session.scalar(statement) or 0)
    return int(
        session.scalar(select(func.count()).select_from(Recommendation).where(condition)) or 0
    )


def _walk_first_page(
    session: Session, text: str, condition: Any, order: Order, limit: int
) -> SearchPage | None:
    """The first page of a text search that matches many rows, without counting per report:
    the total is the text index's own count, and the rows come from the first reports in
    election order (a few chunks of them), where a broad search finds a page at once."""
    total = _text_matches(session, text, condition)
    if total <= WALK_ABOVE:
        return None
    reports = _reports_in_order(session, order)
    date_order = Election.date if order is Order.OLDEST else Election.date.desc()
    rows: list[SearchRow] = []
    start = 0
    for size in (*WALK_CHUNKS, len(reports)):
        chunk = reports[start : start + size]
        if not chunk:
            break
        statement = (
            _joined(select(*ROW_COLUMNS))
            .where(condition, Recommendation.report_id.in_(chunk))
            .order_by(
                date_order,
                Recommendation.report_id,
                func.length(Recommendation.number),
                Recommendation.number,
            )
            .limit(limit - len(rows))
        )
        rows.extend(_rows(session, statement))
        start += size
        if len(rows) >= limit:
            break
    return SearchPage(rows=rows, total=total, offset=0, limit=limit)


def topics_of(session: Session, ids: Collection[int]) -> dict[int, list[str]]:
    """The topic ids of each of `ids` (a page's worth), sorted."""
    if not ids:
        return {}
    found: dict[int, list[str]] = {}
    for row in session.execute(
        select(recommendation_topics.c.recommendation_id, recommendation_topics.c.topic_id)
        .where(recommendation_topics.c.recommendation_id.in_(list(ids)))
        .order_by(recommendation_topics.c.topic_id)
    ):
        found.setdefault(row.recommendation_id, []).append(row.topic_id)
    return found
