"""Blocking: which earlier recommendations are candidates for which recommendation.

The rule: a recommendation's candidates are the recommendations of the SAME country from
EARLIER elections (any observer, any kind of report). Each country is one block; inside a block
the "earlier election" rule is a vectorised mask over election dates. Every candidate records
how it was found (`match_key`), so that a reviewer and the evaluation can tell a candidate of
the country block from one found some other way.

Blocking knows nothing of scores; scoring knows nothing of countries or dates beyond the mask
it is handed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

EPOCH = dt.date(1900, 1, 1)


@dataclass(frozen=True, slots=True)
class MatchRecord:
    """What matching needs of one recommendation; plain data, no Session."""

    id: int
    key: str
    country: str
    election_date: dt.date
    report_id: str
    text: str
    topics: frozenset[str] = frozenset()
    observer: str = ""
    # The normalised tokens joined by spaces, where known (the store's cache, see cache.py);
    # None: the scorer normalises `text`. `cached_digest`: the digest stored beside them.
    tokens: str | None = None
    cached_digest: str | None = None


@dataclass
class Block:
    """One pool: `records` (queries and their possible candidates) and which of them are
    queries (`query_rows`, indices into `records`)."""

    match_key: str
    records: list[MatchRecord]
    query_rows: npt.NDArray[np.int64]
    days: npt.NDArray[np.int64] = field(init=False)

    def __post_init__(self) -> None:
        self.days = np.fromiter(
            ((record.election_date - EPOCH).days for record in self.records),
            dtype=np.int64,
            count=len(self.records),
        )

    def eligible(self, rows: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
        """A (len(rows) x len(records)) mask: True where the record is from an earlier
        election than the query at that row."""
        result: npt.NDArray[np.bool_] = self.days[None, :] < self.days[rows][:, None]
        return result


def country_key(country: str) -> str:
    return f"country={country};earlier-election"


ACROSS_COUNTRIES_KEY = "any-country;earlier-election"


def make_blocks(
    queries: Iterable[MatchRecord],
    history: Iterable[MatchRecord],
    *,
    across_countries: bool = False,
) -> Iterator[Block]:
    """One block per country of the queries, holding the queries and every record of that
    country from an election before the latest query's. `history` may include the queries
    themselves. `across_countries` pools all countries into one block (for evaluating how
    scores hold up when other countries' asks are mixed in as distractors; never used to
    propose)."""
    by_country: dict[str, list[MatchRecord]] = defaultdict(list)
    for query in queries:
        by_country["*" if across_countries else query.country].append(query)
    if not by_country:
        return
    latest = {
        country: max(query.election_date for query in members)
        for country, members in by_country.items()
    }
    pool: dict[str, dict[int, MatchRecord]] = defaultdict(dict)
    for record in history:
        country = "*" if across_countries else record.country
        if country in latest and record.election_date < latest[country]:
            pool[country][record.id] = record
    for country in sorted(by_country):
        members = by_country[country]
        records = dict(pool[country])
        for query in members:
            records.setdefault(query.id, query)
        ordered = sorted(records.values(), key=lambda record: (record.election_date, record.id))
        position = {record.id: index for index, record in enumerate(ordered)}
        query_rows = np.array(sorted({position[query.id] for query in members}), dtype=np.int64)
        key = ACROSS_COUNTRIES_KEY if across_countries else country_key(country)
        yield Block(match_key=key, records=ordered, query_rows=query_rows)


def count_candidates(block: Block) -> Sequence[int]:
    """How many candidates each query of the block has (for summaries)."""
    counts = np.searchsorted(np.sort(block.days), block.days[block.query_rows], side="left")
    return [int(value) for value in counts]
