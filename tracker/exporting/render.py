"""Documents to YAML text, in the one canonical form that `rectrack export` writes.

Keys come in a fixed order, optional keys only when set; recommendations in natural number
order; topics, references and assessments sorted. The text is exactly
`yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)` (the pure-Python
emitter, so that every machine writes the same bytes), and reading it back gives the same
documents: an export imported into an empty store and exported again is byte-identical.

A report file is written by `canonical`, a writer for exactly these documents (mappings with
fixed keys, lists, strings, dates, booleans) that produces the emitter's bytes without running
it: it writes a string plain, folded at the emitter's width as the emitter folds it, where the
emitter would (`_PLAIN`, and YAML's implicit types resolved as the emitter resolves them), and
single-quoted where the emitter would quote a short word (a number, a date, `yes`). A document
holding anything else (a line break, a leading indicator, ': ', a control character) goes
through the emitter whole, so the bytes never differ (tests/unit/test_export_canonical.py
compares the two on generated corpora and on random texts).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from pathlib import PurePosixPath
from typing import Any

import yaml
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from tracker.importing.documents import (
    FORMAT,
    AssessmentDoc,
    RecommendationDoc,
    ReportDoc,
    TopicDoc,
    natural_order,
)

TOPICS_FILE = "topics.yaml"


def dump(document: dict[str, Any]) -> str:
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)


def topics_document(topics: Iterable[TopicDoc]) -> dict[str, Any]:
    items: list[dict[str, Any]] = []
    for topic in sorted(topics, key=lambda t: t.id):
        item: dict[str, Any] = {"id": topic.id, "label": topic.label}
        if topic.description:
            item["description"] = topic.description
        items.append(item)
    return {"format": FORMAT, "topics": items}


def report_document(report: ReportDoc) -> dict[str, Any]:
    election: dict[str, Any] = {"type": report.election.type.value, "date": report.election.date}
    if report.election.early:
        election["early"] = True
    head: dict[str, Any] = {
        "id": report.id,
        "country": report.election.country,
        "election": election,
        "observer": report.observer,
        "kind": report.kind.value,
    }
    for name in ("title", "published", "url", "note"):
        value = getattr(report, name)
        if value:
            head[name] = value
    document: dict[str, Any] = {
        "format": FORMAT,
        "report": head,
        "recommendations": [
            _recommendation(rec)
            for rec in sorted(report.recommendations, key=lambda r: natural_order(r.number))
        ],
    }
    if report.assessments:
        document["assessments"] = [
            _assessment(assessment, report.observer)
            for assessment in sorted(
                report.assessments, key=lambda a: natural_order(a.recommendation)
            )
        ]
    return document


def _recommendation(rec: RecommendationDoc) -> dict[str, Any]:
    item: dict[str, Any] = {"number": rec.number, "text": rec.text}
    if rec.priority:
        item["priority"] = True
    item["topics"] = sorted(rec.topics)
    if rec.addressees:
        item["addressees"] = list(rec.addressees)
    for name in ("restates", "related", "distinct_from"):
        keys: tuple[str, ...] = getattr(rec, name)
        if keys:
            item[name] = sorted(keys, key=natural_order)
    return item


def _assessment(assessment: AssessmentDoc, observer: str) -> dict[str, Any]:
    item: dict[str, Any] = {
        "recommendation": assessment.recommendation,
        "status": assessment.status.value,
    }
    if assessment.evidence:
        item["evidence"] = assessment.evidence
    if assessment.assessor and assessment.assessor != observer:
        item["assessor"] = assessment.assessor
    return item


def render_topics(topics: Iterable[TopicDoc]) -> str:
    return dump(topics_document(topics))


def render_report(report: ReportDoc) -> str:
    return canonical(report_document(report))


def report_path(report: ReportDoc) -> PurePosixPath:
    """`<country lower-case>/<report id>.yaml`, relative to the export folder."""
    return PurePosixPath(report.election.country.lower()) / f"{report.id}.yaml"


# -- the canonical writer -----------------------------------------------------------------

WIDTH = 100  # the emitter's best width (`width=100`)
INDENT = 2  # its best indent

# What the emitter would not write plain in block context: a character outside its printable
# set or a line break (U+2028, U+2029 are both), ': ' or ':' at the end, ' #'.
_PRINTABLE = "\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010fffe"
# A character the emitter would write escaped (double-quoted) or that breaks a line (U+2028,
# U+2029 are line breaks to YAML): such a text goes through the emitter.
_SPECIAL = re.compile(f"[^{_PRINTABLE}]")
# Indicators that keep a text from being plain wherever they start it.
_LEADING = frozenset("#,[]{}&*!|>'\"%@`")
# The first characters of YAML's implicit types (bool, float, int, null, timestamp...): a text
# that starts with any other character resolves to a string.
_IMPLICIT_FIRST = frozenset(key for key in Resolver.yaml_implicit_resolvers if key)
_RESOLVE: Callable[..., str] = Resolver().resolve
_STR_TAG = "tag:yaml.org,2002:str"
_QUOTED_TOKENS = re.compile(r" +|'|[^ ']+")


class _Unsure(Exception):
    """A value the canonical writer does not write exactly as the emitter: use the emitter."""


def canonical(document: dict[str, Any]) -> str:
    """`dump(document)`, byte for byte, fast for the documents export writes."""
    written = written_directly(document)
    return dump(document) if written is None else written


def written_directly(document: dict[str, Any]) -> str | None:
    """`dump(document)` written without the emitter; None where that is not sure to give the
    same bytes (the caller then uses the emitter)."""
    parts: list[str] = []
    try:
        _mapping(document, 0, parts, inline=True)
    except _Unsure:
        return None
    parts.append("\n")
    return "".join(parts)


def _mapping(mapping: dict[str, Any], indent: int, parts: list[str], *, inline: bool) -> None:
    """A block mapping whose keys start at column `indent`; `inline`: its first key goes on the
    current line (the top of a document, or after a sequence item's '- ')."""
    if not mapping:
        raise _Unsure
    pad = "\n" + " " * indent
    first = True
    for key, value in mapping.items():
        if not (first and inline):
            parts.append(pad)
        first = False
        if not isinstance(key, str) or not key.isidentifier():
            raise _Unsure
        parts.append(key)
        parts.append(":")
        _value(value, indent, indent + len(key) + 1, parts, in_mapping=True)


def _value(value: Any, indent: int, column: int, parts: list[str], *, in_mapping: bool) -> None:
    """A node after a key (`in_mapping`) or a sequence's '-' at `indent`; `column` is where the
    line is now."""
    if isinstance(value, dict):
        if not value or not in_mapping:
            raise _Unsure
        _mapping(value, indent + INDENT, parts, inline=False)
    elif isinstance(value, (list, tuple)):
        if not value:
            parts.append(" []")
        elif not in_mapping:
            raise _Unsure
        else:
            _sequence(value, indent, parts)
    else:
        parts.append(" ")
        parts.append(_scalar(value, column + 1, indent + INDENT))


def _sequence(items: Iterable[Any], indent: int, parts: list[str]) -> None:
    """A block sequence under a mapping key: indentless, its '-' at the key's column."""
    pad = "\n" + " " * indent + "-"
    for item in items:
        parts.append(pad)
        if isinstance(item, dict):
            parts.append(" ")
            _mapping(item, indent + INDENT, parts, inline=True)
        elif isinstance(item, (list, tuple)):
            raise _Unsure
        else:
            _value(item, indent, indent + 1, parts, in_mapping=False)


def _scalar(value: Any, column: int, indent: int) -> str:
    """A scalar starting at `column`; folded lines start at `indent`."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if not isinstance(value, str):
        raise _Unsure
    if _SPECIAL.search(value):  # double-quoted, or written with line breaks
        raise _Unsure
    if _plain(value):
        return _folded(value, column, indent)
    return _single_quoted(value, column, indent)


def _plain(text: str) -> bool:
    """The emitter writes `text` (printable, no line breaks) plain in block context: its
    analysis of indicators and spaces (PyYAML's `Emitter.analyze_scalar`), then the resolver
    must read it back as a string."""
    if not text or text[0] == " " or text[-1] == " " or text.startswith(("---", "...")):
        return False
    first = text[0]
    if first in _LEADING or (first in "?:-" and (len(text) == 1 or text[1] == " ")):
        return False
    if ": " in text or text[-1] == ":" or " #" in text:
        return False
    if first in _IMPLICIT_FIRST:
        return _RESOLVE(ScalarNode, text, (True, False)) == _STR_TAG
    return True


def _folded(text: str, column: int, indent: int) -> str:
    """A plain scalar as the emitter folds it: a single space becomes a line break when the
    line already reaches past the width (a run of spaces never does)."""
    length = len(text)
    if column + length <= WIDTH:
        return text
    out: list[str] = []
    pad = "\n" + " " * indent
    position = 0
    while True:
        # The first space past the width on this line.
        space = text.find(" ", max(position + 1, position + WIDTH - column + 1))
        while space != -1 and (
            text[space - 1] == " " or (space + 1 < length and text[space + 1] == " ")
        ):
            end = space
            while end < length and text[end] == " ":
                end += 1
            space = text.find(" ", end)
        if space == -1:
            out.append(text[position:])
            return "".join(out)
        out.append(text[position:space])
        out.append(pad)
        column = indent
        position = space + 1


def _single_quoted(text: str, column: int, indent: int) -> str:
    """`text` single-quoted as the emitter writes it (no line breaks in it): quotes doubled,
    folded like a plain scalar, never at a leading or trailing space."""
    out = ["'"]
    column += 1
    pad = "\n" + " " * indent
    position = 0
    for token in _QUOTED_TOKENS.findall(text):
        if token == "'":
            out.append("''")
            column += 2
        elif token == " " and column > WIDTH and position != 0 and position + 1 != len(text):
            out.append(pad)
            column = indent
        else:
            out.append(token)
            column += len(token)
        position += len(token)
    out.append("'")
    return "".join(out)
