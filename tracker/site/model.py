"""The static site's model: built once from the follow-up rows, rendered to pages. A thread's
members, timeline and gaps are named tuples: a large store has hundreds of thousands of them,
and a frozen dataclass costs several times as much to build.

Every figure comes from the follow-up definitions (`tracker.followup`: threads, their
timelines and flags) and the briefing's model (`tracker.reporting.model`: headline figures,
the status mix per cycle, each recommendation's own latest status): nothing is derived here in
another way. This module only arranges those results by page and names the pages' files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shlex
from dataclasses import dataclass
from typing import NamedTuple

from tracker.followup.rows import AssessmentRow, CountryRows, ElectionRow, RecommendationRow
from tracker.followup.threads import Flag, FlagRules, Thread, build_threads
from tracker.reporting.model import (
    Briefing,
    ElectionRef,
    ReportRow,
    StatusMix,
    build_briefing,
)

DEFAULT_TITLE = "Election observation recommendations"
NOT_ASSESSED = "not-assessed"
# What a flag means, in the words of design.md, for the pages' glossary and thread pages.
_RULES = FlagRules()
FLAG_MEANINGS: dict[str, str] = {
    Flag.LONG_STANDING.value: (
        f"raised at {_RULES.long_standing_elections} or more distinct elections"
    ),
    Flag.REGRESSED.value: "a later status is worse than an earlier one",
    Flag.STALLED.value: (
        f"restated at {_RULES.stalled_restatements} or more later elections, and every status "
        "given so far is not implemented"
    ),
    Flag.UNADDRESSED.value: (
        "the next election after one of its recommendations had a report, and no report of "
        "that election assessed or restated it"
    ),
    Flag.PRIORITY_OUTSTANDING.value: (
        "a priority recommendation whose latest status is neither fully implemented nor no "
        "longer relevant"
    ),
}
FLAG_ORDER: tuple[str, ...] = tuple(flag.value for flag in Flag)

_SAFE_NUMBER = re.compile(r"^[a-z0-9]+([._-][a-z0-9]+)*$")
_UNSAFE = re.compile(r"[^a-z0-9]+")
_WEB = re.compile(r"^https?://[^\s]+$", re.IGNORECASE)


@dataclass(frozen=True)
class ReportInfo:
    """A report's title and address, as the repository loads them."""

    title: str | None
    url: str | None


@dataclass(frozen=True)
class SiteOptions:
    """What was asked for; the footer's rebuilding command is made from it."""

    folder: str
    countries: tuple[str, ...] = ()
    as_of: dt.date | None = None
    title: str = DEFAULT_TITLE

    def command(self) -> str:
        parts = ["rectrack", "site", self.folder]
        for code in self.countries:
            parts += ["--country", code]
        if self.as_of is not None:
            parts += ["--as-of", self.as_of.isoformat()]
        if self.title != DEFAULT_TITLE:
            parts += ["--title", self.title]
        return shlex.join(parts)


@dataclass(frozen=True)
class DataDate:
    text: str | None
    source: str | None


def key_slug(key: str) -> str:
    """A file name (and fragment id) for a recommendation key, safe on every file system:
    `<report id>--<number>`. A number that is not already lower-case letters, digits and
    single dots, hyphens or underscores is spelled with hyphens, plus a short hash of the key,
    so that two keys never share a name (not even where case does not count)."""
    report_id, _, number = key.partition("#")
    if _SAFE_NUMBER.match(number):
        return f"{report_id}--{number}"
    spelled = _UNSAFE.sub("-", number.lower()).strip("-") or "n"
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]
    return f"{report_id}--{spelled}-{digest}"


def web_address(url: str | None) -> str | None:
    """A report's address where it is a web one (http or https); another scheme
    (`javascript:`, `data:`, a file) is never made a link."""
    if url is None:
        return None
    stripped = url.strip()
    return stripped if _WEB.match(stripped) else None


def country_folder(code: str) -> str:
    return code.lower()


def thread_path(code: str, thread_id: str) -> str:
    """The thread page, relative to the site's root."""
    return f"{country_folder(code)}/threads/{key_slug(thread_id)}.html"


@dataclass(frozen=True)
class ReportEntry:
    id: str
    observer: str
    kind: str
    published: dt.date | None
    title: str | None
    url: str | None
    recommendations: int


@dataclass(frozen=True)
class ElectionEntry:
    election: ElectionRef
    reports: list[ReportEntry]
    recommendations: int


class MemberView(NamedTuple):
    key: str
    anchor: str
    election: ElectionRef
    report_id: str
    number: str
    priority: bool
    topics: list[str]
    text: str
    status: str | None  # its own latest status (the briefing's), None: never assessed
    status_at: dt.date | None
    previous_key: str | None  # the member before it in the thread
    previous_text: str | None  # its text: the page shows the words that turn it into this one


class TimelineEntry(NamedTuple):
    election: ElectionRef
    state: str  # assessed, restated not assessed, not assessed
    status: str | None
    disagreement: list[str]  # every status given by disagreeing reports of the same kind
    assessed_key: str | None
    assessed_anchor: str | None
    report_id: str | None
    evidence: str | None
    assessor: str | None
    restated_by: list[str]


class GapEntry(NamedTuple):
    key: str
    raised_at: ElectionRef
    missed_at: ElectionRef


@dataclass(frozen=True)
class ThreadView:
    id: str
    country: str
    path: str  # relative to the site's root
    members: list[MemberView]
    timeline: list[TimelineEntry]
    gaps: list[GapEntry]
    flags: list[str]  # in FLAG_ORDER
    first_raised: ElectionRef
    times_raised: int
    years_outstanding: float | None
    latest_status: str | None
    disputed: bool
    priority: bool
    topics: list[str]

    @property
    def latest_member(self) -> MemberView:
        return self.members[-1]

    @property
    def status_filter(self) -> str:
        return self.latest_status or NOT_ASSESSED


