"""One file's nodes, checked against the format (seed-format.md), become plain documents.

Everything a single file can get wrong is found here, all of it in one pass: unknown or missing
keys, wrong types, bad slugs, dates, country codes, statuses and kinds, empty text, duplicate
numbers and assessments, malformed references. What needs other files or the store (unknown
topics, dangling references, the order of elections) is checked by `batch.check_batch`.

A file with errors still gives what validated (`read_document`): its topics, or a partial report
(its id, election, and the recommendations and assessments that validated), with an `Unread`
saying what could not be read. They serve the batch checks only, so that all of a batch's
problems are reported together; nothing imports them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import Enum
from typing import TypeVar

from tracker import countries, fieldrules
from tracker.countries import CODES
from tracker.enums import ElectionType, ReportKind
from tracker.fieldrules import SLUG, BadValue, TextField, parse_reference
from tracker.importing.documents import (
    FORMAT,
    NOTHING_UNREAD,
    AssessmentDoc,
    ElectionDoc,
    Pos,
    RecommendationDoc,
    RefPositions,
    ReportDoc,
    TopicDoc,
    Unread,
)
from tracker.importing.issues import DOCUMENT_PATH, ImportIssue
from tracker.importing.reader import Mapping, Node, Scalar, Sequence, describe
from tracker.importing.suggest import did_you_mean, one_of

# The value rules live in `tracker.fieldrules`, where the services use them too; the names
# that other modules take from here stay importable.
__all__ = ["SLUG", "FileChecker", "parse_reference", "read_document", "validate_document"]


TOP_TOPICS = ("format", "topics")
TOP_REPORT = ("format", "report", "recommendations", "assessments")
TOPIC_KEYS = ("id", "label", "description")
REPORT_KEYS = ("id", "country", "election", "observer", "kind", "title", "published", "url", "note")
ELECTION_KEYS = ("type", "date", "early")
RECOMMENDATION_KEYS = (
    "number",
    "text",
    "priority",
    "topics",
    "addressees",
    "restates",
    "related",
    "distinct_from",
)
REFERENCE_LISTS = ("restates", "related", "distinct_from")
ASSESSMENT_KEYS = ("recommendation", "status", "evidence", "assessor")

E = TypeVar("E", bound=Enum)
T = TypeVar("T")


def join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


class FileChecker:
    """Collects one file's issues while converting its nodes."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.issues: list[ImportIssue] = []
        # What a report file with errors leaves unread (see `Unread`): its id where it was
        # read, the numbers of the entries that did not validate, and whether any number may
        # be among them (its header, an entry's number or the list itself had errors).
        self.report_id: str | None = None
        self.unread_numbers: set[str] = set()
        self.any_number_unread = False

    # -- reporting -----------------------------------------------------------------------

    def error(self, at: Node | Pos, path: str, message: str) -> None:
        line, column = (at.line, at.column) if isinstance(at, Scalar | Sequence | Mapping) else at
        self.issues.append(ImportIssue(self.file, line, column, path or DOCUMENT_PATH, message))

    # -- structure -----------------------------------------------------------------------

    def fields(
        self,
        node: Node,
        path: str,
        allowed: tuple[str, ...],
        required: tuple[str, ...],
        what: str,
    ) -> dict[str, tuple[Scalar, Node]] | None:
        """A mapping's entries by key, after checking keys: unknown, duplicate, missing."""
        if not isinstance(node, Mapping):
            self.error(node, path, f"expected {what} (a mapping), found {describe(node)}")
            return None
        found: dict[str, tuple[Scalar, Node]] = {}
        for key, value in node.entries:
            if not isinstance(key, Scalar):
                self.error(key, path, f"a key must be text, not {key.kind}")
                continue
            name = key.value
            if name in found:
                first = found[name][0]
                self.error(key, join(path, name), f"duplicate key (first at line {first.line})")
                continue
            if name not in allowed:
                hint = did_you_mean(name, allowed)
                self.error(
                    key,
                    join(path, name),
                    f"unknown key {name!r}{hint}; expected one of: {one_of(allowed)}",
                )
                continue
            found[name] = (key, value)
        for name in required:
            if name not in found:
                self.error(node, path, f"missing key {name!r} in {what}")
        return found

    def items(self, node: Node, path: str, what: str) -> tuple[Node, ...] | None:
        if not isinstance(node, Sequence):
            self.error(node, path, f"expected a list of {what}, found {describe(node)}")
            return None
        return node.items

    # -- scalars -------------------------------------------------------------------------

    def scalar(self, node: Node, path: str, what: str) -> str | None:
        if not isinstance(node, Scalar):
            self.error(node, path, f"expected {what}, found {describe(node)}")
            return None
        return node.value

    def rule(self, node: Node, path: str, what: str, rule: Callable[[str], T]) -> T | None:
        """The value of a scalar by a rule of `tracker.fieldrules`, or None and its issue."""
        value = self.scalar(node, path, what)
        if value is None:
            return None
        try:
            return rule(value)
        except BadValue as exc:
            self.error(node, path, exc.message)
            return None

    def field(self, node: Node, path: str, field: TextField) -> str | None:
        return self.rule(node, path, field.what, field.check)

    def topic_id(self, node: Node, path: str) -> str | None:
        return self.rule(node, path, "topic id", fieldrules.topic_id)

    def addressee(self, node: Node, path: str) -> str | None:
        return self.field(node, path, fieldrules.ADDRESSEE)

    def boolean(self, node: Node, path: str) -> bool | None:
        return self.rule(node, path, "true or false", fieldrules.boolean)

    def date(self, node: Node, path: str) -> dt.date | None:
        return self.rule(node, path, "a date (YYYY-MM-DD)", fieldrules.date)

    def choice(self, node: Node, path: str, enum: type[E], what: str) -> E | None:
        return self.rule(node, path, what, lambda v: fieldrules.choice(v, enum, what))

    def country(self, node: Node, path: str) -> str | None:
        value = self.scalar(node, path, "a country code")
        if value is None:
            return None
        if value in CODES:
            return value
        if value.upper() in CODES:
            self.error(
                node, path, f"country codes are upper-case (did you mean {value.upper()!r}?)"
            )
            return None
        self.error(node, path, countries.unknown_code(value))
        return None

    def number(self, node: Node, path: str) -> str | None:
        return self.rule(node, path, "number", fieldrules.number)

    def reference(self, node: Node, path: str) -> str | None:
        return self.rule(node, path, "a recommendation key", fieldrules.reference)

    def url(self, node: Node, path: str) -> str | None:
        return self.rule(node, path, "url", fieldrules.url)

    def unique_list(
        self,
        node: Node,
        path: str,
        what: str,
        convert: Callable[[Node, str], T | None],
    ) -> tuple[list[T], list[Pos]] | None:
        """A list's converted items and their positions; duplicates are errors."""
        items = self.items(node, path, what)
        if items is None:
            return None
        values: list[T] = []
        positions: list[Pos] = []
        seen: dict[T, int] = {}
        ok = True
        for index, item in enumerate(items):
            item_path = f"{path}[{index}]"
            value = convert(item, item_path)
            if value is None:
                ok = False
                continue
            if value in seen:
                self.error(
                    item, item_path, f"{value!r} is listed twice (first at line {seen[value]})"
                )
                ok = False
                continue
            seen[value] = item.line
            values.append(value)
            positions.append((item.line, item.column))
        return (values, positions) if ok else None


