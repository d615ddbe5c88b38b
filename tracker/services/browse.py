"""Browsing the store: a searchable, filterable, paged list of recommendations, and one
recommendation in full (its thread and timeline, the evidence about it, its links).

A recommendation's *last status* is its status at the latest election that assessed it, as
`tracker.followup.rows.verdict` defines the status at an election (the report of highest kind
counts; the worse status where reports of that kind disagree). Flags are its thread's flags.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace

from sqlalchemy.orm import Session

from tracker.enums import Status
from tracker.errors import InvalidInput, NotFound
from tracker.followup.rows import AssessmentRow, StatusVerdict, verdict
from tracker.followup.threads import Flag, Thread
from tracker.repositories import browsing
from tracker.repositories import followup as followup_rows
from tracker.repositories import search as search_repo
from tracker.repositories.browsing import (
    ElectionRef,
    EvidenceRecord,
    LinkRecord,
    RecommendationRecord,
)
from tracker.repositories.search import Order as Order  # the screens take it from here
from tracker.repositories.search import SearchFilters, SearchRow
from tracker.services import followup
from tracker.store import Store
from tracker.vocabulary import NOT_ASSESSED

STATUS_CHOICES: tuple[str, ...] = (*Status.values(), NOT_ASSESSED)


@dataclass(frozen=True)
class BrowseQuery:
    """What the reviewer asked for; every field narrows the list."""

    text: str = ""
    country: str | None = None
    election_id: int | None = None
    report_id: str | None = None
    observer: str | None = None
    topic: str | None = None
    status: str | None = None  # a Status value or "not-assessed": the last status
    priority: bool | None = None
    flag: Flag | None = None
    order: Order = Order.NEWEST

    def __post_init__(self) -> None:
        if self.status is not None and self.status not in STATUS_CHOICES:
            raise InvalidInput(
                f"unknown status {self.status!r}; expected one of {', '.join(STATUS_CHOICES)}"
            )

    def with_changes(self, **changes: object) -> BrowseQuery:
        return replace(self, **changes)  # type: ignore[arg-type]

    @property
    def filters_active(self) -> int:
        values = (
            self.country,
            self.election_id,
            self.report_id,
            self.observer,
            self.topic,
            self.status,
            self.priority,
            self.flag,
        )
        return sum(value is not None for value in values)


@dataclass(frozen=True, slots=True)
class BrowseRow:
    row: SearchRow
    topics: tuple[str, ...]
    last_status: Status | None

    @property
    def key(self) -> str:
        return self.row.key


@dataclass(frozen=True)
class BrowsePage:
    rows: list[BrowseRow]
    total: int
    offset: int
    limit: int

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.rows) < self.total


def last_verdicts(
    rows: Iterable[AssessmentRow], dates: Mapping[int, dt.date]
) -> dict[int, StatusVerdict]:
    """Each recommendation's verdict at the latest election that assessed it."""
    grouped: dict[int, dict[int, list[AssessmentRow]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        grouped[row.recommendation_id][row.election_id].append(row)
    found: dict[int, StatusVerdict] = {}
    for rec_id, by_election in grouped.items():
        latest = max(by_election, key=lambda election_id: (dates[election_id], election_id))
        result = verdict(by_election[latest])
        if result is not None:
            found[rec_id] = result
    return found


def _last_statuses(session: Session, ids: Collection[int]) -> dict[int, Status]:
    rows = followup_rows.assessment_rows(session, ids=ids)
    dates = browsing.election_dates(session, {row.election_id for row in rows})
    return {rec_id: found.status for rec_id, found in last_verdicts(rows, dates).items()}


def _status_ids(session: Session, status: str, country: str | None) -> set[int]:
    rows = followup_rows.assessment_rows(session, country)
    dates = browsing.election_dates(session, {row.election_id for row in rows})
    verdicts = last_verdicts(rows, dates)
    if status == NOT_ASSESSED:
        return set(browsing.recommendation_ids(session, country)) - set(verdicts)
    wanted = Status(status)
    return {rec_id for rec_id, found in verdicts.items() if found.status is wanted}


def _flag_ids(store: Store, flag: Flag, country: str | None) -> set[int]:
    found: set[int] = set()
    for country_threads in followup.threads(store, country).values():
        for thread in country_threads:
            if flag in thread.flags:
                found.update(member.id for member in thread.members)
    return found


def searches_words(text: str) -> bool:
    """Whether a search text holds any word the index searches for: single letters and
    symbols are left out, so "c++" or "a" searches for nothing (and matches every row)."""
    return bool(search_repo.search_words(text))


def search(
    store: Store,
    query: BrowseQuery | None = None,
    *,
    offset: int = 0,
    limit: int = 100,
    count: bool = True,
) -> BrowsePage:
    """One page of the recommendations matching `query`, with their topics and last status."""
    query = query or BrowseQuery()
    ids: set[int] | None = None
    if query.flag is not None:
        ids = _flag_ids(store, query.flag, query.country)
    with store.read() as session:
        if query.status is not None:
            by_status = _status_ids(session, query.status, query.country)
            ids = by_status if ids is None else ids & by_status
        filters = SearchFilters(
            country=query.country,
            election_id=query.election_id,
            report_id=query.report_id,
            observer=query.observer,
            topic=query.topic,
            priority=query.priority,
            ids=ids,
        )
        page = search_repo.search(
            session,
            query.text,
            filters,
            order=query.order,
            offset=offset,
            limit=limit,
            count=count,
        )
        page_ids = [row.id for row in page.rows]
        topics = search_repo.topics_of(session, page_ids)
        statuses = _last_statuses(session, page_ids)
    return BrowsePage(
        rows=[
            BrowseRow(
                row=row, topics=tuple(topics.get(row.id, ())), last_status=statuses.get(row.id)
            )
            for row in page.rows
        ],
        total=page.total,
        offset=page.offset,
        limit=page.limit,
    )


def row(store: Store, key: str) -> BrowseRow:
    """One recommendation as the list shows it (to refresh a row after a change)."""
    with store.read() as session:
        page = search_repo.search(session, "", SearchFilters(key=key), limit=1)
        if not page.rows:
            raise NotFound(f"no recommendation {key!r} in the store")
        found = page.rows[0]
        topics = search_repo.topics_of(session, [found.id])
        statuses = _last_statuses(session, [found.id])
    return BrowseRow(
        row=found, topics=tuple(topics.get(found.id, ())), last_status=statuses.get(found.id)
    )


@dataclass(frozen=True)
class Detail:
    """One recommendation in full."""

    record: RecommendationRecord
    evidence: list[EvidenceRecord]
    last_status: StatusVerdict | None
    thread: Thread
    links: list[LinkRecord] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.record.key

    @property
    def related(self) -> list[LinkRecord]:
        """Links other than the accepted restatements (those make the thread)."""
        return [
            link
            for link in self.links
            if not (link.kind.value == "restates" and link.state.value == "accepted")
        ]


def detail(store: Store, key: str) -> Detail:
    with store.read() as session:
        record = browsing.recommendation(session, key)
        evidence = browsing.evidence_of(session, record.id)
        links = browsing.links_of(session, record.id)
        rows = followup_rows.assessment_rows(session, ids=[record.id])
        dates = browsing.election_dates(session, {row.election_id for row in rows})
    thread = followup.thread_of(store, key)
    return Detail(
        record=record,
        evidence=evidence,
        last_status=last_verdicts(rows, dates).get(record.id),
        thread=thread,
        links=links,
    )


@dataclass(frozen=True)
class FilterOptions:
    countries: list[str]
    elections: list[ElectionRef]
    observers: list[str]
    topics: list[tuple[str, str]]

    def elections_of(self, country: str | None) -> list[ElectionRef]:
        if not country:
            return list(self.elections)
        return [election for election in self.elections if election.country == country]


def filter_options(store: Store) -> FilterOptions:
    with store.read() as session:
        elections = browsing.elections(session)
        return FilterOptions(
            countries=sorted({election.country for election in elections}),
            elections=elections,
            observers=browsing.observers(session),
            topics=browsing.topics(session),
        )
