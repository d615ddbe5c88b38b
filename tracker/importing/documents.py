"""The plain objects that a valid batch of YAML files becomes, and that export writes back.

They are frozen and hold no Session. Positions (`pos`, 1-based line and column) say where a
value came from, for the batch-level checks' error messages; they take no part in equality, so
a document read from a file equals the same document built from the store.
"""

from __future__ import annotations

import datetime as dt
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

    @property
    def country(self) -> str:
        return self.election.country

    def key(self, number: str) -> str:
        return recommendation_key(self.id, number)


@dataclass(frozen=True)
class Batch:
    """Everything a run of `rectrack import` read, file by file, in sorted path order."""

    files: tuple[str, ...]
    topics: tuple[TopicDoc, ...]
    reports: tuple[ReportDoc, ...]

    @property
    def report_ids(self) -> list[str]:
        return [report.id for report in self.reports]