@dataclass(frozen=True)
class CountryView:
    code: str
    name: str
    folder: str
    briefing: Briefing
    elections: list[ElectionEntry]
    threads: list[ThreadView]
    topics: list[str]  # the topics of its threads, sorted

    @property
    def flagged(self) -> list[ThreadView]:
        return [thread for thread in self.threads if thread.flags]

    @property
    def latest_mix(self) -> StatusMix | None:
        mixes = self.briefing.status_mix
        return mixes[-1] if mixes else None

    @property
    def recommendations(self) -> int:
        return sum(len(thread.members) for thread in self.threads)


@dataclass(frozen=True)
class Site:
    options: SiteOptions
    title: str
    data_date: DataDate
    countries: list[CountryView]
    topic_labels: dict[str, str]

    @property
    def command(self) -> str:
        return self.options.command()

    @property
    def recommendations(self) -> int:
        return sum(country.recommendations for country in self.countries)


def _assessors(rows: CountryRows) -> dict[tuple[int, str], AssessmentRow]:
    return {(row.recommendation_id, row.report_id): row for row in rows.assessments}


def _ref(elections: dict[int, ElectionRef], election: ElectionRow) -> ElectionRef:
    """The election's one reference (built once per country), or a new one."""
    found = elections.get(election.id)
    return found if found is not None else ElectionRef.of(election)


def _thread_view(
    code: str,
    thread: Thread,
    own: dict[str, tuple[str | None, dt.date | None]],
    ids: dict[str, int],
    assessments: dict[tuple[int, str], AssessmentRow],
    elections: dict[int, ElectionRef],
) -> ThreadView:
    members: list[MemberView] = []
    previous: RecommendationRow | None = None
    for member in thread.members:
        status, status_at = own.get(member.key, (None, None))
        members.append(
            MemberView(
                key=member.key,
                anchor=key_slug(member.key),
                election=elections[member.election_id],
                report_id=member.report_id,
                number=member.number,
                priority=member.priority,
                topics=list(member.topics),
                text=member.text,
                status=status,
                status_at=status_at,
                previous_key=previous.key if previous else None,
                previous_text=previous.text if previous else None,
            )
        )
        previous = member
    timeline = []
    for row in thread.timeline:
        verdict = row.verdict
        given = (
            assessments.get((ids[row.assessed_key], verdict.report_id))
            if verdict is not None and row.assessed_key is not None
            else None
        )
        timeline.append(
            TimelineEntry(
                election=_ref(elections, row.election),
                state=row.state.value,
                status=verdict.status.value if verdict else None,
                disagreement=[status.value for status in verdict.disagreement] if verdict else [],
                assessed_key=row.assessed_key,
                assessed_anchor=key_slug(row.assessed_key) if row.assessed_key else None,
                report_id=verdict.report_id if verdict else None,
                evidence=verdict.evidence if verdict else None,
                assessor=given.assessor if given else None,
                restated_by=list(row.restated_by),
            )
        )
    latest = thread.latest_verdict
    return ThreadView(
        id=thread.id,
        country=code,
        path=thread_path(code, thread.id),
        members=members,
        timeline=timeline,
        gaps=[
            GapEntry(gap.key, _ref(elections, gap.raised_at), _ref(elections, gap.missed_at))
            for gap in thread.gaps
        ],
        flags=[flag for flag in FLAG_ORDER if Flag(flag) in thread.flags],
        first_raised=_ref(elections, thread.first_raised),
        times_raised=thread.times_raised,
        years_outstanding=thread.years_outstanding,
        latest_status=latest.status.value if latest else None,
        disputed=bool(latest and latest.disagreement),
        priority=thread.priority,
        topics=list(thread.topics),
    )


def build_country(
    code: str,
    rows: CountryRows,
    reports: list[ReportRow],
    details: dict[str, ReportInfo],
    topic_labels: dict[str, str],
    as_of: dt.date | None = None,
) -> CountryView:
    """One country's pages: its briefing (headline, status mix, lists) and its threads."""
    briefing = build_briefing(code, rows, reports, topic_labels, as_of=as_of)
    threads = build_threads(rows, as_of)
    elections = rows.elections_until(as_of)
    refs = {election.id: ElectionRef.of(election) for election in elections}
    own = {line.key: (line.status, line.status_at) for line in briefing.recommendations}
    ids = {rec.key: rec.id for rec in rows.recommendations}
    assessments = _assessors(rows)
    views = [_thread_view(code, thread, own, ids, assessments, refs) for thread in threads]

    per_report: dict[str, int] = {}
    for thread in threads:
        for member in thread.members:
            per_report[member.report_id] = per_report.get(member.report_id, 0) + 1
    entries = []
    for election in elections:
        held = [report for report in reports if report.election_id == election.id]
        entries.append(
            ElectionEntry(
                election=refs[election.id],
                reports=[
                    ReportEntry(
                        id=report.id,
                        observer=report.observer,
                        kind=report.kind,
                        published=report.published,
                        title=details.get(report.id, ReportInfo(None, None)).title,
                        url=web_address(details.get(report.id, ReportInfo(None, None)).url),
                        recommendations=per_report.get(report.id, 0),
                    )
                    for report in held
                ],
                recommendations=sum(per_report.get(report.id, 0) for report in held),
            )
        )
    topics = sorted({topic for thread in views for topic in thread.topics})
    return CountryView(
        code=briefing.country,
        name=briefing.name,
        folder=country_folder(briefing.country),
        briefing=briefing,
        elections=entries,
        threads=views,
        topics=topics,
    )
