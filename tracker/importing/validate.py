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
import re
from collections.abc import Callable
from enum import Enum
from typing import Any, TypeVar

from tracker import countries
from tracker.countries import CODES
from tracker.enums import ElectionType, ReportKind, Status
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

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
URL = re.compile(r"^https?://[^\s/?#]+[^\s]*$")
# C0 and C1 controls other than tab and line feed, and lone surrogates: a database cannot hold
# some of them (PostgreSQL refuses NUL) and none of them belongs in a text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")

# Lengths that the store's columns hold, kept small enough that a link's history key
# (`<key> -> <key>`) fits its column too.
MAX_REPORT_ID = 120
MAX_NUMBER = 40
MAX_TOPIC_ID = 100
MAX_LABEL = 200
MAX_OBSERVER = 100
MAX_ASSESSOR = 200
MAX_ADDRESSEE = 100


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


def parse_reference(key: str) -> tuple[str, str] | None:
    """`<report id>#<number>` -> (report id, number), or None where it is not one."""
    report_id, sep, number = key.partition("#")
    if not sep or not SLUG.match(report_id) or not number or "#" in number:
        return None
    if number != number.strip() or len(report_id) > MAX_REPORT_ID or len(number) > MAX_NUMBER:
        return None
    return report_id, number


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

    def text(
        self,
        node: Node,
        path: str,
        what: str = "text",
        *,
        single_line: bool = True,
        max_length: int | None = None,
    ) -> str | None:
        value = self.scalar(node, path, what)
        if value is None:
            return None
        if not value.strip():
            self.error(node, path, f"empty {what}: expected some text")
            return None
        bad = _CONTROL.search(value)
        if bad is not None:
            self.error(node, path, f"{what} holds a control character (U+{ord(bad.group()):04X})")
            return None
        if single_line and ("\n" in value or "\t" in value):
            self.error(node, path, f"{what} must be one line")
            return None
        if max_length is not None and len(value) > max_length:
            self.error(node, path, f"{what} is {len(value)} characters long, over {max_length}")
            return None
        return value

    def slug(self, node: Node, path: str, what: str, max_length: int) -> str | None:
        value = self.scalar(node, path, what)
        if value is None:
            return None
        if not SLUG.match(value):
            suggestion = _slugify(value)
            hint = f" (did you mean {suggestion!r}?)" if suggestion and suggestion != value else ""
            self.error(
                node,
                path,
                f"{what} {value!r} is not a slug{hint}: expected lower-case letters and digits "
                "in words joined by single hyphens",
            )
            return None
        if len(value) > max_length:
            self.error(node, path, f"{what} is {len(value)} characters long, over {max_length}")
            return None
        return value

    def topic_id(self, node: Node, path: str) -> str | None:
        return self.slug(node, path, "topic id", MAX_TOPIC_ID)

    def addressee(self, node: Node, path: str) -> str | None:
        return self.text(node, path, "addressee", max_length=MAX_ADDRESSEE)

    def boolean(self, node: Node, path: str) -> bool | None:
        value = self.scalar(node, path, "true or false")
        if value is None:
            return None
        if value == "true":
            return True
        if value == "false":
            return False
        self.error(node, path, f"expected true or false, found {value!r}")
        return None

    def date(self, node: Node, path: str) -> dt.date | None:
        value = self.scalar(node, path, "a date (YYYY-MM-DD)")
        if value is None:
            return None
        if not DATE.match(value):
            self.error(node, path, f"expected a date as YYYY-MM-DD, found {value!r}")
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError as exc:
            self.error(node, path, f"not a valid date: {value!r} ({exc})")
            return None

    def choice(self, node: Node, path: str, enum: type[E], what: str) -> E | None:
        value = self.scalar(node, path, what)
        if value is None:
            return None
        members = _members(enum)
        if value in members:
            return members[value]
        values = list(members)
        self.error(
            node,
            path,
            f"unknown {what} {value!r}{did_you_mean(value, values)}; "
            f"expected one of: {one_of(values)}",
        )
        return None

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
        value = self.text(node, path, "number", max_length=MAX_NUMBER)
        if value is None:
            return None
        if "#" in value or value != value.strip():
            self.error(
                node,
                path,
                f"number {value!r} must not contain '#' or begin or end with a space",
            )
            return None
        return value

    def reference(self, node: Node, path: str) -> str | None:
        value = self.scalar(node, path, "a recommendation key")
        if value is None:
            return None
        if parse_reference(value) is None:
            self.error(
                node,
                path,
                f"expected a recommendation key '<report id>#<number>', found {value!r}",
            )
            return None
        return value

    def url(self, node: Node, path: str) -> str | None:
        value = self.text(node, path, "url")
        if value is None:
            return None
        if not URL.match(value):
            self.error(
                node,
                path,
                f"expected a web address starting with https:// or http://, found {value!r}",
            )
            return None
        return value

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


_MEMBERS: dict[type[Enum], dict[str, Any]] = {}


def _members(enum: type[E]) -> dict[str, E]:
    """The enum's members by value, computed once."""
    found = _MEMBERS.get(enum)
    if found is None:
        found = _MEMBERS[enum] = {str(member.value): member for member in enum}
    return found


def _slugify(value: str) -> str:
    words = re.findall(r"[a-z0-9]+", value.lower())
    return "-".join(words)


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
        topic_id = _get(fields, path, "id", lambda n, p: c.slug(n, p, "topic id", MAX_TOPIC_ID))
        label = _get(
            fields, path, "label", lambda n, p: c.text(n, p, "label", max_length=MAX_LABEL)
        )
        description = _get(
            fields, path, "description", lambda n, p: c.text(n, p, "description", single_line=False)
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
    report_id = _get(fields, path, "id", lambda n, p: c.slug(n, p, "report id", MAX_REPORT_ID))
    c.report_id = report_id
    country = _get(fields, path, "country", c.country)
    election = _get(fields, path, "election", lambda n, p: _election(c, n, p, country))
    observer = _get(
        fields, path, "observer", lambda n, p: c.text(n, p, "observer", max_length=MAX_OBSERVER)
    )
    kind = _get(fields, path, "kind", lambda n, p: c.choice(n, p, ReportKind, "report kind"))
    title = _get(fields, path, "title", lambda n, p: c.text(n, p, "title"))
    published = _get(fields, path, "published", c.date)
    url = _get(fields, path, "url", c.url)
    note = _get(fields, path, "note", lambda n, p: c.text(n, p, "note", single_line=False))
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
    text = c.text(entry[1], f"{path}.text", "text", single_line=False) if entry else None
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
        status = c.choice(entry[1], f"{path}.status", Status, "status") if entry else None
        entry = fields.get("evidence")
        evidence = (
            c.text(entry[1], f"{path}.evidence", "evidence", single_line=False) if entry else None
        )
        entry = fields.get("assessor")
        assessor = (
            c.text(entry[1], f"{path}.assessor", "assessor", max_length=MAX_ASSESSOR)
            if entry
            else None
        )
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
