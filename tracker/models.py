"""The store's tables, in SQLAlchemy's typed declarative style.

Constraints live in the database (unique keys, foreign keys, CHECKs on enumerated values);
rows that reviewers edit carry a `version` column for optimistic locking. Relationships are
`lazy="raise"`: a repository says what it loads, nothing loads behind its back.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum as PyEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from tracker.enums import ElectionType, LinkKind, LinkState, ReportKind, Status

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def enum_column(enum: type[PyEnum], name: str) -> Enum:
    """Stored as its value in a VARCHAR with a CHECK constraint, on every backend."""
    return Enum(
        enum,
        name=name,
        native_enum=False,
        create_constraint=True,
        validate_strings=True,
        values_callable=lambda members: [member.value for member in members],
        length=max(len(member.value) for member in enum),
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: JSON, list[str]: JSON}


recommendation_topics = Table(
    "recommendation_topics",
    Base.metadata,
    Column(
        "recommendation_id",
        ForeignKey("recommendations.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("topic_id", ForeignKey("topics.id", ondelete="RESTRICT"), primary_key=True),
    Index("ix_recommendation_topics_topic_id", "topic_id"),
)


class Election(Base):
    __tablename__ = "elections"
    __table_args__ = (
        UniqueConstraint("country", "type", "date"),
        CheckConstraint("length(country) = 2 AND upper(country) = country", name="country_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    country: Mapped[str] = mapped_column(String(2), index=True)
    type: Mapped[ElectionType] = mapped_column(enum_column(ElectionType, "election_type"))
    date: Mapped[dt.date] = mapped_column(Date)
    early: Mapped[bool] = mapped_column(Boolean, default=False)

    reports: Mapped[list[Report]] = relationship(back_populates="election", lazy="raise")


class Report(Base):
    __tablename__ = "reports"
    __table_args__ = (
        CheckConstraint("id <> ''", name="id_not_empty"),
        CheckConstraint("observer <> ''", name="observer_not_empty"),
    )

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    election_id: Mapped[int] = mapped_column(
        ForeignKey("elections.id", ondelete="RESTRICT"), index=True
    )
    observer: Mapped[str] = mapped_column(String(100))
    kind: Mapped[ReportKind] = mapped_column(enum_column(ReportKind, "report_kind"))
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date)
    url: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # The fingerprint of the matching configuration of the last match run that covered this
    # report (NULL: none has), written in the transaction of that run's proposals, so that a
    # report left unmatched (matching failed after its import committed, `import --no-match`,
    # a changed configuration) shows in `info` and is what `rectrack match` is told to fix.
    # Derived data: written without touching `version`.
    matched_config: Mapped[str | None] = mapped_column(String(32))
    # The digest of the inputs of this report's country block (texts, topics, reports, dates,
    # links) as the last match run that scored the whole country saw them (NULL: none has):
    # a run scores again only the countries whose digest or configuration changed
    # (tracker/matching/incremental.py). Derived data, like `matched_config`.
    matched_inputs: Mapped[str | None] = mapped_column(String(32))

    election: Mapped[Election] = relationship(back_populates="reports", lazy="raise")
    recommendations: Mapped[list[Recommendation]] = relationship(
        back_populates="report", lazy="raise"
    )

    __mapper_args__ = {"version_id_col": version}


class Topic(Base):
    __tablename__ = "topics"
    __table_args__ = (CheckConstraint("id <> '' AND label <> ''", name="not_empty"),)

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    label: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)


class Recommendation(Base):
    __tablename__ = "recommendations"
    __table_args__ = (
        UniqueConstraint("report_id", "number"),
        CheckConstraint("number <> ''", name="number_not_empty"),
        CheckConstraint("length(trim(text)) > 0", name="text_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # `<report id>#<number>`: kept as a column so that history, links and the CLI can name a
    # recommendation without a join; a renumbering is a removal plus an addition.
    key: Mapped[str] = mapped_column(String(320), unique=True)
    report_id: Mapped[str] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"))
    number: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    priority: Mapped[bool] = mapped_column(Boolean, default=False)
    addressees: Mapped[list[str]] = mapped_column(JSON, default=list)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Matching's cache of the normalised text (tracker/matching/cache.py): the tokens joined by
    # spaces, and a digest of the text rules and the text they were made from. Derived data,
    # never edited by hand; a stale or missing pair is recomputed by the next match run.
    match_tokens: Mapped[str | None] = mapped_column(Text)
    match_digest: Mapped[str | None] = mapped_column(String(16))

    report: Mapped[Report] = relationship(back_populates="recommendations", lazy="raise")
    topics: Mapped[list[Topic]] = relationship(secondary=recommendation_topics, lazy="raise")

    __mapper_args__ = {"version_id_col": version}


class Link(Base):
    """A link between two recommendations of one country, the later one (`source`) first."""

    __tablename__ = "links"
    __table_args__ = (
        UniqueConstraint("source_id", "target_id"),
        CheckConstraint("source_id <> target_id", name="not_self"),
        CheckConstraint("score IS NULL OR (score >= 0 AND score <= 1)", name="score_range"),
        Index("ix_links_state_kind", "state", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), index=True
    )
    target_id: Mapped[int] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[LinkKind] = mapped_column(enum_column(LinkKind, "link_kind"))
    state: Mapped[LinkState] = mapped_column(enum_column(LinkState, "link_state"))
    score: Mapped[float | None] = mapped_column(Float)
    breakdown: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    decided_by: Mapped[str | None] = mapped_column(String(200))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    source: Mapped[Recommendation] = relationship(foreign_keys=[source_id], lazy="raise")
    target: Mapped[Recommendation] = relationship(foreign_keys=[target_id], lazy="raise")

    __mapper_args__ = {"version_id_col": version}


class Assessment(Base):
    """The status of `recommendation` as judged by `report`, at the report's election."""

    __tablename__ = "assessments"
    __table_args__ = (UniqueConstraint("recommendation_id", "report_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), index=True
    )
    report_id: Mapped[str] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    status: Mapped[Status] = mapped_column(enum_column(Status, "status"))
    evidence: Mapped[str | None] = mapped_column(Text)
    assessor: Mapped[str | None] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer, default=1)

    recommendation: Mapped[Recommendation] = relationship(lazy="raise")
    report: Mapped[Report] = relationship(lazy="raise")

    __mapper_args__ = {"version_id_col": version}


class HistoryEntry(Base):
    """Append-only: every change a person or an import makes. `batch` groups one user action;
    an undo is a new batch whose `reverts` names the batch it undid."""

    __tablename__ = "history"
    __table_args__ = (
        Index("ix_history_actor_at", "actor", "at"),
        Index("ix_history_key", "key"),
        Index("ix_history_batch", "batch"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(50))
    entity: Mapped[str] = mapped_column(String(50))
    key: Mapped[str] = mapped_column(String(400))
    field: Mapped[str | None] = mapped_column(String(100))
    old: Mapped[Any] = mapped_column(JSON(none_as_null=True), nullable=True)
    new: Mapped[Any] = mapped_column(JSON(none_as_null=True), nullable=True)
    batch: Mapped[str] = mapped_column(String(36))
    reverts: Mapped[str | None] = mapped_column(String(36))
