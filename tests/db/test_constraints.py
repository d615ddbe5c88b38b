"""Constraints are the database's, on both backends, and reach the user as TrackerErrors."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text, update

from tracker.enums import ElectionType, ReportKind
from tracker.errors import ConflictError, ConstraintViolation
from tracker.models import Election, Recommendation, Report
from tracker.store import Store


def _add_report(store: Store) -> int:
    with store.transaction() as session:
        election = Election(
            country="KZ", type=ElectionType.PARLIAMENTARY, date=dt.date(2021, 1, 10)
        )
        session.add(election)
        session.flush()
        session.add(
            Report(
                id="kz-2021-parliamentary-odihr-final",
                election_id=election.id,
                observer="ODIHR",
                kind=ReportKind.FINAL_REPORT,
            )
        )
        session.flush()
        recommendation = Recommendation(
            key="kz-2021-parliamentary-odihr-final#1",
            report_id="kz-2021-parliamentary-odihr-final",
            number="1",
            text="The legal framework should be revised.",
        )
        session.add(recommendation)
        session.flush()
        return recommendation.id


def test_duplicate_election_is_refused(store: Store) -> None:
    _add_report(store)
    with pytest.raises(ConstraintViolation, match="refused"), store.transaction() as session:
        session.add(
            Election(country="KZ", type=ElectionType.PARLIAMENTARY, date=dt.date(2021, 1, 10))
        )


def test_duplicate_recommendation_number_is_refused(store: Store) -> None:
    _add_report(store)
    with pytest.raises(ConstraintViolation), store.transaction() as session:
        session.add(
            Recommendation(
                key="other-key",
                report_id="kz-2021-parliamentary-odihr-final",
                number="1",
                text="Another text.",
            )
        )


def test_bad_status_is_refused_by_the_database(store: Store) -> None:
    recommendation_id = _add_report(store)
    statement = text(
        "INSERT INTO assessments (recommendation_id, report_id, status, version) "
        "VALUES (:rec, 'kz-2021-parliamentary-odihr-final', 'half-done', 1)"
    )
    with pytest.raises(ConstraintViolation), store.transaction() as session:
        session.execute(statement, {"rec": recommendation_id})


def test_bad_country_code_is_refused_by_the_database(store: Store) -> None:
    statement = text(
        "INSERT INTO elections (country, type, date, early) "
        "VALUES ('kz', 'parliamentary', '2021-01-10', false)"
    )
    with pytest.raises(ConstraintViolation), store.transaction() as session:
        session.execute(statement)


def test_dangling_foreign_key_is_refused(store: Store) -> None:
    with pytest.raises(ConstraintViolation), store.transaction() as session:
        session.add(Recommendation(key="x#1", report_id="no-such-report", number="1", text="Text."))


def test_a_failed_transaction_writes_nothing(store: Store) -> None:
    with pytest.raises(ConstraintViolation), store.transaction() as session:
        session.add(Election(country="GE", type=ElectionType.LOCAL, date=dt.date(2021, 10, 2)))
        session.flush()
        session.add(Recommendation(key="y#1", report_id="missing", number="1", text="Text."))
    with store.read() as session:
        assert session.execute(text("SELECT count(*) FROM elections")).scalar() == 0


def test_second_writer_of_the_same_row_gets_a_conflict(store: Store) -> None:
    recommendation_id = _add_report(store)
    with store.read() as first_reader:
        first = first_reader.get(Recommendation, recommendation_id)
        assert first is not None
    with store.read() as second_reader:
        second = second_reader.get(Recommendation, recommendation_id)
        assert second is not None

    with store.transaction() as session:
        mine = session.merge(first, load=False)
        mine.text = "First reviewer's correction."
    with pytest.raises(ConflictError), store.transaction() as session:
        theirs = session.merge(second, load=False)
        theirs.text = "Second reviewer's correction."

    with store.read() as session:
        stored = session.get(Recommendation, recommendation_id)
        assert stored is not None
        assert stored.text == "First reviewer's correction."
        assert stored.version == 2


def test_bulk_update_with_stale_version_changes_nothing(store: Store) -> None:
    recommendation_id = _add_report(store)
    with store.transaction() as session:
        result = session.execute(
            update(Recommendation)
            .where(Recommendation.id == recommendation_id, Recommendation.version == 99)
            .values(text="Never written.", version=Recommendation.version + 1)
        )
        assert result.rowcount == 0  # type: ignore[attr-defined]
