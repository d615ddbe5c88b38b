"""Comparing a valid batch with what the store holds: what to create, change, remove, keep.

Pure: the store's current content comes in as plain objects (`StoreContent`), and so does the
answer to "did a person make this decision?" (`Provenance`). The plan carries the rows to write,
the history entries to record (conventions of tracker.repositories.history), a summary per
report, and the conflicts: places where a file contradicts a reviewer's decision.

The rules:
- Report, recommendation and topic fields: the file wins; each changed field is recorded.
- Links and assessments that a file declares: created when absent; a proposal (the matcher's)
  becomes the file's decision; a decision that came from an import follows the file; a decision
  a person made in the store that the file contradicts is a conflict.
- Links and assessments that a file no longer declares: removed where an import made them, kept
  where a person did.
- Recommendations missing from a file are kept, unless `prune`: then they are removed, and a
  conflict where decisions hang on them (accepted or rejected links, assessments).
- `prefer` settles conflicts: "file" applies the file, "store" keeps the store's decision;
  without it the plan lists them and the service writes nothing.
- The store as the plan leaves it keeps the store's rules (`check_rules`): a link or an
  assessment that it keeps, held by a report outside the batch or kept by the plan, and that a
  moved report or election would leave pointing the wrong way, is a rule break: a conflict
  that no `prefer` settles. A matcher's proposal in that place is removed instead.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from tracker import history_entries
from tracker.enums import LinkKind, LinkState, ReportKind, Status
from tracker.history_entries import AssessmentKey, LinkKey, json_value
from tracker.importing.documents import (
    AssessmentDoc,
    Batch,
    ElectionDoc,
    RecommendationDoc,
    ReportDoc,
    TopicDoc,
)
from tracker.importing.issues import ImportIssue, sorted_issues
from tracker.keys import split_key

Prefer = Literal["file", "store"]
IMPORT_ACTION = "import"


# -- what the store holds ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoredRecommendation:
    id: int
    key: str
    number: str
    text: str
    priority: bool
    topics: tuple[str, ...]
    addressees: tuple[str, ...]

    def values(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "text": self.text,
            "priority": self.priority,
            "topics": sorted(self.topics),
            "addressees": list(self.addressees),
        }


@dataclass(frozen=True, slots=True)
class StoredReport:
    id: str
    election: ElectionDoc
    observer: str
    kind: ReportKind
    title: str | None
    published: dt.date | None
    url: str | None
    note: str | None
    recommendations: Mapping[str, StoredRecommendation]


@dataclass(frozen=True, slots=True)
class StoredLink:
    id: int
    source: str
    target: str
    kind: LinkKind
    state: LinkState
    score: float | None = None
    breakdown: dict[str, Any] | None = None
    decided_by: str | None = None
    decided_at: dt.datetime | None = None

    @property
    def key(self) -> str:
        return str(LinkKey(self.source, self.target))

    @property
    def decided(self) -> bool:
        return self.state is not LinkState.PROPOSED

    def values(self) -> dict[str, Any]:
        return history_entries.link_values(
            LinkKey(self.source, self.target),
            kind=self.kind,
            state=self.state,
            score=self.score,
            breakdown=self.breakdown,
            decided_by=self.decided_by,
            decided_at=self.decided_at,
        )


@dataclass(frozen=True, slots=True)
class StoredAssessment:
    id: int
    recommendation: str
    report_id: str
    status: Status
    evidence: str | None
    assessor: str | None

    @property
    def key(self) -> str:
        return str(AssessmentKey(self.recommendation, self.report_id))

    def values(self) -> dict[str, Any]:
        return history_entries.assessment_values(
            AssessmentKey(self.recommendation, self.report_id),
            status=self.status,
            evidence=self.evidence,
            assessor=self.assessor,
        )


@dataclass(frozen=True)
class StoreContent:
    """What the store holds that the batch touches.

    `topics`: every topic. `reports`: the batch's reports that the store holds, with their
    recommendations. `links`: every link that touches a recommendation of those reports, by
    (source key, target key). `assessments`: every assessment by those reports or of their
    recommendations, by (recommendation key, report id). `elections`: the election of every
    report at either end of those links and assessments, by report id.
    """

    topics: Mapping[str, TopicDoc] = field(default_factory=dict)
    reports: Mapping[str, StoredReport] = field(default_factory=dict)
    links: Mapping[tuple[str, str], StoredLink] = field(default_factory=dict)
    assessments: Mapping[tuple[str, str], StoredAssessment] = field(default_factory=dict)
    elections: Mapping[str, ElectionDoc] = field(default_factory=dict)


EMPTY_CONTENT = StoreContent()


Question = tuple[str, str, str | None]
"""(entity, history key, field): who last changed this row (field None) or this field?"""


class Provenance:
    """Whether a person made the last change to a row or field that a file contradicts: a link
    or an assessment (any field), or a field of a recommendation (a reviewer's edit).

    The store answers from the history: the latest entry for it was a person's (any action but
    an import's or the matcher's). Planning runs twice: first with `Provenance.asking()`, which
    records the questions and answers "a person" to all, so that the history is read for those
    rows only; then with the store's answer.
    """

    def __init__(
        self, by_person: frozenset[Question] = frozenset(), recording: bool = False
    ) -> None:
        self._by_person = by_person
        self._recording = recording
        self.asked: set[Question] = set()

    @classmethod
    def asking(cls) -> Provenance:
        return cls(recording=True)

    def by_person(self, entity: str, key: str, field: str | None = None) -> bool:
        question = (entity, key, field)
        if self._recording:
            self.asked.add(question)
            return True
        return question in self._by_person


# -- the plan ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Change:
    """One history entry: `field` None for a created (`old` None) or removed (`new` None) row."""

    entity: str
    key: str
    field: str | None
    old: Any
    new: Any


@dataclass(frozen=True, slots=True)
class NewLink:
    source: str
    target: str
    kind: LinkKind
    state: LinkState


@dataclass(frozen=True, slots=True)
class NewAssessment:
    recommendation: str
    report_id: str
    status: Status
    evidence: str | None
    assessor: str | None


@dataclass(frozen=True, slots=True)
class RowUpdate:
    """New column values for one row, by id (`key` names it for messages)."""

    id: int
    key: str
    values: Mapping[str, Any]


@dataclass
class Counts:
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    kept: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "added": self.added,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "kept": self.kept,
        }

    @property
    def touched(self) -> bool:
        return bool(self.added or self.changed or self.removed)


@dataclass
class ReportSummary:
    id: str
    file: str
    status: Literal["added", "changed", "unchanged"] = "unchanged"
    fields: list[str] = field(default_factory=list)
    recommendations: Counts = field(default_factory=Counts)
    links: Counts = field(default_factory=Counts)
    assessments: Counts = field(default_factory=Counts)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "file": self.file,
            "status": self.status,
            "fields": list(self.fields),
            "recommendations": self.recommendations.as_dict(),
            "links": self.links.as_dict(),
            "assessments": self.assessments.as_dict(),
        }


@dataclass
class Plan:
    topics_new: list[TopicDoc] = field(default_factory=list)
    topics_update: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    reports_new: list[ReportDoc] = field(default_factory=list)
    reports_update: list[tuple[ReportDoc, dict[str, Any]]] = field(default_factory=list)
    recommendations_new: list[tuple[str, RecommendationDoc]] = field(default_factory=list)
    recommendations_update: list[RowUpdate] = field(default_factory=list)
    topics_of: dict[int, tuple[str, ...]] = field(default_factory=dict)
    recommendations_delete: list[int] = field(default_factory=list)
    links_new: list[NewLink] = field(default_factory=list)
    links_update: list[RowUpdate] = field(default_factory=list)
    links_delete: list[int] = field(default_factory=list)
    assessments_new: list[NewAssessment] = field(default_factory=list)
    assessments_update: list[RowUpdate] = field(default_factory=list)
    assessments_delete: list[int] = field(default_factory=list)
    history: list[Change] = field(default_factory=list)
    conflicts: list[ImportIssue] = field(default_factory=list)
    # Links and assessments held in the store that the batch would leave breaking the store's
    # rules (see `_Planner.check_rules`): conflicts that no `prefer` settles.
    rule_breaks: list[ImportIssue] = field(default_factory=list)
    resolved: list[ImportIssue] = field(default_factory=list)
    topics: Counts = field(default_factory=Counts)
    reports: list[ReportSummary] = field(default_factory=list)

    @property
    def writes_anything(self) -> bool:
        return bool(self.history) or any(
            (
                self.topics_new,
                self.topics_update,
                self.reports_new,
                self.reports_update,
                self.recommendations_new,
                self.recommendations_update,
                self.recommendations_delete,
                self.links_new,
                self.links_update,
                self.links_delete,
                self.assessments_new,
                self.assessments_update,
                self.assessments_delete,
            )
        )


# -- values as the history records them (links and assessments: tracker.history_entries) -----


def recommendation_values(doc: RecommendationDoc) -> dict[str, Any]:
    return {
        "number": doc.number,
        "text": doc.text,
        "priority": doc.priority,
        "topics": sorted(doc.topics),
        "addressees": list(doc.addressees),
    }


def stored_assessor(assessor: str | None, observer: str) -> str | None:
    """The store keeps an assessor only where it differs from the report's observer."""
    return None if assessor is None or assessor == observer else assessor