# -- documents ------------------------------------------------------------------------------

Fields = dict[str, tuple[Scalar, Node]]


# A file whose kind is not known (not a mapping, no `topics:` or `report:`) may hold anything.
ANYTHING_UNREAD = Unread(topics=True, reports=True)


def validate_document(
    root: Node, file: str
) -> tuple[list[TopicDoc] | ReportDoc | None, list[ImportIssue]]:
    """A file's document as topics or a report; None and the issues where anything is wrong."""
    document, issues, _ = read_document(root, file)
    return (None, issues) if issues else (document, [])


def read_document(
    root: Node, file: str
) -> tuple[list[TopicDoc] | ReportDoc | None, list[ImportIssue], Unread]:
    """A file's document as topics or a report, its issues, and what it left unread.

    Where there are issues, the document is what validated: the topics that did, or a partial
    report (`ReportDoc.partial`; None where its id or election did not validate). It is for the
    batch checks only, never to import.
    """
    checker = FileChecker(file)
    result = _document(checker, root)
    if not checker.issues:
        return result, [], NOTHING_UNREAD
    return result, checker.issues, _unread(checker, root)


def _unread(c: FileChecker, root: Node) -> Unread:
    """What a file with errors may hold that was not read (see `Unread`)."""
    names = (
        {key.value for key, _ in root.entries if isinstance(key, Scalar)}
        if isinstance(root, Mapping)
        else set()
    )
    if "topics" in names and "report" not in names:
        return Unread(topics=True)
    if "report" in names and "topics" not in names:
        if c.report_id is None:
            return Unread(reports=True)
        numbers = None if c.any_number_unread else frozenset(c.unread_numbers)
        return Unread(numbers={c.report_id: numbers})
    return ANYTHING_UNREAD


