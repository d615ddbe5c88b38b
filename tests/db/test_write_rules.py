"""Every write path refuses what the import refuses (issue 15): control characters, blank or
over-long values, a value that is not one line where the format wants one, an unknown status.
A refused write leaves the store as it was; what a write accepts exports to files that import
again, into an empty store, unchanged."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.cli_support import run_main
from tracker import fieldrules
from tracker.enums import LinkKind, LinkState, Status
from tracker.errors import InvalidInput
from tracker.matching.review import Decision
from tracker.models import (
    Assessment,
    HistoryEntry,
    Link,
    Recommendation,
    recommendation_topics,
)
from tracker.services import browse, editing, followup, review, triage
from tracker.services.exporting import export_store
from tracker.services.importing import import_paths
from tracker.store import Store

from .builders import build_kazakhstan

R12 = "kz-2012-parliamentary-odihr-final"
R15 = "kz-2015-presidential-odihr-final"
R16 = "kz-2016-parliamentary-odihr-final"
R19 = "kz-2019-presidential-odihr-final"
NEW = (f"{R12}#3", R15)  # never assessed: a refused assess must not create it
OLD = (f"{R16}#3", R19)  # assessed by the builder: a refused assess must not change it


@pytest.fixture
def kz(store: Store) -> Store:
    build_kazakhstan(store)
    return store


def snapshot(store: Store) -> tuple[Any, ...]:
    """Everything a write path could touch."""
    with store.read() as session:
        assessments = session.execute(
            select(
                Assessment.recommendation_id,
                Assessment.report_id,
                Assessment.status,
                Assessment.evidence,
                Assessment.assessor,
                Assessment.version,
            ).order_by(Assessment.id)
        ).all()
        recommendations = session.execute(
            select(
                Recommendation.key,
                Recommendation.text,
                Recommendation.priority,
                Recommendation.addressees,
                Recommendation.version,
            ).order_by(Recommendation.id)
        ).all()
        topics = session.execute(
            select(recommendation_topics).order_by(*recommendation_topics.c)
        ).all()
        links = session.execute(
            select(Link.id, Link.kind, Link.state, Link.decided_by, Link.version).order_by(Link.id)
        ).all()
        entries = session.scalar(select(func.count()).select_from(HistoryEntry))
    return tuple(assessments), tuple(recommendations), tuple(topics), tuple(links), entries


# -- assess ----------------------------------------------------------------------------------

BAD_ASSESSMENTS: list[tuple[str, dict[str, Any], str]] = [
    ("evidence BEL", {"evidence": "Amended\x07 in May."}, "evidence holds a control character"),
    ("evidence NUL", {"evidence": "a\x00b"}, "evidence holds a control character (U+0000)"),
    ("evidence CR", {"evidence": "line one\r\nline two"}, "evidence holds a control character"),
    ("evidence C1", {"evidence": "a\x85b"}, "evidence holds a control character (U+0085)"),
    ("evidence surrogate", {"evidence": "a\ud800b"}, "evidence holds a control character"),
    ("assessor ESC", {"assessor": "OSCE\x1b[31m"}, "assessor holds a control character (U+001B)"),
    ("assessor DEL", {"assessor": "OD\x7fIHR"}, "assessor holds a control character (U+007F)"),
    ("assessor newline", {"assessor": "ODIHR\nPACE"}, "assessor must be one line"),
    ("assessor tab", {"assessor": "ODIHR\tPACE"}, "assessor must be one line"),
    ("assessor blank", {"assessor": "   "}, "empty assessor"),
    ("assessor empty", {"assessor": ""}, "empty assessor"),
    ("assessor long", {"assessor": "x" * 201}, "assessor is 201 characters long, over 200"),
    ("actor BEL", {"actor": "ann\x07"}, "reviewer name holds a control character (U+0007)"),
    ("actor newline", {"actor": "ann\nbob"}, "reviewer name must be one line"),
    ("actor long", {"actor": "a" * 201}, "reviewer name is 201 characters long, over 200"),
    ("status text", {"status": "fully"}, "unknown status 'fully'"),
    ("status other", {"status": 3}, "unknown status '3'"),
]


@pytest.mark.parametrize("target", [NEW, OLD], ids=["new", "existing"])
@pytest.mark.parametrize(
    ("values", "message"),
    [(values, message) for _, values, message in BAD_ASSESSMENTS],
    ids=[case for case, _, _ in BAD_ASSESSMENTS],
)
def test_assess_refuses_what_the_import_refuses(
    kz: Store, target: tuple[str, str], values: dict[str, Any], message: str
) -> None:
    key, report = target
    before = snapshot(kz)
    arguments: dict[str, Any] = {"status": Status.PARTIALLY, "actor": "ann", **values}
    with pytest.raises(InvalidInput) as refused:
        followup.assess(kz, key, at_report=report, **arguments)
    assert message in refused.value.message
    # Where it was writing, so that a person with several at hand knows which one failed.
    assert refused.value.message.startswith(f"{key} at {report}: ")
    assert snapshot(kz) == before


def test_assess_strips_what_a_person_typed_and_an_empty_evidence_clears_it(kz: Store) -> None:
    key, report = OLD
    followup.assess(
        kz,
        key,
        at_report=report,
        status=Status.MOSTLY,
        actor="ann",
        evidence="  Observers were admitted.\n",
        assessor=" PACE ",
    )
    own = _own(kz, key, report)
    assert (own.evidence, own.assessor) == ("Observers were admitted.", "PACE")
    followup.assess(kz, key, at_report=report, status=Status.MOSTLY, actor="ann", evidence=" \n")
    assert _own(kz, key, report).evidence is None
    # The status as text, as an API caller may give it, is the status.
    result = followup.assess(
        kz,
        key,
        at_report=report,
        status="fully-implemented",
        actor="ann",  # type: ignore[arg-type]
    )
    assert result.new_status is Status.FULLY


def _own(store: Store, key: str, report: str) -> Assessment:
    with store.read() as session:
        found = session.scalars(
            select(Assessment)
            .join(Recommendation, Recommendation.id == Assessment.recommendation_id)
            .where(Recommendation.key == key, Assessment.report_id == report)
        ).one()
        session.expunge(found)
    return found


# -- edit ------------------------------------------------------------------------------------

BAD_EDITS: list[tuple[str, dict[str, Any], str]] = [
    ("text BEL", {"text": "Revise\x07 the law."}, "text holds a control character (U+0007)"),
    ("text NUL", {"text": "Revise\x00 the law."}, "text holds a control character (U+0000)"),
    ("text VT", {"text": "Revise\x0bthe law."}, "text holds a control character (U+000B)"),
    ("text CR", {"text": "Revise\rthe law."}, "text holds a control character (U+000D)"),
    ("text surrogate", {"text": "Revise \udfff"}, "text holds a control character (U+DFFF)"),
    ("text blank", {"text": " \n\t "}, "text"),
    ("addressee BEL", {"addressees": ["cec", "par\x07liament"]}, "addressee holds a control"),
    ("addressee US", {"addressees": ["par\x1fliament"]}, "addressee holds a control character"),
    ("addressee long", {"addressees": ["p" * 101]}, "addressee is 101 characters long, over 100"),
    ("topic unknown", {"topics": ["medai"]}, "unknown topic 'medai'"),
    ("topic control", {"topics": ["media\x00"]}, "unknown topic 'media\\x00'"),
    ("topics none", {"topics": [" "]}, "at least one topic"),
]


@pytest.mark.parametrize(
    ("values", "message"),
    [(values, message) for _, values, message in BAD_EDITS],
    ids=[case for case, _, _ in BAD_EDITS],
)
def test_edit_refuses_what_the_import_refuses(
    kz: Store, values: dict[str, Any], message: str
) -> None:
    key = f"{R16}#3"
    before = snapshot(kz)
    # A valid change besides the bad one: nothing of the edit may be written.
    with pytest.raises(InvalidInput) as refused:
        editing.edit_recommendation(
            kz, key, actor="ann", expected_version=1, priority=True, **values
        )
    assert message in refused.value.message
    assert refused.value.message.startswith(f"{key}: ")
    assert snapshot(kz) == before


def test_the_editors_check_says_what_the_service_would_refuse() -> None:
    """The editor asks `values_problem` before it closes: it must know the same rules."""
    assert editing.values_problem("ok", ["media"], ["cec"]) is None
    assert "control character" in str(editing.values_problem("a\x07", ["media"]))
    assert "addressee" in str(editing.values_problem("ok", ["media"], ["c\x00ec"]))
    assert "over 100" in str(editing.values_problem("ok", ["media"], ["c" * 101]))
    assert editing.values_problem(" ", ["media"]) == "the text cannot be empty"


# -- every other write: the acting reviewer's name ---------------------------------------------


def _a_link(store: Store) -> tuple[int, int]:
    """A proposal (made once): its id and version."""
    with store.transaction() as session:
        found = session.execute(
            select(Link.id, Link.version).where(Link.state == LinkState.PROPOSED)
        ).first()
        if found is None:
            rows = session.execute(select(Recommendation.key, Recommendation.id))
            ids = {row.key: row.id for row in rows}
            link = Link(
                source_id=ids[f"{R19}#2"],
                target_id=ids[f"{R12}#3"],
                kind=LinkKind.RESTATES,
                state=LinkState.PROPOSED,
                score=0.9,
            )
            session.add(link)
            session.flush()
            return link.id, link.version
    return found.id, found.version


def _a_proposal(store: Store) -> tuple[str, str]:
    """The source and target keys of the proposal `_a_link` makes sure of."""
    link_id, _version = _a_link(store)
    with store.read() as session:
        link = session.get(Link, link_id)
        assert link is not None
        source = session.get(Recommendation, link.source_id)
        target = session.get(Recommendation, link.target_id)
        assert source is not None and target is not None
        return source.key, target.key


def _decide_distinct(store: Store, actor: str) -> object:
    source, target = _a_proposal(store)
    choice = review.Choice(pairs=((target, Decision.DISTINCT),))
    return review.decide(store, source, choice, actor=actor)


WRITES_AS = {
    "split": lambda store, actor: followup.split(store, f"{R16}#1", actor=actor),
    "merge": lambda store, actor: followup.merge(store, f"{R12}#3", f"{R16}#3", actor=actor),
    "decide": _decide_distinct,
    "accept": lambda store, actor: triage.accept_proposals(store, [_a_link(store)], actor=actor),
    "edit": lambda store, actor: editing.edit_recommendation(
        store, f"{R16}#3", actor=actor, expected_version=None, priority=True
    ),
}


@pytest.mark.parametrize("write", list(WRITES_AS))
@pytest.mark.parametrize(
    ("actor", "message"),
    [
        ("ann\x00", "reviewer name holds a control character (U+0000)"),
        ("ann\nbob", "reviewer name must be one line"),
        ("a" * 201, "reviewer name is 201 characters long, over 200"),
    ],
    ids=["NUL", "newline", "long"],
)
def test_every_write_refuses_an_actor_that_is_not_a_reviewer_name(
    kz: Store, write: str, actor: str, message: str
) -> None:
    _a_link(kz)
    before = snapshot(kz)
    with pytest.raises(InvalidInput, match=re.escape(message)):
        WRITES_AS[write](kz, actor)
    assert snapshot(kz) == before
    WRITES_AS[write](kz, "ann")  # the same write by a valid name goes through
    assert snapshot(kz) != before


# -- round trip ------------------------------------------------------------------------------

# Text that the format allows though it looks odd: the import keeps it, so a write keeps it.
ODD = "\u00a0no-break\u200bzero-width \u200fRTL\u200e mark\u202e \u2028 \ufeff\ttab \U0001f5f3"
ODD_LINES = f"First line {ODD}\n\n  indented second line\t\nthird # not a comment: [x]"
ODD_NAME = "\u202eRTL\u200b Observer\u00a0Mission \u2029 «ОБСЕ»"


def test_what_a_write_accepts_exports_and_imports_unchanged(
    kz: Store, sqlite_template: Path, tmp_path: Path
) -> None:
    followup.assess(
        kz,
        f"{R12}#3",
        at_report=R15,
        status=Status.NOT,
        actor=ODD_NAME,
        evidence=ODD_LINES,
    )
    followup.assess(
        kz,
        f"{R16}#3",
        at_report=R19,
        status=Status.MOSTLY,
        actor="ann",
        evidence=ODD,
        assessor=ODD_NAME,
    )
    key = f"{R16}#2"
    editing.edit_recommendation(
        kz,
        key,
        actor=ODD_NAME,
        expected_version=None,
        text=ODD_LINES,
        addressees=[ODD_NAME, "cec\u00a0\u200b", "x" * fieldrules.MAX_ADDRESSEE],
    )
    stored = browse.detail(kz, key).record
    exported = tmp_path / "export"
    export_store(kz, exported)

    fresh_path = tmp_path / "fresh.db"
    shutil.copyfile(sqlite_template, fresh_path)
    fresh = Store(f"sqlite:///{fresh_path}")
    try:
        import_paths(fresh, [exported], actor="importer", match=False)
        again = browse.detail(fresh, key).record
        assert (again.text, again.addressees) == (stored.text, stored.addressees)
        for rec_key, report in [(f"{R12}#3", R15), (f"{R16}#3", R19)]:
            original, copied = _own(kz, rec_key, report), _own(fresh, rec_key, report)
            assert (copied.status, copied.evidence, copied.assessor) == (
                original.status,
                original.evidence,
                original.assessor,
            )
        assert _own(fresh, f"{R12}#3", R15).assessor == ODD_NAME.strip()
        second = tmp_path / "second"
        export_store(fresh, second)
        for path in exported.rglob("*.yaml"):
            assert (second / path.relative_to(exported)).read_bytes() == path.read_bytes()
    finally:
        fresh.dispose()


# -- through the CLI -------------------------------------------------------------------------


def test_the_cli_says_what_was_refused_without_a_traceback(
    sqlite_store: Store, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    build_kazakhstan(sqlite_store)
    key, report = NEW
    before = snapshot(sqlite_store)
    db = ["--db", sqlite_store.url]
    assess = ["assess", key, "--at", report, "--status", "not-implemented"]

    code, out, err = run_main(capsys, *db, "--reviewer", "ann", *assess, "--evidence", "a\x07")
    assert code != 0 and "Traceback" not in out + err
    assert f"{key} at {report}: evidence holds a control character (U+0007)" in err

    code, out, err = run_main(capsys, *db, "--reviewer", "ann\x1b]0;x\x07", *assess)
    assert code != 0 and "Traceback" not in out + err
    assert "--reviewer: reviewer name holds a control character (U+001B)" in err
    assert "\x1b" not in out + err  # the bad name is not echoed to the terminal

    monkeypatch.setenv("RECTRACK_REVIEWER", "bob\nmallory")
    code, out, err = run_main(capsys, *db, *assess, "--json")
    assert code != 0
    assert "RECTRACK_REVIEWER: reviewer name must be one line" in out + err
    assert snapshot(sqlite_store) == before