def file_decision(list_name: str) -> tuple[LinkKind, LinkState]:
    if list_name == "restates":
        return LinkKind.RESTATES, LinkState.ACCEPTED
    if list_name == "related":
        return LinkKind.RELATED, LinkState.ACCEPTED
    return LinkKind.RESTATES, LinkState.REJECTED


def same_decision(link: StoredLink, kind: LinkKind, state: LinkState) -> bool:
    """A rejection is a rejection whatever kind was proposed (`distinct_from`)."""
    if state is LinkState.REJECTED:
        return link.state is LinkState.REJECTED
    return link.state is state and link.kind is kind


def decision_name(kind: LinkKind, state: LinkState) -> str:
    if state is LinkState.REJECTED:
        return "distinct_from (rejected)"
    if state is LinkState.PROPOSED:
        return f"a proposed {kind.value} link"
    return f"{kind.value} (accepted)"


REFERENCE_LISTS = ("restates", "related", "distinct_from")


# -- planning ---------------------------------------------------------------------------------


class _Planner:
    def __init__(
        self,
        content: StoreContent,
        provenance: Provenance,
        *,
        actor: str,
        now: dt.datetime,
        prune: bool,
        prefer: Prefer | None,
    ) -> None:
        self.content = content
        self.provenance = provenance
        self.actor = actor
        self.now = now.replace(microsecond=0)
        self.prune = prune
        self.prefer = prefer
        self.plan = Plan()
        self.links_from: dict[str, list[StoredLink]] = defaultdict(list)
        self.links_to: dict[str, list[StoredLink]] = defaultdict(list)
        for link in content.links.values():
            self.links_from[link.source].append(link)
            self.links_to[link.target].append(link)
        self.assessments_of: dict[str, list[StoredAssessment]] = defaultdict(list)
        self.assessments_by: dict[str, list[StoredAssessment]] = defaultdict(list)
        for assessment in content.assessments.values():
            self.assessments_of[assessment.recommendation].append(assessment)
            self.assessments_by[assessment.report_id].append(assessment)

    # -- conflicts ----------------------------------------------------------------------------

    def conflict(self, report: ReportDoc, at: tuple[int, int], path: str, message: str) -> bool:
        """Record a conflict; True where the file's side is to be applied."""
        if self.prefer is None:
            hint = " (--prefer file applies the file, --prefer store keeps the store's)"
            issue = ImportIssue(report.file, at[0], at[1], path, message + hint)
            self.plan.conflicts.append(issue)
            return False
        winner = "the file's" if self.prefer == "file" else "the store's"
        issue = ImportIssue(report.file, at[0], at[1], path, f"{message}: kept {winner}")
        self.plan.resolved.append(issue)
        return self.prefer == "file"

    def record(self, entity: str, key: str, field: str | None, old: Any, new: Any) -> None:
        self.plan.history.append(Change(entity, key, field, old, new))

    # -- topics -------------------------------------------------------------------------------

    def topics(self, topics: tuple[TopicDoc, ...]) -> None:
        counts = self.plan.topics
        for topic in topics:
            stored = self.content.topics.get(topic.id)
            if stored is None:
                self.plan.topics_new.append(topic)
                self.record(
                    "topic",
                    topic.id,
                    None,
                    None,
                    {"id": topic.id, "label": topic.label, "description": topic.description},
                )
                counts.added += 1
                continue
            values: dict[str, Any] = {}
            for name in ("label", "description"):
                old, new = getattr(stored, name), getattr(topic, name)
                if old != new:
                    values[name] = new
                    self.record("topic", topic.id, name, old, new)
            if values:
                self.plan.topics_update.append((topic.id, values))
                counts.changed += 1
            else:
                counts.unchanged += 1

    # -- reports ------------------------------------------------------------------------------

    def report(self, report: ReportDoc) -> None:
        stored = self.content.reports.get(report.id)
        summary = ReportSummary(id=report.id, file=report.file)
        self.plan.reports.append(summary)
        if stored is None:
            self.new_report(report, summary)
        else:
            self.existing_report(report, stored, summary)

    def new_report(self, report: ReportDoc, summary: ReportSummary) -> None:
        self.plan.reports_new.append(report)
        links = 0
        for rec in report.recommendations:
            self.plan.recommendations_new.append((report.id, rec))
            source = report.key(rec.number)
            for list_name in REFERENCE_LISTS:
                kind, state = file_decision(list_name)
                for target in getattr(rec, list_name):
                    self.plan.links_new.append(NewLink(source, target, kind, state))
                    links += 1
        for assessment in report.assessments:
            self.plan.assessments_new.append(self.new_assessment(report, assessment))
        summary.status = "added"
        summary.recommendations.added = len(report.recommendations)
        summary.links.added = links
        summary.assessments.added = len(report.assessments)
        self.record(
            "report",
            report.id,
            None,
            None,
            {
                "election": report.election.as_dict(),
                "observer": report.observer,
                "kind": report.kind.value,
                "recommendations": len(report.recommendations),
                "links": links,
                "assessments": len(report.assessments),
            },
        )

    def existing_report(
        self, report: ReportDoc, stored: StoredReport, summary: ReportSummary
    ) -> None:
        values: dict[str, Any] = {}
        for name in ("election", "observer", "kind", "title", "published", "url", "note"):
            old, new = getattr(stored, name), getattr(report, name)
            if old != new:
                values[name] = new
                summary.fields.append(name)
                self.record("report", report.id, name, json_value(old), json_value(new))
        if values:
            self.plan.reports_update.append((report, values))

        in_file: set[str] = set()
        for doc in report.recommendations:
            in_file.add(doc.number)
            self.recommendation(report, stored, doc, summary)
        missing = [rec for number, rec in stored.recommendations.items() if number not in in_file]
        pruned = {rec.key for rec in missing} if self.prune else set()
        for gone in sorted(missing, key=lambda r: r.id):
            if self.prune:
                self.prune_recommendation(report, gone, pruned, summary)
            else:
                summary.recommendations.kept += 1
        self.assessments(report, summary)
        touched = (
            summary.fields
            or summary.recommendations.touched
            or summary.links.touched
            or summary.assessments.touched
        )
        summary.status = "changed" if touched else "unchanged"

    def recommendation(
        self,
        report: ReportDoc,
        stored_report: StoredReport,
        rec: RecommendationDoc,
        summary: ReportSummary,
    ) -> None:
        key = report.key(rec.number)
        stored = stored_report.recommendations.get(rec.number)
        if stored is None:
            self.plan.recommendations_new.append((report.id, rec))
            self.record("recommendation", key, None, None, recommendation_values(rec))
            summary.recommendations.added += 1
        else:
            values: dict[str, Any] = {}
            for name in ("text", "priority", "addressees", "topics"):
                old, new = getattr(stored, name), getattr(rec, name)
                if name == "topics":
                    old, new = tuple(sorted(old)), tuple(sorted(new))
                if old == new or not self.file_may_change(report, rec, key, name):
                    continue
                self.record("recommendation", key, name, json_value(old), json_value(new))
                if name == "topics":
                    self.plan.topics_of[stored.id] = new
                else:
                    values[name] = list(new) if name == "addressees" else new
            if values:
                self.plan.recommendations_update.append(RowUpdate(stored.id, key, values))
            if values or stored.id in self.plan.topics_of:
                summary.recommendations.changed += 1
            else:
                summary.recommendations.unchanged += 1
        self.links_of(report, rec, key, summary, existing=stored is not None)

    def links_of(
        self,
        report: ReportDoc,
        rec: RecommendationDoc,
        source: str,
        summary: ReportSummary,
        *,
        existing: bool,
    ) -> None:
        declared: set[tuple[str, str]] = set()
        counts = summary.links
        for list_name in REFERENCE_LISTS:
            kind, state = file_decision(list_name)
            targets: tuple[str, ...] = getattr(rec, list_name)
            positions = getattr(rec.positions, list_name)
            for index, target in enumerate(targets):
                stored = self.content.links.get((source, target))
                if stored is None:
                    stored = self.content.links.get((target, source))
                if stored is None:
                    self.plan.links_new.append(NewLink(source, target, kind, state))
                    key = LinkKey(source, target)
                    self.record(
                        "link",
                        str(key),
                        None,
                        None,
                        history_entries.link_values(
                            key,
                            kind=kind,
                            state=state,
                            score=None,
                            breakdown=None,
                            decided_by=self.actor,
                            decided_at=self.now,
                        ),
                    )
                    counts.added += 1
                    continue
                declared.add((stored.source, stored.target))
                if stored.decided and same_decision(stored, kind, state):
                    counts.unchanged += 1
                    continue
                if stored.decided and self.provenance.by_person("link", stored.key):
                    path = f"recommendations[{rec.index}].{list_name}[{index}]"
                    message = (
                        f"the file says {decision_name(kind, state)} for {target!r}, "
                        f"a reviewer decided {decision_name(stored.kind, stored.state)} "
                        f"({stored.decided_by or 'unknown'})"
                    )
                    if not self.conflict(report, positions[index], path, message):
                        counts.kept += 1
                        continue
                self.update_link(stored, kind, state)
                counts.changed += 1
        if not existing:
            return
        for stored in self.links_from.get(source, ()):
            if not stored.decided:
                continue
            if (stored.source, stored.target) in declared:
                continue
            if self.provenance.by_person("link", stored.key):
                counts.kept += 1
                continue
            self.plan.links_delete.append(stored.id)
            self.record("link", stored.key, None, stored.values(), None)
            counts.removed += 1

    def file_may_change(
        self, report: ReportDoc, rec: RecommendationDoc, key: str, name: str
    ) -> bool:
        """A field that a person edited in the store is a conflict; True where the file's
        value is to be written."""
        if not self.provenance.by_person("recommendation", key, name):
            return True
        return self.conflict(
            report,
            rec.pos,
            f"recommendations[{rec.index}].{name}",
            f"{name} of {key!r} was edited in the store by a reviewer, and the file has "
            "another value",
        )

    def update_link(self, stored: StoredLink, kind: LinkKind, state: LinkState) -> None:
        values: dict[str, Any] = {}
        new_values = {
            "kind": kind,
            "state": state,
            "decided_by": self.actor,
            "decided_at": self.now,
        }
        for name, new in new_values.items():
            old = getattr(stored, name)
            if old != new:
                values[name] = new
                self.record("link", stored.key, name, json_value(old), json_value(new))
        if values:
            self.plan.links_update.append(RowUpdate(stored.id, stored.key, values))

    def prune_recommendation(
        self,
        report: ReportDoc,
        rec: StoredRecommendation,
        pruned: set[str],
        summary: ReportSummary,
    ) -> None:
        hanging_links = [
            link
            for link in self.links_to.get(rec.key, ())
            if link.decided and link.source not in pruned
        ] + [
            link
            for link in self.links_from.get(rec.key, ())
            if link.decided and self.provenance.by_person("link", link.key)
        ]
        hanging_assessments = list(self.assessments_of.get(rec.key, ()))
        if hanging_links or hanging_assessments:
            what = [
                f"{decision_name(link.kind, link.state)} link {link.key}" for link in hanging_links
            ] + [f"assessment by {a.report_id}" for a in hanging_assessments]
            message = (
                f"--prune would remove {rec.key!r} (not in this file), but decisions hang on it: "
                + "; ".join(what)
            )
            if not self.conflict(report, report.recommendations_pos, "recommendations", message):
                summary.recommendations.kept += 1
                return
            for link in hanging_links:
                self.record("link", link.key, None, link.values(), None)
            for assessment in hanging_assessments:
                self.record("assessment", assessment.key, None, assessment.values(), None)
        values = rec.values()
        for list_name in REFERENCE_LISTS:
            values[list_name] = sorted(
                link.target
                for link in self.links_from.get(rec.key, ())
                if link.decided and same_decision(link, *file_decision(list_name))
            )
        self.plan.recommendations_delete.append(rec.id)
        self.record("recommendation", rec.key, None, values, None)
        summary.recommendations.removed += 1

    # -- assessments --------------------------------------------------------------------------

    def new_assessment(self, report: ReportDoc, doc: AssessmentDoc) -> NewAssessment:
        return NewAssessment(
            recommendation=doc.recommendation,
            report_id=report.id,
            status=doc.status,
            evidence=doc.evidence,
            assessor=stored_assessor(doc.assessor, report.observer),
        )

    def assessments(self, report: ReportDoc, summary: ReportSummary) -> None:
        counts = summary.assessments
        in_file: set[str] = set()
        for doc in report.assessments:
            in_file.add(doc.recommendation)
            wanted = self.new_assessment(report, doc)
            stored = self.content.assessments.get((doc.recommendation, report.id))
            if stored is None:
                self.plan.assessments_new.append(wanted)
                self.record(
                    "assessment",
                    str(AssessmentKey(wanted.recommendation, wanted.report_id)),
                    None,
                    None,
                    history_entries.assessment_values(
                        AssessmentKey(wanted.recommendation, wanted.report_id),
                        status=wanted.status,
                        evidence=wanted.evidence,
                        assessor=wanted.assessor,
                    ),
                )
                counts.added += 1
                continue
            old_assessor = stored_assessor(stored.assessor, report.observer)
            differs = {
                name: (old, new)
                for name, old, new in (
                    ("status", stored.status, wanted.status),
                    ("evidence", stored.evidence, wanted.evidence),
                    ("assessor", old_assessor, wanted.assessor),
                )
                if old != new
            }
            if not differs:
                counts.unchanged += 1
                continue
            if self.provenance.by_person("assessment", stored.key):
                path = f"assessments[{doc.index}]"
                shown = ", ".join(
                    f"{name} {_shown(old)} in the store, {_shown(new)} in the file"
                    for name, (old, new) in differs.items()
                )
                message = f"a reviewer assessed {doc.recommendation!r} differently: {shown}"
                if not self.conflict(report, doc.pos, path, message):
                    counts.kept += 1
                    continue
            for name, (old, new) in differs.items():
                self.record("assessment", stored.key, name, json_value(old), json_value(new))
            self.plan.assessments_update.append(
                RowUpdate(stored.id, stored.key, {name: new for name, (_, new) in differs.items()})
            )
            counts.changed += 1
        for stored in self.assessments_by.get(report.id, ()):
            if stored.recommendation in in_file:
                continue
            if self.provenance.by_person("assessment", stored.key):
                counts.kept += 1
                continue
            self.plan.assessments_delete.append(stored.id)
            self.record("assessment", stored.key, None, stored.values(), None)
            counts.removed += 1

    # -- the store's rules, as the batch leaves the store ---------------------------------------

    def check_rules(self, batch: Batch) -> None:
        """The links and assessments that the store keeps (held by reports outside the batch,
        or kept by the plan), checked against the elections as the batch leaves them, with the
        rules that the batch's own references passed (batch.check_batch): one country; a
        restatement points to an earlier election, a related or rejected link to no later one;
        an assessment is of a recommendation from an earlier election.

        A broken decision is a rule break, whatever `prefer` says; a matcher's proposal that
        the new order of elections makes impossible is removed (matching proposes only earlier
        elections, and a proposal is no one's decision)."""
        in_batch = {report.id: report for report in batch.reports}
        if not in_batch or not (self.content.links or self.content.assessments):
            return
        elections = dict(self.content.elections)
        elections.update({report.id: report.election for report in batch.reports})
        gone_links = set(self.plan.links_delete)
        gone_recs = set(self.plan.recommendations_delete)
        gone_keys = {
            rec.key
            for stored in self.content.reports.values()
            for rec in stored.recommendations.values()
            if rec.id in gone_recs
        }
        updated = {change.id: change.values for change in self.plan.links_update}
        for link in self.content.links.values():
            if link.id in gone_links or link.source in gone_keys or link.target in gone_keys:
                continue
            kind = updated.get(link.id, {}).get("kind", link.kind)
            state = updated.get(link.id, {}).get("state", link.state)
            source = elections.get(_report_id(link.source))
            target = elections.get(_report_id(link.target))
            if source is None or target is None:
                continue
            problem = link_rule_broken(kind, state, source, target)
            if problem is None:
                continue
            owner = self.blamed(in_batch, _report_id(link.source), _report_id(link.target))
            if state is LinkState.PROPOSED:
                if source.country == target.country:
                    self.drop_proposal(link, owner)
                continue  # matching across countries proposes such links on purpose
            self.rule_break(
                in_batch,
                owner,
                f"the {decision_name(kind, state)} link {link.key} "
                f"(decided by {link.decided_by or 'unknown'})",
                problem,
                other=_other(owner.id, _report_id(link.source), _report_id(link.target)),
                what="link",
            )
        gone_assessments = set(self.plan.assessments_delete)
        for assessment in self.content.assessments.values():
            if assessment.id in gone_assessments or assessment.recommendation in gone_keys:
                continue
            assessed = elections.get(_report_id(assessment.recommendation))
            assessing = elections.get(assessment.report_id)
            if assessed is None or assessing is None:
                continue
            problem = assessment_rule_broken(assessed, assessing)
            if problem is None:
                continue
            rec_report = _report_id(assessment.recommendation)
            owner = self.blamed(in_batch, assessment.report_id, rec_report)
            self.rule_break(
                in_batch,
                owner,
                f"the assessment of {assessment.recommendation!r} by {assessment.report_id} "
                f"({assessment.status.value})",
                problem,
                other=_other(owner.id, assessment.report_id, rec_report),
                what="assessment",
            )

    def blamed(self, in_batch: Mapping[str, ReportDoc], first: str, second: str) -> ReportDoc:
        """The batch's report to name for a broken rule between two reports: one whose election
        the batch changes, else one in the batch."""
        candidates = [in_batch[rid] for rid in (first, second) if rid in in_batch]
        for report in candidates:
            stored = self.content.reports.get(report.id)
            if stored is not None and stored.election != report.election:
                return report
        return candidates[0]

    def rule_break(
        self,
        in_batch: Mapping[str, ReportDoc],
        report: ReportDoc,
        held: str,
        problem: str,
        *,
        other: str | None,
        what: str,
    ) -> None:
        stored = self.content.reports.get(report.id)
        if stored is not None and stored.election != report.election:
            cause = f"moving {report.id} to {describe(report.election)}"
        else:
            cause = f"after this import, {report.id} on {describe(report.election)}"
        if other is not None and other not in in_batch:
            remedy = f"remove or change that {what} first, or import {other} in the same batch"
        else:
            remedy = f"remove or change that {what} first"
        # That --prefer cannot settle it is said once, in the count line (ImportConflict).
        message = f"{cause} breaks a decision held in the store: {held}: {problem}; {remedy}"
        self.plan.rule_breaks.append(
            ImportIssue(report.file, *report.election_pos, "report.election", message)
        )

    def drop_proposal(self, link: StoredLink, owner: ReportDoc) -> None:
        self.plan.links_delete.append(link.id)
        self.record("link", link.key, None, link.values(), None)
        for summary in self.plan.reports:
            if summary.id == owner.id:
                summary.links.removed += 1
                if summary.status == "unchanged":
                    summary.status = "changed"


