"""The briefing model: built once from follow-up results, rendered to every format.

Every figure here comes from `tracker.followup` (threads, flags, timelines, cycle summaries,
status changes): nothing is recomputed in another way. The JSON format is `as_dict()` of the
pack; Markdown, HTML and CSV render the same objects. `build_briefing` runs named steps, each a
pure function of the threads and rows it is given (`headline`, `missing_notes`, `long_standing`,
`priority_outstanding`, `changes_at`, `coverage_gap`), so each is tested on its own.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from tracker import countries
from tracker.enums import Status
from tracker.followup.changes import ChangeKind, StatusChange, first_raised_at, status_changes_at
from tracker.followup.rows import CountryRows, ElectionRow
from tracker.followup.summary import STATUS_COLUMNS, CycleSummary, StatusCounts, cycle_summaries
from tracker.followup.threads import Flag, Thread, build_threads
from tracker.history_entries import json_value
from tracker.keys import natural_key
from tracker.vocabulary import election_label

FORMAT_VERSION = "rectrack-briefing/1"
ROUND = 4
DEFAULT_LIMIT = 15


@dataclass(frozen=True, slots=True)
class ReportRow:
    """A report of the country, as the repository loads it."""

    id: str
    election_id: int
    observer: str
    kind: str
    published: dt.date | None


@dataclass(frozen=True)
class BriefingOptions:
    """What was asked for; the footer's reproducing command is made from it."""

    countries: tuple[str, ...]
    as_of: dt.date | None = None
    topics: tuple[str, ...] = ()
    priority_only: bool = False
    output: str | None = None
    # Rows shown per list in Markdown and HTML (None: all); CSV and JSON always hold all.
    limit: int | None = DEFAULT_LIMIT


@dataclass(frozen=True)
class ElectionRef:
    date: dt.date
    type: str

    @property
    def label(self) -> str:
        return election_label(self.date, self.type)

    @classmethod
    def of(cls, row: ElectionRow) -> ElectionRef:
        return cls(date=row.date, type=row.type)


@dataclass(frozen=True)
class Headline:
    elections: int
    reports: int
    recommendations: int
    threads: int
    first_election: ElectionRef | None
    latest_election: ElectionRef | None
    previous_election: ElectionRef | None
    latest_report_published: dt.date | None
    # The previous election's recommendations, by their status at the latest election.
    implementation_rate: float | None
    implemented: int
    assessed: int
    of: int
    flag_counts: dict[str, int]


@dataclass(frozen=True)
class StatusMix:
    """The recommendations raised at `previous`, by their status at `election`."""

    election: ElectionRef
    previous: ElectionRef
    total: int
    counts: dict[str, int]
    shares: dict[str, float]
    assessed: int
    implementation_rate: float | None


@dataclass(frozen=True)
class TopicStatus:
    topic: str
    label: str
    total: int
    counts: dict[str, int]
    implementation_rate: float | None


@dataclass(frozen=True)
class TopicTable:
    election: ElectionRef
    previous: ElectionRef
    rows: list[TopicStatus]


@dataclass(frozen=True)
class ThreadLine:
    thread: str
    first_raised: ElectionRef
    times_raised: int
    years_outstanding: float | None
    latest_key: str
    latest_text: str
    latest_status: str | None
    disputed: bool
    priority: bool
    topics: list[str]
    flags: list[str]


@dataclass(frozen=True)
class ChangeLine:
    thread: str
    assessed_key: str
    latest_text: str
    before: str | None
    before_election: ElectionRef | None
    after: str
    disputed: bool
    kind: str


@dataclass(frozen=True)
class NewAsk:
    key: str
    text: str
    priority: bool
    topics: list[str]


@dataclass(frozen=True)
class Changes:
    election: ElectionRef
    previous: ElectionRef
    status_changes: list[ChangeLine]
    counts: dict[str, int]
    new_asks: list[NewAsk]
    restated: int


@dataclass(frozen=True)
class GapLine:
    key: str
    thread: str
    raised_at: ElectionRef
    missed_at: ElectionRef
    text: str


