"""The plain objects that a valid batch of YAML files becomes, and that export writes back.

They are frozen and hold no Session. Positions (`pos`, 1-based line and column) say where a
value came from, for the batch-level checks' error messages; they take no part in equality, so
a document read from a file equals the same document built from the store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from tracker.enums import ElectionType, ReportKind, Status
from tracker.keys import natural_key, recommendation_key

FORMAT = "rectrack/1"

Pos = tuple[int, int]
NO_POS: Pos = (1, 1)


def natural_order(text: str) -> tuple[object, ...]:
    """A total order: natural (`#2` before `#10`), ties broken by the text itself."""
    return (natural_key(text), text)


@dataclass(frozen=True, slots=True)
class TopicDoc:
    id: str
    label: str
    description: str | None = None
    file: str = field(default="", compare=False, repr=False)
    pos: Pos = field(default=NO_POS, compare=False, repr=False)
    path: str = field(default="", compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class ElectionDoc:
    country: str
    type: ElectionType
    date: dt.date
    early: bool = False

    @property
    def identity(self) -> tuple[str, ElectionType, dt.date]:
        """An election is identified by (country, type, date); `early` describes it."""
        return (self.country, self.type, self.date)

    def as_dict(self) -> dict[str, object]:
        return {
            "country": self.country,
            "type": self.type.value,
            "date": self.date.isoformat(),
            "early": self.early,
        }


@dataclass(frozen=True, slots=True)
class RefPositions:
    """Where each item of a recommendation's lists stands in its file."""

    topics: tuple[Pos, ...] = ()
    restates: tuple[Pos, ...] = ()
    related: tuple[Pos, ...] = ()
    distinct_from: tuple[Pos, ...] = ()


@dataclass(frozen=True, slots=True)
class RecommendationDoc:
    number: str
    text: str
    topics: tuple[str, ...]
    priority: bool = False
    addressees: tuple[str, ...] = ()
    restates: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    distinct_from: tuple[str, ...] = ()
    index: int = field(default=0, compare=False, repr=False)
    pos: Pos = field(default=NO_POS, compare=False, repr=False)
    positions: RefPositions = field(default=RefPositions(), compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class AssessmentDoc:
    recommendation: str
    status: Status
    evidence: str | None = None
    assessor: str | None = None
    index: int = field(default=0, compare=False, repr=False)
    pos: Pos = field(default=NO_POS, compare=False, repr=False)
    recommendation_pos: Pos = field(default=NO_POS, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class ReportDoc:
    id: str
    election: ElectionDoc
    observer: str
    kind: ReportKind
    recommendations: tuple[RecommendationDoc, ...]
    assessments: tuple[AssessmentDoc, ...] = ()
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    note: str | None = None
    file: str = field(default="", compare=False, repr=False)
    pos: Pos = field(default=NO_POS, compare=False, repr=False)
    election_pos: Pos = field(default=NO_POS, compare=False, repr=False)
    recommendations_pos: Pos = field(default=NO_POS, compare=False, repr=False)
    # Read from a file with errors: only its id, election, and the recommendations and
    # assessments that validated (observer and kind may be placeholders). The batch checks use
    # it; nothing imports it.
    partial: bool = False

    @property
    def country(self) -> str:
        return self.election.country

    def key(self, number: str) -> str:
        return recommendation_key(self.id, number)


@dataclass(frozen=True)
class Unread:
    """What files with errors may hold that a batch could not read, so that the batch checks
    call nothing "unknown" that could be among it.

    `topics`: a taxonomy (or a file of unknown kind) had errors: any topic id may be meant.
    `reports`: a report file whose id could not be read (or a file of unknown kind): any report
    id may be meant. `numbers`: by report id, the numbers of its recommendations that could not
    be read; None where any number may be meant (its `report:` header, or an entry's number,
    had errors).
    """

    topics: bool = False
    reports: bool = False
    numbers: Mapping[str, frozenset[str] | None] = field(default_factory=dict)

    def may_hold(self, report_id: str, number: str) -> bool:
        """Whether the recommendation may be one that a file with errors holds."""
        if report_id not in self.numbers:
            return False
        numbers = self.numbers[report_id]
        return numbers is None or number in numbers


NOTHING_UNREAD = Unread()


@dataclass(frozen=True)
class Batch:
    """Everything a run of `rectrack import` read, file by file, in sorted path order.

    Where files had errors, `reports` also holds the partial reports read from them (for the
    batch checks only) and `unread` says what could not be read.
    """

    files: tuple[str, ...]
    topics: tuple[TopicDoc, ...]
    reports: tuple[ReportDoc, ...]
    unread: Unread = NOTHING_UNREAD

    @property
    def report_ids(self) -> list[str]:
        return [report.id for report in self.reports]