def describe(election: ElectionDoc) -> str:
    """As tracker.importing.batch.describe_election (kept here: batch imports this module's
    neighbours, not the other way round)."""
    return f"the {election.type.value} election of {election.date.isoformat()}"


def link_rule_broken(
    kind: LinkKind, state: LinkState, source: ElectionDoc, target: ElectionDoc
) -> str | None:
    """What a link from a recommendation of `source` to one of `target` breaks, or None.
    The rules of a file's `restates`, `related` and `distinct_from` (batch.check_batch)."""
    if source.country != target.country:
        return (
            f"it joins a recommendation of {source.country} to one of {target.country} "
            "(links stay within one country)"
        )
    if kind is LinkKind.RESTATES and state is not LinkState.REJECTED:
        if target.date >= source.date:
            where = "the same election" if target.date == source.date else "a later election"
            return (
                f"restates must point to an earlier election, and it would point to {where} "
                f"(from {describe(source)} to {describe(target)})"
            )
        return None
    if target.date > source.date:
        return (
            f"a {'rejected' if state is LinkState.REJECTED else kind.value} link must not point "
            f"to a later election, and it would (from {describe(source)} to "
            f"{describe(target)})"
        )
    return None


def assessment_rule_broken(assessed: ElectionDoc, assessing: ElectionDoc) -> str | None:
    """What an assessment by a report of `assessing` of a recommendation of `assessed` breaks,
    or None (the rule of a file's `assessments`, batch.check_batch)."""
    if assessed.country != assessing.country:
        return (
            f"a report on {assessing.country} would assess a recommendation of {assessed.country}"
        )
    if assessed.date >= assessing.date:
        return (
            "an assessment must be of a recommendation from an earlier election, and the "
            f"recommendation would be from {describe(assessed)}, its assessor from "
            f"{describe(assessing)}"
        )
    return None