@dataclass(frozen=True)
class RecommendationLine:
    """One row of the CSV: a recommendation, its own latest status, and its thread's."""

    key: str
    report: str
    observer: str
    election: ElectionRef
    number: str
    priority: bool
    topics: list[str]
    text: str
    status: str | None
    status_at: dt.date | None
    thread: str
    thread_first_raised: dt.date
    thread_times_raised: int
    thread_status: str | None
    years_outstanding: float | None
    flags: list[str]


@dataclass(frozen=True)
class Briefing:
    country: str
    name: str
    as_of: dt.date | None
    headline: Headline
    status_mix: list[StatusMix]
    by_topic: TopicTable | None
    long_standing: list[ThreadLine]
    priority_outstanding: list[ThreadLine]
    changes: Changes | None
    coverage_gap: list[GapLine]
    recommendations: list[RecommendationLine]
    missing: list[str]

    @property
    def has_data(self) -> bool:
        return self.headline.elections > 0


@dataclass(frozen=True)
class ComparisonRow:
    country: str
    name: str
    elections: int
    latest_election: ElectionRef | None
    recommendations: int
    threads: int
    implementation_rate: float | None
    long_standing: int
    priority_outstanding: int
    regressions: int
    coverage_gap: int


@dataclass(frozen=True)
class Footer:
    data_date: str | None
    data_date_source: str | None
    command: str


@dataclass(frozen=True)
class BriefingPack:
    options: BriefingOptions
    briefings: list[Briefing]
    comparison: list[ComparisonRow]
    footer: Footer
    format: str = FORMAT_VERSION

    @property
    def is_pack(self) -> bool:
        return len(self.briefings) > 1

    def as_dict(self) -> dict[str, Any]:
        result = jsonable(self)
        assert isinstance(result, dict)
        return result


