"""Planning against the store's content: what is added, changed, kept, and what conflicts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.unit.import_support import (
    EARLIER_ID,
    LATER,
    LATER_ID,
    batch_of,
    position,
    replaced,
    write_files,
)
from tracker.enums import LinkKind, LinkState, Status
from tracker.importing.plan import (
    Change,
    Provenance,
    StoreContent,
    StoredAssessment,
    StoredLink,
    StoredRecommendation,
    StoredReport,
    make_plan,
    plan_with_provenance,
)

NOW = dt.datetime(2026, 1, 2, 3, 4, 5)
LATER_KEY = f"{LATER_ID}#1"
TARGET = f"{EARLIER_ID}#1"


def stored_later(text: str = LATER, path: Path | None = None) -> StoredReport:
    """The later report as the store would hold it after importing LATER."""
    assert path is not None
    report = batch_of(write_files(path, {"later.yaml": text})).reports[0]
    return StoredReport(
        id=report.id,
        election=report.election,
        observer=report.observer,
        kind=report.kind,
        title=report.title,
        published=report.published,
        url=report.url,
        note=report.note,
        recommendations={
            rec.number: StoredRecommendation(
                id=index + 1,
                key=report.key(rec.number),
                number=rec.number,
                text=rec.text,
                priority=rec.priority,
                topics=tuple(sorted(rec.topics)),
                addressees=rec.addressees,
            )
            for index, rec in enumerate(report.recommendations)
        },
    )


def content_with(tmp_path: Path, **links: LinkState) -> StoreContent:
    decided = {
        (LATER_KEY, TARGET): StoredLink(
            id=7,
            source=LATER_KEY,
            target=TARGET,
            kind=LinkKind.RESTATES,
            state=links.get("state", LinkState.ACCEPTED),
            decided_by="alice",
            decided_at=NOW,
        ),
        (f"{LATER_ID}#2", f"{EARLIER_ID}#2"): StoredLink(
            id=8,
            source=f"{LATER_ID}#2",
            target=f"{EARLIER_ID}#2",
            kind=LinkKind.RELATED,
            state=LinkState.ACCEPTED,
        ),
        (f"{LATER_ID}#2", f"{EARLIER_ID}#3"): StoredLink(
            id=9,
            source=f"{LATER_ID}#2",
            target=f"{EARLIER_ID}#3",
            kind=LinkKind.RELATED,
            state=LinkState.REJECTED,
        ),
    }
    assessments = {
        (TARGET, LATER_ID): StoredAssessment(
            1, TARGET, LATER_ID, Status.NOT, evidence=None, assessor=None
        ),
        (f"{EARLIER_ID}#2", LATER_ID): StoredAssessment(
            2,
            f"{EARLIER_ID}#2",
            LATER_ID,
            Status.PARTIALLY,
            evidence="Amendments of 2020 lowered the deposit.",
            assessor="OSCE PA",
        ),
    }
    return StoreContent(
        reports={LATER_ID: stored_later(path=tmp_path / "stored")},
        links=decided,
        assessments=assessments,
    )


def test_a_new_report_is_one_history_entry(tmp_path: Path) -> None:
    batch = batch_of(write_files(tmp_path, {"later.yaml": LATER}))
    plan = make_plan(batch, actor="bob", now=NOW)
    assert [(c.entity, c.key, c.field) for c in plan.history] == [("report", LATER_ID, None)]
    assert plan.history[0].new["recommendations"] == 2
    assert plan.history[0].new["links"] == 3
    assert len(plan.links_new) == 3
    assert {(link.kind, link.state) for link in plan.links_new} == {
        (LinkKind.RESTATES, LinkState.ACCEPTED),
        (LinkKind.RELATED, LinkState.ACCEPTED),
        (LinkKind.RESTATES, LinkState.REJECTED),
    }
    # the assessor equal to the observer is not kept; another one is
    assert [a.assessor for a in plan.assessments_new] == [None, "OSCE PA"]
    assert plan.reports[0].status == "added"


def test_the_same_content_plans_nothing(tmp_path: Path) -> None:
    batch = batch_of(write_files(tmp_path, {"later.yaml": LATER}))
    plan = make_plan(batch, content_with(tmp_path), actor="bob", now=NOW)
    assert not plan.writes_anything
    assert plan.reports[0].status == "unchanged"
    assert plan.reports[0].links.unchanged == 3
    assert plan.reports[0].assessments.unchanged == 2


def test_a_changed_field_is_one_history_entry_each(tmp_path: Path) -> None:
    text = replaced(LATER, "  observer: ODIHR\n", "  observer: ODIHR\n  title: Final\n")
    text = replaced(text, "before election day.", "before polling day.")
    text = replaced(text, "  topics: [candidacy]", "  topics: [candidacy, media]")
    batch = batch_of(write_files(tmp_path, {"later.yaml": text}))
    plan = make_plan(batch, content_with(tmp_path), actor="bob", now=NOW)
    assert plan.history == [
        Change("report", LATER_ID, "title", None, "Final"),
        Change(
            "recommendation",
            LATER_KEY,
            "text",
            "Voter lists should be open to public scrutiny before election day.",
            "Voter lists should be open to public scrutiny before polling day.",
        ),
        Change("recommendation", f"{LATER_ID}#2", "topics", ["candidacy"], ["candidacy", "media"]),
    ]
    assert plan.reports[0].fields == ["title"]
    assert plan.reports[0].recommendations.changed == 2


def test_a_file_contradicting_a_reviewer_is_a_conflict(tmp_path: Path) -> None:
    batch = batch_of(write_files(tmp_path, {"later.yaml": LATER}))
    content = content_with(tmp_path, state=LinkState.REJECTED)
    by_alice = Provenance(frozenset({("link", f"{LATER_KEY} -> {TARGET}", None)}))
    plan = make_plan(batch, content, by_alice, actor="bob", now=NOW)
    assert len(plan.conflicts) == 1
    conflict = plan.conflicts[0]
    line, column = position(LATER, TARGET)
    assert (conflict.line, conflict.column, conflict.path) == (
        line,
        column,
        "recommendations[0].restates[0]",
    )
    assert conflict.message.startswith(
        f"the file says restates (accepted) for '{TARGET}', a reviewer decided "
        "distinct_from (rejected) (alice)"
    )
    assert not plan.links_update

    file_wins = make_plan(batch, content, by_alice, actor="bob", now=NOW, prefer="file")
    assert not file_wins.conflicts and len(file_wins.resolved) == 1
    assert [dict(update.values) for update in file_wins.links_update] == [
        {"state": LinkState.ACCEPTED, "decided_by": "bob"}
    ]
    store_wins = make_plan(batch, content, by_alice, actor="bob", now=NOW, prefer="store")
    assert not store_wins.links_update and store_wins.reports[0].links.kept == 1


def test_an_imported_decision_follows_the_file(tmp_path: Path) -> None:
    batch = batch_of(write_files(tmp_path, {"later.yaml": LATER}))
    content = content_with(tmp_path, state=LinkState.REJECTED)
    asked: list[set[tuple[str, str, str | None]]] = []

    def nobody(
        questions: set[tuple[str, str, str | None]],
    ) -> frozenset[tuple[str, str, str | None]]:
        asked.append(questions)
        return frozenset()

    plan = plan_with_provenance(batch, content, nobody, actor="bob", now=NOW)
    assert asked == [{("link", f"{LATER_KEY} -> {TARGET}", None)}]
    assert not plan.conflicts
    assert plan.reports[0].links.changed == 1


def test_decisions_no_longer_in_the_file(tmp_path: Path) -> None:
    text = replaced(LATER, "  restates: [kz-2016-parliamentary-odihr-final#1]\n", "")
    text = text.split("assessments:")[0]
    batch = batch_of(write_files(tmp_path, {"later.yaml": text}))
    content = content_with(tmp_path)
    imported = make_plan(batch, content, Provenance(), actor="bob", now=NOW)
    assert imported.links_delete == [7]
    assert sorted(imported.assessments_delete) == [1, 2]
    by_person = Provenance(
        frozenset(
            {
                ("link", f"{LATER_KEY} -> {TARGET}", None),
                ("assessment", f"{TARGET} @ {LATER_ID}", None),
            }
        )
    )
    kept = make_plan(batch, content, by_person, actor="bob", now=NOW)
    assert kept.links_delete == [] and kept.assessments_delete == [2]
    assert kept.reports[0].links.kept == 1 and kept.reports[0].assessments.kept == 1


def test_prune_removes_what_the_file_lost_unless_decisions_hang_on_it(tmp_path: Path) -> None:
    text = LATER.split("- number: '2'")[0]
    batch = batch_of(write_files(tmp_path, {"later.yaml": text}))
    content = content_with(tmp_path)
    kept = make_plan(batch, content, actor="bob", now=NOW)
    assert kept.recommendations_delete == [] and kept.reports[0].recommendations.kept == 1
    pruned = make_plan(batch, content, actor="bob", now=NOW, prune=True)
    assert pruned.recommendations_delete == [2]
    removal = next(c for c in pruned.history if c.entity == "recommendation")
    assert removal.old["related"] == [f"{EARLIER_ID}#2"]
    assert removal.old["distinct_from"] == [f"{EARLIER_ID}#3"]
    assert removal.new is None