def _get(
    fields: Fields, path: str, name: str, convert: Callable[[Node, str], T | None]
) -> T | None:
    entry = fields.get(name)
    return None if entry is None else convert(entry[1], join(path, name))


def _document(c: FileChecker, root: Node) -> list[TopicDoc] | ReportDoc | None:
    if not isinstance(root, Mapping):
        c.error(
            (1, 1),
            DOCUMENT_PATH,
            f"expected a mapping that starts with 'format: {FORMAT}', found {describe(root)}",
        )
        return None
    keyed = [(key.value, key, value) for key, value in root.entries if isinstance(key, Scalar)]
    formats = [(key, value) for name, key, value in keyed if name == "format"]
    if not formats:
        c.error((1, 1), "format", f"missing: every file starts with 'format: {FORMAT}'")
        return None
    format_key, format_node = formats[0]
    version = c.scalar(format_node, "format", f"'{FORMAT}'")
    if version is None:
        return None
    if version != FORMAT:
        newer = " (a newer rectrack may read it)" if version.startswith("rectrack/") else ""
        c.error(
            format_node,
            "format",
            f"unknown format {version!r}: this rectrack reads {FORMAT!r}{newer}",
        )
        return None
    if keyed[0][0] != "format":
        c.error(format_key, "format", "'format' must be the first key of the file")
    names = {name for name, _, _ in keyed}
    if "topics" in names:
        fields = c.fields(root, "", TOP_TOPICS, ("topics",), "a taxonomy file")
        if fields is None or "topics" not in fields:
            return None
        return _topics(c, fields["topics"][1])
    if "report" in names:
        fields = c.fields(root, "", TOP_REPORT, ("report", "recommendations"), "a report file")
        if fields is None or "report" not in fields:
            return None
        return _report(c, fields)
    c.fields(root, "", TOP_REPORT, (), "a report file")
    c.error(
        (1, 1),
        DOCUMENT_PATH,
        "expected 'topics:' (a taxonomy) or 'report:' with 'recommendations:' (one report)",
    )
    return None


def _topics(c: FileChecker, node: Node) -> list[TopicDoc]:
    items = c.items(node, "topics", "topics")
    topics: list[TopicDoc] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(items or ()):
        path = f"topics[{index}]"
        fields = c.fields(item, path, TOPIC_KEYS, ("id", "label"), "a topic")
        if fields is None:
            continue
        topic_id = _get(fields, path, "id", c.topic_id)
        label = _get(fields, path, "label", lambda n, p: c.field(n, p, fieldrules.TOPIC_LABEL))
        description = _get(
            fields, path, "description", lambda n, p: c.field(n, p, fieldrules.TOPIC_DESCRIPTION)
        )
        if topic_id is None or label is None:
            continue
        id_node = fields["id"][1]
        if topic_id in seen:
            c.error(
                id_node,
                join(path, "id"),
                f"duplicate topic id {topic_id!r} (first at line {seen[topic_id]})",
            )
            continue
        seen[topic_id] = id_node.line
        topics.append(
            TopicDoc(
                id=topic_id,
                label=label,
                description=description,
                file=c.file,
                pos=(id_node.line, id_node.column),
                path=join(path, "id"),
            )
        )
    return topics