def jsonable(value: Any) -> Any:
    """Dataclasses to dicts (their fields, in order); each value as the history writes it
    (dates to ISO text, enums to their stored value), so a value reads the same everywhere."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        result = {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
        if isinstance(value, ElectionRef):
            result["label"] = value.label
        return result
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    return json_value(value)


def _rate(value: float | None) -> float | None:
    return None if value is None else round(value, ROUND)


def _status(status: Status | None) -> str | None:
    return status.value if status else None


@dataclass
class _Scope:
    threads: list[Thread]
    rows: CountryRows
    member_ids: set[int] = field(default_factory=set)


def _scope(
    rows: CountryRows, threads: list[Thread], topics: tuple[str, ...], priority_only: bool
) -> _Scope:
    """The threads the filters select, and the rows of their members (for cycle summaries).
    Without filters the rows are the country's own, so the figures are the services'."""
    if not topics and not priority_only:
        return _Scope(threads, rows, {m.id for t in threads for m in t.members})
    wanted = set(topics)
    selected = [
        thread
        for thread in threads
        if (not wanted or wanted & set(thread.topics)) and (not priority_only or thread.priority)
    ]
    member_ids = {member.id for thread in selected for member in thread.members}
    scoped = CountryRows(
        country=rows.country,
        elections=list(rows.elections),
        recommendations=[rec for rec in rows.recommendations if rec.id in member_ids],
        assessments=[a for a in rows.assessments if a.recommendation_id in member_ids],
        restatements=[],
    )
    return _Scope(selected, scoped, member_ids)


def _thread_line(thread: Thread) -> ThreadLine:
    latest = thread.latest_verdict
    return ThreadLine(
        thread=thread.id,
        first_raised=ElectionRef.of(thread.first_raised),
        times_raised=thread.times_raised,
        years_outstanding=thread.years_outstanding,
        latest_key=thread.latest_member.key,
        latest_text=thread.latest_member.text,
        latest_status=_status(latest.status if latest else None),
        disputed=bool(latest and latest.disagreement),
        priority=thread.priority,
        topics=list(thread.topics),
        flags=sorted(flag.value for flag in thread.flags),
    )


def _mix(cycle: CycleSummary) -> StatusMix:
    counts = cycle.overall
    return StatusMix(
        election=ElectionRef.of(cycle.election),
        previous=ElectionRef.of(cycle.previous),
        total=counts.total,
        counts={column: counts.counts[column] for column in STATUS_COLUMNS},
        shares={column: round(counts.share(column), ROUND) for column in STATUS_COLUMNS},
        assessed=counts.assessed,
        implementation_rate=_rate(counts.implementation_rate),
    )


def _topic_table(
    cycle: CycleSummary, labels: dict[str, str], topics: tuple[str, ...]
) -> TopicTable:
    rows = []
    for topic, counts in cycle.by_topic.items():
        if topics and topic not in topics:
            continue
        rows.append(_topic_status(topic, labels.get(topic, topic), counts))
    return TopicTable(ElectionRef.of(cycle.election), ElectionRef.of(cycle.previous), rows)


def _topic_status(topic: str, label: str, counts: StatusCounts) -> TopicStatus:
    return TopicStatus(
        topic=topic,
        label=label,
        total=counts.total,
        counts={column: counts.counts[column] for column in STATUS_COLUMNS},
        implementation_rate=_rate(counts.implementation_rate),
    )


def _change_line(change: StatusChange) -> ChangeLine:
    thread = change.thread
    return ChangeLine(
        thread=thread.id,
        assessed_key=change.row.assessed_key or thread.id,
        latest_text=thread.latest_member.text,
        before=_status(change.before.status if change.before else None),
        before_election=ElectionRef.of(change.before_election) if change.before_election else None,
        after=change.after.status.value,
        disputed=bool(change.after.disagreement),
        kind=change.kind.value,
    )


def _recommendation_lines(
    rows: CountryRows, threads: list[Thread], elections: list[ElectionRow], reports: list[ReportRow]
) -> list[RecommendationLine]:
    position = {election.id: index for index, election in enumerate(elections)}
    observers = {report.id: report.observer for report in reports}
    assessed_at: dict[int, set[int]] = {}
    for assessment in rows.assessments:
        if assessment.election_id in position:
            assessed_at.setdefault(assessment.recommendation_id, set()).add(assessment.election_id)
    lines = []
    for thread in threads:
        thread_status = _status(thread.latest_status)
        flags = sorted(flag.value for flag in thread.flags)
        for member in thread.members:
            own: tuple[Status, dt.date] | None = None
            # the member's own latest status: at the latest election that assessed it
            later = sorted(assessed_at.get(member.id, ()), key=position.__getitem__, reverse=True)
            for election_id in later:
                found = rows.status_at(member.id, election_id)
                if found is not None:
                    own = (found.status, elections[position[election_id]].date)
                    break
            election = elections[position[member.election_id]]
            lines.append(
                RecommendationLine(
                    key=member.key,
                    report=member.report_id,
                    observer=observers.get(member.report_id, member.observer),
                    election=ElectionRef.of(election),
                    number=member.number,
                    priority=member.priority,
                    topics=list(member.topics),
                    text=member.text,
                    status=own[0].value if own else None,
                    status_at=own[1] if own else None,
                    thread=thread.id,
                    thread_first_raised=thread.first_raised.date,
                    thread_times_raised=thread.times_raised,
                    thread_status=thread_status,
                    years_outstanding=thread.years_outstanding,
                    flags=flags,
                )
            )
    lines.sort(key=lambda line: (line.election.date, natural_key(line.key)))
    return lines


def _empty_headline() -> Headline:
    return Headline(
        elections=0,
        reports=0,
        recommendations=0,
        threads=0,
        first_election=None,
        latest_election=None,
        previous_election=None,
        latest_report_published=None,
        implementation_rate=None,
        implemented=0,
        assessed=0,
        of=0,
        flag_counts={flag.value: 0 for flag in Flag},
    )


def build_briefing(
    country: str,
    rows: CountryRows | None,
    reports: list[ReportRow],
    topic_labels: dict[str, str],
    *,
    as_of: dt.date | None = None,
    topics: tuple[str, ...] = (),
    priority_only: bool = False,
) -> Briefing:
    """The briefing of one country from its follow-up rows (None: nothing in the store).

    The steps, each a function of its own: the threads the filters select (`_scope`), the
    status mix per cycle, the headline figures (`headline`), what is missing and why
    (`missing_notes`), the long-standing and priority lists (`long_standing`,
    `priority_outstanding`), the changes at the latest election (`changes_at`), the coverage
    gap (`coverage_gap`) and one line per recommendation (`_recommendation_lines`)."""
    code = country.upper()
    name = countries.name_of(code) or code
    elections = rows.elections_until(as_of) if rows else []
    if rows is None or not elections:
        return _empty_briefing(code, name, as_of)

    all_threads = build_threads(rows, as_of)
    scope = _scope(rows, all_threads, topics, priority_only)
    threads = scope.threads
    cycles = cycle_summaries(scope.rows, len(elections) - 1)
    latest, previous = elections[-1], (elections[-2] if len(elections) > 1 else None)
    reports_until = reports_of(reports, elections)
    last_cycle = cycles[-1] if cycles else None
    return Briefing(
        country=code,
        name=name,
        as_of=as_of,
        headline=headline(elections, reports_until, threads, last_cycle),
        status_mix=[_mix(cycle) for cycle in cycles],
        by_topic=_topic_table(last_cycle, topic_labels, topics) if last_cycle else None,
        long_standing=[_thread_line(thread) for thread in long_standing(threads)],
        priority_outstanding=[_thread_line(thread) for thread in priority_outstanding(threads)],
        changes=changes_at(threads, latest, previous) if previous else None,
        coverage_gap=coverage_gap(threads, latest) if previous else [],
        recommendations=_recommendation_lines(rows, threads, elections, reports_until),
        missing=missing_notes(
            code,
            name,
            elections,
            filtered=bool(topics or priority_only),
            threads=threads,
            all_threads=all_threads,
            last_cycle=last_cycle,
        ),
    )


def _empty_briefing(code: str, name: str, as_of: dt.date | None) -> Briefing:
    """The briefing of a country the store holds no election of (up to `as_of`)."""
    until = f" up to {as_of.isoformat()}" if as_of else ""
    return Briefing(
        country=code,
        name=name,
        as_of=as_of,
        headline=_empty_headline(),
        status_mix=[],
        by_topic=None,
        long_standing=[],
        priority_outstanding=[],
        changes=None,
        coverage_gap=[],
        recommendations=[],
        missing=[f"The store holds no elections of {name} ({code}){until}."],
    )


def reports_of(reports: list[ReportRow], elections: list[ElectionRow]) -> list[ReportRow]:
    """The reports on `elections` (those up to the "as of" date)."""
    election_ids = {election.id for election in elections}
    return [report for report in reports if report.election_id in election_ids]


def headline(
    elections: list[ElectionRow],
    reports: list[ReportRow],
    threads: list[Thread],
    last_cycle: CycleSummary | None,
) -> Headline:
    """The headline figures: counts, the elections first, latest and previous, the latest
    report's publication, the implementation rate of the last cycle, threads per flag."""
    latest, previous = elections[-1], (elections[-2] if len(elections) > 1 else None)
    latest_published = [
        report.published
        for report in reports
        if report.election_id == latest.id and report.published
    ]
    rate_counts = last_cycle.overall if last_cycle else StatusCounts()
    flag_counts = Counter(flag.value for thread in threads for flag in thread.flags)
    return Headline(
        elections=len(elections),
        reports=len(reports),
        recommendations=sum(len(thread.members) for thread in threads),
        threads=len(threads),
        first_election=ElectionRef.of(elections[0]),
        latest_election=ElectionRef.of(latest),
        previous_election=ElectionRef.of(previous) if previous else None,
        latest_report_published=max(latest_published) if latest_published else None,
        implementation_rate=_rate(rate_counts.implementation_rate),
        implemented=rate_counts.implemented,
        assessed=rate_counts.assessed,
        of=rate_counts.total,
        flag_counts={flag.value: flag_counts[flag.value] for flag in Flag},
    )


