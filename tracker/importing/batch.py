"""A batch: the files and folders of one `rectrack import`, read and checked as one.

`read_batch` reads every file (folders walked recursively in sorted order; files and folders
whose names start with a dot are skipped) and validates each on its own. `check_batch` then
checks what needs the whole batch and the store: topics named, references resolved, the
country and order of elections, one election described the same way by all its reports.
References resolve over the batch first, then over what the store holds (a `StoreSnapshot`),
so the order of files never matters.

Files with errors take part in `check_batch` with what validated in them (partial documents),
so that one run reports every problem of a batch; what they left unread (`Batch.unread`) is
never called unknown.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tracker.enums import ElectionType, LinkKind
from tracker.importing.documents import (
    NOTHING_UNREAD,
    Batch,
    ElectionDoc,
    Pos,
    ReportDoc,
    TopicDoc,
    Unread,
)
from tracker.importing.issues import FILE_PATH, ImportIssue, sorted_issues
from tracker.importing.reader import read_file
from tracker.importing.suggest import did_you_mean
from tracker.importing.validate import ANYTHING_UNREAD, parse_reference, read_document

YAML_SUFFIXES = (".yaml", ".yml")
# What `rectrack extract` drafts the YAML from (tracker.extracting.SUPPORTED_SUFFIXES, which
# this module does not import: it pulls in pdfminer), and other formats reports come in.
EXTRACTABLE_SUFFIXES = frozenset({".pdf", ".txt", ".text", ".md", ".markdown"})
DOCUMENT_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".docx", ".doc", ".odt", ".rtf"})
READS_YAML = "`rectrack import` reads the rectrack/1 YAML format (*.yaml, *.yml)"

Progress = Callable[[str, int, int], None]
"""Called as progress(stage, done, total) while a batch is read and written."""


def expand_paths(paths: Sequence[Path]) -> tuple[list[tuple[Path, str]], list[ImportIssue]]:
    """The files to read, each with the name that messages use, in sorted order per argument."""
    found: list[tuple[Path, str]] = []
    issues: list[ImportIssue] = []
    seen: set[Path] = set()
    for given in paths:
        name = str(given)
        if given.is_dir():
            files = sorted(_walk(given), key=lambda p: p.relative_to(given).parts)
            if not files:
                others = {path.suffix.lower() for path in _walk(given, yaml_only=False)}
                issues.append(
                    ImportIssue(
                        name,
                        1,
                        1,
                        FILE_PATH,
                        f"no *.yaml or *.yml files in this folder: {READS_YAML}"
                        + _extract_hint(others),
                    )
                )
            for path in files:
                resolved = path.resolve()
                if resolved not in seen:
                    seen.add(resolved)
                    found.append((path, str(path)))
        elif given.is_file() and given.suffix and not _is_yaml(given.name):
            issues.append(
                ImportIssue(
                    name,
                    1,
                    1,
                    FILE_PATH,
                    f"not a YAML file: {READS_YAML}" + _extract_hint({given.suffix.lower()}),
                )
            )
        elif given.is_file():
            resolved = given.resolve()
            if resolved not in seen:
                seen.add(resolved)
                found.append((given, name))
        else:
            issues.append(ImportIssue(name, 1, 1, FILE_PATH, "no such file or folder"))
    return found, issues


def _is_yaml(name: str) -> bool:
    return name.lower().endswith(YAML_SUFFIXES)


def _extract_hint(suffixes: set[str]) -> str:
    """Where reports are among `suffixes`: how to turn them into the YAML import reads."""
    if suffixes & EXTRACTABLE_SUFFIXES:
        return (
            "; to draft a report's YAML from its PDF, text or Markdown, run "
            "`rectrack extract FILE` first (see `rectrack extract --help`)"
        )
    if suffixes & DOCUMENT_SUFFIXES:
        return (
            "; `rectrack extract` drafts that YAML from a report's PDF, text or Markdown: "
            "save the report as PDF or text, then run `rectrack extract FILE` on it"
        )
    return ""


def _walk(folder: Path, *, yaml_only: bool = True) -> Iterable[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for file in files:
            if not file.startswith(".") and (_is_yaml(file) or not yaml_only):
                yield Path(root) / file


def read_batch(
    paths: Sequence[Path], progress: Progress | None = None
) -> tuple[Batch, list[ImportIssue]]:
    """Every file read and validated on its own, then duplicates across files found.

    Where there are issues, the batch also holds what validated in the files with errors
    (partial reports, the topics that validated) and says what they left unread: it is for
    `check_batch` only, never to import.
    """
    files, issues = expand_paths(paths)
    # A path that could not be read at all may hold anything.
    unread: list[Unread] = [ANYTHING_UNREAD] if issues else []
    topics: list[TopicDoc] = []
    reports: list[ReportDoc] = []
    for done, (path, name) in enumerate(files, start=1):
        root, read_issues = read_file(path, name)
        if read_issues:
            issues.extend(read_issues)
            unread.append(ANYTHING_UNREAD)
        if root is not None:
            document, doc_issues, doc_unread = read_document(root, name)
            if doc_issues:
                issues.extend(doc_issues)
                unread.append(doc_unread)
            if isinstance(document, list):
                topics.extend(document)
            elif document is not None:
                reports.append(document)
        if progress is not None:
            progress("reading", done, len(files))
    duplicates = _duplicates(topics, reports)
    if duplicates:
        issues.extend(duplicates)
        # Which of a duplicate report's files a reference means is not known.
        counts = Counter(report.id for report in reports)
        unread.append(Unread(numbers={id_: None for id_, n in counts.items() if n > 1}))
    batch = Batch(
        files=tuple(name for _, name in files),
        topics=tuple(topics),
        reports=tuple(reports),
        unread=_merged(unread),
    )
    return batch, sorted_issues(issues)


def _merged(unread: list[Unread]) -> Unread:
    if not unread:
        return NOTHING_UNREAD
    numbers: dict[str, frozenset[str] | None] = {}
    for part in unread:
        for report_id, found in part.numbers.items():
            known = numbers.get(report_id, frozenset())
            numbers[report_id] = None if found is None or known is None else known | found
    return Unread(
        topics=any(part.topics for part in unread),
        reports=any(part.reports for part in unread),
        numbers=numbers,
    )


def _duplicates(topics: list[TopicDoc], reports: list[ReportDoc]) -> list[ImportIssue]:
    issues: list[ImportIssue] = []
    first_topic: dict[str, TopicDoc] = {}
    for topic in topics:
        other = first_topic.setdefault(topic.id, topic)
        if other is not topic:
            issues.append(
                ImportIssue(
                    topic.file,
                    *topic.pos,
                    topic.path,
                    f"duplicate topic id {topic.id!r}: also in {other.file}:{other.pos[0]}",
                )
            )
    first_report: dict[str, ReportDoc] = {}
    for report in reports:
        other_report = first_report.setdefault(report.id, report)
        if other_report is not report:
            issues.append(
                ImportIssue(
                    report.file,
                    *report.pos,
                    "report.id",
                    f"duplicate report id {report.id!r}: also in "
                    f"{other_report.file}:{other_report.pos[0]}",
                )
            )
    return issues


# -- what the store holds ------------------------------------------------------------------


@dataclass(frozen=True)
class SnapshotRequest:
    """What the batch checks need to know of the store."""

    report_ids: frozenset[str]
    keys: frozenset[str]
    countries: frozenset[str] = frozenset()


def snapshot_request(batch: Batch) -> SnapshotRequest:
    """The batch's reports, and every referenced recommendation that the batch does not hold
    (with the reports they belong to)."""
    in_batch = {
        report.key(rec.number) for report in batch.reports for rec in report.recommendations
    }
    keys: set[str] = set()
    for report in batch.reports:
        for rec in report.recommendations:
            keys.update(rec.restates)
            keys.update(rec.related)
            keys.update(rec.distinct_from)
        keys.update(assessment.recommendation for assessment in report.assessments)
    keys -= in_batch
    report_ids = {report.id for report in batch.reports}
    for key in keys:
        parsed = parse_reference(key)
        if parsed is not None:
            report_ids.add(parsed[0])
    return SnapshotRequest(
        report_ids=frozenset(report_ids),
        keys=frozenset(keys),
        countries=frozenset(report.country for report in batch.reports),
    )


@dataclass(frozen=True)
class StoreSnapshot:
    """The part of the store that the batch checks read.

    `topics`: every topic id. `report_ids`: every report id (for suggestions). `reports`: the
    election of each requested report that the store holds. `recommendations`: each requested
    key that the store holds, with its report id. `elections`: each election of the batch's
    countries, by identity, with its `early` flag and the ids of its reports.
    """

    topics: frozenset[str] = frozenset()
    report_ids: frozenset[str] = frozenset()
    reports: Mapping[str, ElectionDoc] = field(default_factory=dict)
    recommendations: Mapping[str, str] = field(default_factory=dict)
    elections: Mapping[tuple[str, ElectionType, dt.date], tuple[bool, frozenset[str]]] = field(
        default_factory=dict
    )


EMPTY_STORE = StoreSnapshot()


# -- checks over the batch and the store ------------------------------------------------------


def describe_election(election: ElectionDoc) -> str:
    return f"the {election.type.value} election of {election.date.isoformat()}"


class _BatchChecker:
    def __init__(self, batch: Batch, snapshot: StoreSnapshot, prune: bool) -> None:
        self.batch = batch
        self.snapshot = snapshot
        self.prune = prune
        self.unread = batch.unread
        self.issues: list[ImportIssue] = []
        self.topics = {topic.id for topic in batch.topics} | snapshot.topics
        self.batch_reports: dict[str, ReportDoc] = {report.id: report for report in batch.reports}
        self.elections: dict[str, ElectionDoc] = dict(snapshot.reports)
        self.elections.update({report.id: report.election for report in batch.reports})
        self.batch_keys: set[str] = {
            report.key(rec.number) for report in batch.reports for rec in report.recommendations
        }
        self.links: dict[tuple[str, str], tuple[ReportDoc, Pos]] = {}

    def error(self, report: ReportDoc, at: Pos, path: str, message: str) -> None:
        self.issues.append(ImportIssue(report.file, at[0], at[1], path, message))

    def run(self) -> list[ImportIssue]:
        self.check_elections()
        for report in self.batch.reports:
            self.check_report(report)
        return sorted_issues(self.issues)

    def check_elections(self) -> None:
        described: dict[tuple[object, ...], ReportDoc] = {}
        for report in self.batch.reports:
            stored = self.snapshot.reports.get(report.id)
            if stored is not None and stored.country != report.country:
                self.error(
                    report,
                    report.pos,
                    "report.country",
                    f"report {report.id!r} is in the store for country {stored.country}: a report "
                    "cannot move to another country (remove it from the store first)",
                )
            first = described.setdefault(report.election.identity, report)
            if first is not report and first.election.early != report.election.early:
                self.error(
                    report,
                    report.election_pos,
                    "report.election.early",
                    f"{describe_election(report.election)} is early in one file and not in the "
                    f"other: {first.file} says early: {str(first.election.early).lower()}",
                )
                continue
            self.check_early_against_store(report)

    def check_early_against_store(self, report: ReportDoc) -> None:
        """Changing whether an election is early changes every report on it: a file may do so
        only when the batch holds all of the election's reports in the store."""
        stored = self.snapshot.elections.get(report.election.identity)
        if stored is None or stored[0] == report.election.early:
            return
        early, report_ids = stored
        others = sorted(report_ids - set(self.batch_reports))
        if others:
            self.error(
                report,
                report.election_pos,
                "report.election.early",
                f"{describe_election(report.election)} is {'' if early else 'not '}early in the "
                f"store ({others[0]} says so) and {'not ' if early else ''}early in this file: "
                f"write early: {str(early).lower()}, or import every report on it together to "
                "change it",
            )

    def check_report(self, report: ReportDoc) -> None:
        for rec in report.recommendations:
            base = f"recommendations[{rec.index}]"
            for i, topic in enumerate(rec.topics):
                if topic not in self.topics and not self.unread.topics:
                    self.error(
                        report,
                        rec.positions.topics[i],
                        f"{base}.topics[{i}]",
                        f"unknown topic {topic!r}{did_you_mean(topic, self.topics)}",
                    )
            source = report.key(rec.number)
            for kind, keys, positions in (
                ("restates", rec.restates, rec.positions.restates),
                ("related", rec.related, rec.positions.related),
                ("distinct_from", rec.distinct_from, rec.positions.distinct_from),
            ):
                for i, key in enumerate(keys):
                    path = f"{base}.{kind}[{i}]"
                    election = self.resolve(report, key, positions[i], path)
                    if election is None:
                        continue
                    if not self.same_country(report, election, key, positions[i], path):
                        continue
                    self.check_order(report, election, key, kind, positions[i], path)
                    self.check_pair(report, source, key, positions[i], path)
        for assessment in report.assessments:
            path = f"assessments[{assessment.index}].recommendation"
            at = assessment.recommendation_pos
            key = assessment.recommendation
            election = self.resolve(report, key, at, path)
            if election is None or not self.same_country(report, election, key, at, path):
                continue
            if election.date >= report.election.date:
                self.error(
                    report,
                    at,
                    path,
                    f"an assessment must be of a recommendation from an earlier election; "
                    f"{key!r} is from {describe_election(election)}, this report from "
                    f"{describe_election(report.election)}",
                )

    def resolve(self, report: ReportDoc, key: str, at: Pos, path: str) -> ElectionDoc | None:
        """The election of the referenced recommendation, or None after reporting it."""
        parsed = parse_reference(key)
        assert parsed is not None  # the file checks made sure
        report_id, number = parsed
        if key in self.batch_keys:
            return self.elections[report_id]
        # A file with errors may hold it: then it is not unknown, and where it stands is not
        # known either.
        unread = self.unread.may_hold(report_id, number)
        if key in self.snapshot.recommendations:
            owner = self.batch_reports.get(report_id)
            if self.prune and owner is not None:
                if unread:
                    return None
                self.error(
                    report,
                    at,
                    path,
                    f"unknown recommendation {key!r}: {owner.file} does not hold it, "
                    "and --prune removes it from the store",
                )
                return None
            return self.elections[report_id]
        if unread:
            return None
        owner = self.batch_reports.get(report_id)
        if owner is not None:
            numbers = [rec.number for rec in owner.recommendations]
            self.error(
                report,
                at,
                path,
                f"unknown recommendation {key!r}: report {report_id!r} has no number "
                f"{number!r}{did_you_mean(number, numbers)}",
            )
        elif self.unread.reports:
            pass  # a file whose report id could not be read may be the one that holds it
        elif report_id in self.snapshot.reports:
            self.error(
                report,
                at,
                path,
                f"unknown recommendation {key!r}: report {report_id!r} in the store has no "
                f"number {number!r}",
            )
        else:
            # A reference points to another report: the file's own is never the one meant.
            known = (set(self.batch_reports) | self.snapshot.report_ids) - {report.id}
            self.error(
                report,
                at,
                path,
                f"unknown recommendation {key!r}: no report {report_id!r} in this batch or the "
                f"store{did_you_mean(report_id, known)}",
            )
        return None

    def same_country(
        self, report: ReportDoc, election: ElectionDoc, key: str, at: Pos, path: str
    ) -> bool:
        if election.country == report.country:
            return True
        self.error(
            report,
            at,
            path,
            f"{key!r} is a recommendation of another country ({election.country}); "
            f"this report is about {report.country}",
        )
        return False

    def check_order(
        self,
        report: ReportDoc,
        election: ElectionDoc,
        key: str,
        kind: str,
        at: Pos,
        path: str,
    ) -> None:
        own = report.election
        if kind == LinkKind.RESTATES.value:
            if election.date >= own.date:
                where = (
                    "the same election"
                    if election.identity == own.identity
                    else describe_election(election)
                )
                self.error(
                    report,
                    at,
                    path,
                    f"restates must point to an earlier election: {key!r} is from {where}, "
                    f"this report from {describe_election(own)}",
                )
        elif election.date > own.date:
            self.error(
                report,
                at,
                path,
                f"{kind} must not point to a later election: {key!r} is from "
                f"{describe_election(election)}, this report from {describe_election(own)}",
            )

    def check_pair(self, report: ReportDoc, source: str, target: str, at: Pos, path: str) -> None:
        reverse = self.links.get((target, source))
        if reverse is not None:
            other, other_at = reverse
            self.error(
                report,
                at,
                path,
                f"{target!r} already links to this recommendation ({other.file}:{other_at[0]}): "
                "a pair has one link",
            )
            return
        self.links[(source, target)] = (report, at)


def check_batch(
    batch: Batch, snapshot: StoreSnapshot = EMPTY_STORE, *, prune: bool = False
) -> list[ImportIssue]:
    """Every problem that needs the whole batch or the store, sorted by file and line."""
    return _BatchChecker(batch, snapshot, prune).run()