def _report(c: FileChecker, top: Fields) -> ReportDoc | None:
    report_node = top["report"][1]
    path = "report"
    before = len(c.issues)
    fields = c.fields(report_node, path, REPORT_KEYS, REPORT_KEYS[:5], "the report")
    if fields is None:
        return None
    report_id = _get(
        fields, path, "id", lambda n, p: c.rule(n, p, "report id", fieldrules.report_id)
    )
    c.report_id = report_id
    country = _get(fields, path, "country", c.country)
    election = _get(fields, path, "election", lambda n, p: _election(c, n, p, country))
    observer = _get(fields, path, "observer", lambda n, p: c.field(n, p, fieldrules.OBSERVER))
    kind = _get(fields, path, "kind", lambda n, p: c.choice(n, p, ReportKind, "report kind"))
    title = _get(fields, path, "title", lambda n, p: c.field(n, p, fieldrules.TITLE))
    published = _get(fields, path, "published", c.date)
    url = _get(fields, path, "url", c.url)
    note = _get(fields, path, "note", lambda n, p: c.field(n, p, fieldrules.NOTE))
    if len(c.issues) > before or "recommendations" not in top:
        # Which numbers the report holds is not known: a reference may mean any of them.
        c.any_number_unread = True

    recommendations: list[RecommendationDoc] = []
    recs_pos: Pos = (report_node.line, report_node.column)
    if "recommendations" in top:
        recs_key, recs_node = top["recommendations"]
        recs_pos = (recs_key.line, recs_key.column)
        recommendations = _recommendations(c, recs_node, report_id)
    assessments: list[AssessmentDoc] = []
    if "assessments" in top:
        assessments = _assessments(c, top["assessments"][1])

    if report_id is None or election is None:
        return None
    id_node = fields["id"][1]
    election_node = fields["election"][1]
    return ReportDoc(
        id=report_id,
        election=election,
        # Placeholders in a partial report only (its file has issues): never imported.
        observer=observer if observer is not None else "",
        kind=kind if kind is not None else ReportKind.OTHER,
        recommendations=tuple(recommendations),
        assessments=tuple(assessments),
        title=title,
        published=published,
        url=url,
        note=note,
        file=c.file,
        pos=(id_node.line, id_node.column),
        election_pos=(election_node.line, election_node.column),
        recommendations_pos=recs_pos,
        partial=bool(c.issues),
    )


def _election(c: FileChecker, node: Node, path: str, country: str | None) -> ElectionDoc | None:
    fields = c.fields(node, path, ELECTION_KEYS, ("type", "date"), "the election")
    if fields is None:
        return None
    kind = _get(fields, path, "type", lambda n, p: c.choice(n, p, ElectionType, "election type"))
    date = _get(fields, path, "date", c.date)
    early = _get(fields, path, "early", c.boolean) if "early" in fields else False
    if country is None or kind is None or date is None or early is None:
        return None
    return ElectionDoc(country=country, type=kind, date=date, early=early)


def _recommendations(c: FileChecker, node: Node, report_id: str | None) -> list[RecommendationDoc]:
    items = c.items(node, "recommendations", "recommendations")
    if items is None:
        c.any_number_unread = True
    result: list[RecommendationDoc] = []
    numbers: dict[str, int] = {}
    for index, item in enumerate(items or ()):
        found = _recommendation(c, item, index, report_id)
        if found is None:
            continue
        rec, number_node = found
        if rec.number in numbers:
            c.error(
                number_node,
                f"recommendations[{index}].number",
                f"duplicate number {rec.number!r} (first at line {numbers[rec.number]})",
            )
            continue
        numbers[rec.number] = number_node.line
        result.append(rec)
    return result