def missing_notes(
    code: str,
    name: str,
    elections: list[ElectionRow],
    *,
    filtered: bool,
    threads: list[Thread],
    all_threads: list[Thread],
    last_cycle: CycleSummary | None,
) -> list[str]:
    """What the briefing cannot show, and why: one election only, nothing matching the
    filters (`threads` are those selected, `all_threads` the country's), no recommendations,
    no assessment of the last cycle."""
    latest, previous = elections[-1], (elections[-2] if len(elections) > 1 else None)
    rate_counts = last_cycle.overall if last_cycle else StatusCounts()
    missing: list[str] = []
    if previous is None:
        missing.append(
            f"Only one election of {name} is in the store ({latest.label}): no later report "
            "has assessed its recommendations yet, so there is no status mix, no change since "
            "a previous election and no coverage gap."
        )
    if filtered and not threads:
        missing.append("No recommendation matches the filters.")
    if not all_threads:
        missing.append(f"The store holds no recommendations of {name} ({code}) yet.")
    if last_cycle is not None and rate_counts.total and rate_counts.assessed == 0:
        missing.append(
            f"No recommendation of the {previous.label if previous else ''} election was "
            f"assessed at the {latest.label} election (or all were found no longer relevant): "
            "there is no implementation rate."
        )
    return missing


