"""Documents to YAML text, in the one canonical form that `rectrack export` writes.

Keys come in a fixed order, optional keys only when set; recommendations in natural number
order; topics, references and assessments sorted. The text is exactly
`yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)` (the pure-Python
emitter, so that every machine writes the same bytes), and reading it back gives the same
documents: an export imported into an empty store and exported again is byte-identical.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import Any

import yaml

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
    return dump(report_document(report))


def report_path(report: ReportDoc) -> PurePosixPath:
    """`<country lower-case>/<report id>.yaml`, relative to the export folder."""
    return PurePosixPath(report.election.country.lower()) / f"{report.id}.yaml"