def _recommendation(
    c: FileChecker, node: Node, index: int, report_id: str | None
) -> tuple[RecommendationDoc, Node] | None:
    path = f"recommendations[{index}]"
    fields = c.fields(
        node, path, RECOMMENDATION_KEYS, ("number", "text", "topics"), "a recommendation"
    )
    if fields is None:
        c.any_number_unread = True
        return None
    before = len(c.issues)
    entry = fields.get("number")
    number = c.number(entry[1], f"{path}.number") if entry else None
    entry = fields.get("text")
    text = c.field(entry[1], f"{path}.text", fieldrules.TEXT) if entry else None
    entry = fields.get("priority")
    priority = c.boolean(entry[1], f"{path}.priority") if entry else False
    entry = fields.get("topics")
    topics = c.unique_list(entry[1], f"{path}.topics", "topic ids", c.topic_id) if entry else None
    if entry and topics is not None and not topics[0]:
        c.error(entry[1], f"{path}.topics", "expected one or more topic ids, found none")
    entry = fields.get("addressees")
    addressees = (
        c.unique_list(entry[1], f"{path}.addressees", "addressees", c.addressee) if entry else None
    )
    own_key = f"{report_id}#{number}" if report_id is not None and number is not None else None
    references: dict[str, tuple[list[str], list[Pos]]] = {}
    listed_in: dict[str, tuple[str, int]] = {}
    for name in REFERENCE_LISTS:
        entry = fields.get(name)
        found = (
            c.unique_list(entry[1], f"{path}.{name}", "recommendation keys", c.reference)
            if entry
            else None
        )
        references[name] = found if found is not None else ([], [])
        for i, key in enumerate(references[name][0]):
            at = references[name][1][i]
            item_path = f"{join(path, name)}[{i}]"
            if key == own_key:
                c.error(at, item_path, "a recommendation cannot point to itself")
            elif key in listed_in:
                other, line = listed_in[key]
                c.error(
                    at,
                    item_path,
                    f"{key!r} is also listed in {other} (line {line}): a pair has one link",
                )
            else:
                listed_in[key] = (name, at[0])
    if len(c.issues) > before or number is None or text is None or topics is None:
        if number is None:
            c.any_number_unread = True
        else:
            c.unread_numbers.add(number)
        return None
    rec = RecommendationDoc(
        number=number,
        text=text,
        topics=tuple(topics[0]),
        priority=bool(priority),
        addressees=tuple(addressees[0]) if addressees is not None else (),
        restates=tuple(references["restates"][0]),
        related=tuple(references["related"][0]),
        distinct_from=tuple(references["distinct_from"][0]),
        index=index,
        pos=(node.line, node.column),
        positions=RefPositions(
            topics=tuple(topics[1]),
            restates=tuple(references["restates"][1]),
            related=tuple(references["related"][1]),
            distinct_from=tuple(references["distinct_from"][1]),
        ),
    )
    return rec, fields["number"][1]


def _assessments(c: FileChecker, node: Node) -> list[AssessmentDoc]:
    items = c.items(node, "assessments", "assessments")
    result: list[AssessmentDoc] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(items or ()):
        path = f"assessments[{index}]"
        fields = c.fields(
            item, path, ASSESSMENT_KEYS, ("recommendation", "status"), "an assessment"
        )
        if fields is None:
            continue
        before = len(c.issues)
        entry = fields.get("recommendation")
        key = c.reference(entry[1], f"{path}.recommendation") if entry else None
        entry = fields.get("status")
        status = c.rule(entry[1], f"{path}.status", "status", fieldrules.status) if entry else None
        entry = fields.get("evidence")
        evidence = c.field(entry[1], f"{path}.evidence", fieldrules.EVIDENCE) if entry else None
        entry = fields.get("assessor")
        assessor = c.field(entry[1], f"{path}.assessor", fieldrules.ASSESSOR) if entry else None
        if len(c.issues) > before or key is None or status is None:
            continue
        key_node = fields["recommendation"][1]
        if key in seen:
            c.error(
                key_node,
                join(path, "recommendation"),
                f"a second assessment of {key!r} (first at line {seen[key]}): "
                "one assessment per recommendation and report",
            )
            continue
        seen[key] = key_node.line
        result.append(
            AssessmentDoc(
                recommendation=key,
                status=status,
                evidence=evidence,
                assessor=assessor,
                index=index,
                pos=(item.line, item.column),
                recommendation_pos=(key_node.line, key_node.column),
            )
        )
    return result