def long_standing(threads: list[Thread]) -> list[Thread]:
    """The long-standing threads, most often raised first (then the earliest raised)."""
    return sorted(
        (thread for thread in threads if Flag.LONG_STANDING in thread.flags),
        key=lambda t: (-t.times_raised, t.first_raised.date, natural_key(t.id)),
    )


def priority_outstanding(threads: list[Thread]) -> list[Thread]:
    """The priority threads still outstanding, longest outstanding first (a briefing shows
    the head of each list)."""
    return sorted(
        (thread for thread in threads if Flag.PRIORITY_OUTSTANDING in thread.flags),
        key=lambda t: (-(t.years_outstanding or 0.0), -t.times_raised, natural_key(t.id)),
    )


def changes_at(threads: list[Thread], latest: ElectionRow, previous: ElectionRow) -> Changes:
    """What changed at the latest election: status changes (counted by kind), asks raised
    there first (priority first), and how many threads it restated."""
    status_changes = [_change_line(change) for change in status_changes_at(threads, latest)]
    kinds = Counter(line.kind for line in status_changes)
    return Changes(
        election=ElectionRef.of(latest),
        previous=ElectionRef.of(previous),
        status_changes=status_changes,
        counts={kind.value: kinds[kind.value] for kind in ChangeKind},
        new_asks=[
            NewAsk(
                key=thread.id,
                text=thread.members[0].text,
                priority=thread.priority,
                topics=list(thread.topics),
            )
            for thread in sorted(first_raised_at(threads, latest), key=lambda t: not t.priority)
        ],
        restated=sum(
            1
            for thread in threads
            if thread.first_raised.id != latest.id
            and any(member.election_id == latest.id for member in thread.members)
        ),
    )


def coverage_gap(threads: list[Thread], latest: ElectionRow) -> list[GapLine]:
    """The recommendations the latest election's reports neither assessed nor restated, by
    key."""
    texts = {member.key: member.text for thread in threads for member in thread.members}
    return sorted(
        (
            GapLine(
                key=gap.key,
                thread=thread.id,
                raised_at=ElectionRef.of(gap.raised_at),
                missed_at=ElectionRef.of(gap.missed_at),
                text=texts[gap.key],
            )
            for thread in threads
            for gap in thread.gaps
            if gap.missed_at.id == latest.id
        ),
        key=lambda line: natural_key(line.key),
    )


def comparison_row(briefing: Briefing) -> ComparisonRow:
    headline = briefing.headline
    changes = briefing.changes
    return ComparisonRow(
        country=briefing.country,
        name=briefing.name,
        elections=headline.elections,
        latest_election=headline.latest_election,
        recommendations=headline.recommendations,
        threads=headline.threads,
        implementation_rate=headline.implementation_rate,
        long_standing=len(briefing.long_standing),
        priority_outstanding=len(briefing.priority_outstanding),
        regressions=changes.counts[ChangeKind.REGRESSED.value] if changes else 0,
        coverage_gap=len(briefing.coverage_gap),
    )
