"""A small hand-built history of one country, written straight through the ORM."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import insert
from sqlalchemy.orm import Session

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


@dataclass
class Builder:
    session: Session
    country: str = "KZ"
    elections: dict[str, Election] = field(default_factory=dict)
    recs: dict[str, Recommendation] = field(default_factory=dict)

    def topic(self, topic_id: str) -> None:
        self.session.add(Topic(id=topic_id, label=topic_id.replace("-", " ").capitalize()))
        self.session.flush()

    def report(
        self,
        report_id: str,
        date: str,
        kind: ReportKind = ReportKind.FINAL_REPORT,
        election_type: ElectionType = ElectionType.PARLIAMENTARY,
        observer: str = "ODIHR",
    ) -> None:
        election = self.elections.get(date)
        if election is None:
            election = Election(
                country=self.country, type=election_type, date=dt.date.fromisoformat(date)
            )
            self.session.add(election)
            self.session.flush()
            self.elections[date] = election
        self.session.add(
            Report(id=report_id, election_id=election.id, observer=observer, kind=kind)
        )
        self.session.flush()

    def rec(
        self,
        key: str,
        text: str,
        *,
        priority: bool = False,
        topics: tuple[str, ...] = (),
        restates: str | None = None,
    ) -> None:
        report_id, number = key.split("#")
        rec = Recommendation(
            key=key, report_id=report_id, number=number, text=text, priority=priority
        )
        self.session.add(rec)
        self.session.flush()
        self.recs[key] = rec
        for topic in topics:
            self.session.execute(
                insert(recommendation_topics).values(recommendation_id=rec.id, topic_id=topic)
            )
        if restates:
            self.link(key, restates)

    def link(
        self,
        source: str,
        target: str,
        kind: LinkKind = LinkKind.RESTATES,
        state: LinkState = LinkState.ACCEPTED,
    ) -> None:
        self.session.add(
            Link(
                source_id=self.recs[source].id,
                target_id=self.recs[target].id,
                kind=kind,
                state=state,
                decided_by="builder",
            )
        )
        self.session.flush()

    def assess(self, key: str, report_id: str, status: Status, evidence: str = "") -> None:
        self.session.add(
            Assessment(
                recommendation_id=self.recs[key].id,
                report_id=report_id,
                status=status,
                evidence=evidence or None,
                assessor="ODIHR",
            )
        )
        self.session.flush()


def build_kazakhstan(store: Store) -> None:
    """Four elections, four threads; the expected figures are spelled out in the tests.

    Thread A (priority, party registration): r12#1 <- r15#1 <- r16#1 <- r19#1;
      partially at 2015, not at 2016 (the interim report said mostly: the final counts),
      not at 2019 -> long-standing, regressed, priority-outstanding.
    Thread B (defamation): r12#2 <- r16#2 <- r19#2; not, not, not -> long-standing, stalled.
    Thread C (results): r12#3 alone, never assessed again -> unaddressed.
    Thread D (observers): r16#3 alone, fully implemented at 2019.
    """
    with store.transaction() as session:
        build = Builder(session)
        for topic in ("political-parties", "media", "results", "election-observation"):
            build.topic(topic)
        build.report("kz-2012-parliamentary-odihr-final", "2012-01-15")
        build.report(
            "kz-2015-presidential-odihr-final",
            "2015-04-26",
            election_type=ElectionType.PRESIDENTIAL,
        )
        build.report("kz-2016-parliamentary-odihr-final", "2016-03-20")
        build.report(
            "kz-2016-parliamentary-odihr-interim", "2016-03-20", kind=ReportKind.INTERIM_REPORT
        )
        build.report(
            "kz-2019-presidential-odihr-final",
            "2019-06-09",
            election_type=ElectionType.PRESIDENTIAL,
        )
        r12, r15, r16, r19 = (
            "kz-2012-parliamentary-odihr-final",
            "kz-2015-presidential-odihr-final",
            "kz-2016-parliamentary-odihr-final",
            "kz-2019-presidential-odihr-final",
        )
        build.rec(
            f"{r12}#1",
            "Party registration should follow objective criteria.",
            priority=True,
            topics=("political-parties",),
        )
        build.rec(f"{r12}#2", "Defamation should be decriminalised.", topics=("media",))
        build.rec(
            f"{r12}#3", "Results should be published by polling station.", topics=("results",)
        )
        build.rec(
            f"{r15}#1",
            "As previously recommended, party registration rules should be objective.",
            topics=("political-parties",),
            restates=f"{r12}#1",
        )
        build.rec(
            f"{r16}#1",
            "Registration of parties should be simplified.",
            topics=("political-parties",),
            restates=f"{r15}#1",
        )
        build.rec(
            f"{r16}#2",
            "Criminal liability for defamation should be repealed.",
            topics=("media",),
            restates=f"{r12}#2",
        )
        build.rec(
            f"{r16}#3",
            "Citizen observers should be admitted to all stages.",
            topics=("election-observation",),
        )
        build.rec(
            f"{r19}#1",
            "The authorities should finally ease party registration.",
            topics=("political-parties",),
            restates=f"{r16}#1",
        )
        build.rec(
            f"{r19}#2",
            "Defamation should be a civil matter only.",
            topics=("media",),
            restates=f"{r16}#2",
        )
        build.assess(f"{r12}#1", r15, Status.PARTIALLY)
        build.assess(f"{r12}#2", r15, Status.NOT)
        build.assess(f"{r15}#1", r16, Status.NOT)
        build.assess(f"{r15}#1", "kz-2016-parliamentary-odihr-interim", Status.MOSTLY)
        build.assess(f"{r12}#2", r16, Status.NOT)
        build.assess(f"{r16}#1", r19, Status.NOT)
        build.assess(f"{r16}#2", r19, Status.NOT)
        build.assess(f"{r16}#3", r19, Status.FULLY, "Observers were accredited at all levels.")