def _report_id(key: str) -> str:
    return split_key(key)[0]


def _other(own: str, first: str, second: str) -> str | None:
    """The report at the other end of a link or an assessment (None: the same report)."""
    other = second if first == own else first
    return None if other == own else other


def make_plan(
    batch: Batch,
    content: StoreContent = EMPTY_CONTENT,
    provenance: Provenance | None = None,
    *,
    actor: str,
    now: dt.datetime,
    prune: bool = False,
    prefer: Prefer | None = None,
) -> Plan:
    """The plan for a batch that passed `check_batch` against the same store."""
    planner = _Planner(
        content,
        provenance or Provenance(),
        actor=actor,
        now=now,
        prune=prune,
        prefer=prefer,
    )
    planner.topics(batch.topics)
    for report in batch.reports:
        planner.report(report)
    planner.check_rules(batch)
    planner.plan.conflicts = sorted_issues(planner.plan.conflicts)
    planner.plan.rule_breaks = sorted_issues(planner.plan.rule_breaks)
    planner.plan.resolved = sorted_issues(planner.plan.resolved)
    return planner.plan


def plan_with_provenance(
    batch: Batch,
    content: StoreContent,
    who_decided: Callable[[set[Question]], frozenset[Question]],
    *,
    actor: str,
    now: dt.datetime,
    prune: bool = False,
    prefer: Prefer | None = None,
) -> Plan:
    """Plan once to learn whose changes matter, ask the store (`who_decided` returns the
    questions whose answer is "a person"), and plan again with the answer."""
    asking = Provenance.asking()
    first = make_plan(batch, content, asking, actor=actor, now=now, prune=prune, prefer=prefer)
    if not asking.asked:
        return first
    answer = Provenance(who_decided(set(asking.asked)))
    return make_plan(batch, content, answer, actor=actor, now=now, prune=prune, prefer=prefer)


def summary_line(summary: ReportSummary) -> str:
    """`added: 57 recommendations, 3 links, 2 assessments` and the like."""
    if summary.status == "added":
        return (
            f"added: {summary.recommendations.added} recommendations, "
            f"{summary.links.added} links, {summary.assessments.added} assessments"
        )
    if summary.status == "unchanged":
        return "unchanged"
    parts: list[str] = []
    if summary.fields:
        parts.append("report fields " + ", ".join(summary.fields))
    for name, counts in (
        ("recommendations", summary.recommendations),
        ("links", summary.links),
        ("assessments", summary.assessments),
    ):
        bits = [
            f"{value} {label}"
            for label, value in (
                ("added", counts.added),
                ("changed", counts.changed),
                ("removed", counts.removed),
            )
            if value
        ]
        if bits:
            parts.append(f"{name} " + ", ".join(bits))
    return "changed: " + "; ".join(parts)


def _shown(value: Any) -> str:
    """A field's value as a conflict message quotes it; an absent one as 'none'."""
    return "none" if value is None else repr(json_value(value))
