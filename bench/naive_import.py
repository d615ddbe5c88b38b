"""The naive baseline for import: plain YAML loading and one ORM insert (and flush) per row.

No validation, no history: only what it takes to put the same rows into the store, the way a
first version would. `python -m bench` reports rectrack's import as a ratio against it."""

from __future__ import annotations

import datetime as dt
import shutil
import time
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import insert

from tracker.enums import ElectionType, LinkKind, LinkState, ReportKind, Status
from tracker.models import (
    Assessment,
    Election,
    Link,
    Recommendation,
    Report,
    Topic,
    recommendation_topics,
)
from tracker.store import Store


def make_sample(corpus: Path, out: Path, reports: int) -> None:
    """The first country's earliest `reports` reports: self-contained, since references only
    point to earlier elections of the same country."""
    out.mkdir(parents=True)
    shutil.copyfile(corpus / "topics.yaml", out / "topics.yaml")
    country = sorted(p for p in corpus.iterdir() if p.is_dir())[0]
    files = sorted(country.glob("*.yaml"), key=lambda p: _election_date(p))
    (out / country.name).mkdir()
    for path in files[:reports]:
        shutil.copyfile(path, out / country.name / path.name)


def _election_date(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped.startswith("date:"):
            return stripped.split(":", 1)[1].strip()
    return ""


def timed(folder: Path, url: str) -> float:
    start = time.perf_counter()
    load(folder, url)
    return time.perf_counter() - start


def load(folder: Path, url: str) -> None:
    store = Store(url)
    documents = [
        yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(folder.rglob("*.yaml"))
    ]
    with store.transaction() as session:
        topics: dict[str, Topic] = {}
        for document in documents:
            for item in document.get("topics", []):
                topic = Topic(
                    id=item["id"], label=item["label"], description=item.get("description")
                )
                session.add(topic)
                session.flush()
                topics[topic.id] = topic
        reports = sorted(
            (d for d in documents if "report" in d),
            key=lambda d: str(d["report"]["election"]["date"]),
        )
        elections: dict[tuple[str, str, str], Election] = {}
        recommendations: dict[str, Recommendation] = {}
        for document in reports:
            _load_report(session, document, elections, recommendations, topics)
    store.dispose()


def _load_report(
    session: Any,
    document: dict[str, Any],
    elections: dict[tuple[str, str, str], Election],
    recommendations: dict[str, Recommendation],
    topics: dict[str, Topic],
) -> None:
    meta = document["report"]
    when = meta["election"]["date"]
    date = when if isinstance(when, dt.date) else dt.date.fromisoformat(str(when))
    index = (meta["country"], meta["election"]["type"], date.isoformat())
    election = elections.get(index)
    if election is None:
        election = Election(country=meta["country"], type=ElectionType(index[1]), date=date)
        session.add(election)
        session.flush()
        elections[index] = election
    report = Report(
        id=meta["id"],
        election_id=election.id,
        observer=meta["observer"],
        kind=ReportKind(meta["kind"]),
        title=meta.get("title"),
        note=meta.get("note"),
    )
    session.add(report)
    session.flush()
    for item in document.get("recommendations") or []:
        key = f"{meta['id']}#{item['number']}"
        rec = Recommendation(
            key=key,
            report_id=report.id,
            number=str(item["number"]),
            text=item["text"],
            priority=bool(item.get("priority", False)),
            addressees=item.get("addressees", []),
        )
        session.add(rec)
        session.flush()
        recommendations[key] = rec
        for topic_id in item.get("topics", []):
            session.execute(
                insert(recommendation_topics).values(
                    recommendation_id=rec.id, topic_id=topics[topic_id].id
                )
            )
        for kind, state, field in (
            (LinkKind.RESTATES, LinkState.ACCEPTED, "restates"),
            (LinkKind.RELATED, LinkState.ACCEPTED, "related"),
            (LinkKind.RESTATES, LinkState.REJECTED, "distinct_from"),
        ):
            for target in item.get(field, []):
                session.add(
                    Link(
                        source_id=rec.id,
                        target_id=recommendations[target].id,
                        kind=kind,
                        state=state,
                    )
                )
                session.flush()
    for item in document.get("assessments") or []:
        session.add(
            Assessment(
                recommendation_id=recommendations[item["recommendation"]].id,
                report_id=report.id,
                status=Status(item["status"]),
                evidence=item.get("evidence"),
                assessor=item.get("assessor"),
            )
        )
        session.flush()
