"""The history's keys and values: the stored forms are a contract with every existing store."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.enums import LinkKind, LinkState, Status
from tracker.history_entries import (
    AssessmentKey,
    LinkKey,
    RowKey,
    assessment_values,
    datetime_value,
    json_value,
    link_values,
    parse_key,
    recommendations_named,
)

LATER = "kz-2021-parliamentary-odihr-final#3"
EARLIER = "kz-2019-presidential-odihr-final#1"


def test_keys_keep_their_stored_form_and_parse_back() -> None:
    link = LinkKey(LATER, EARLIER)
    assessment = AssessmentKey(EARLIER, "kz-2021-parliamentary-odihr-final")
    assert str(link) == f"{LATER} -> {EARLIER}"
    assert str(assessment) == f"{EARLIER} @ kz-2021-parliamentary-odihr-final"
    assert parse_key("link", str(link)) == link
    assert parse_key("assessment", str(assessment)) == assessment
    assert parse_key("recommendation", LATER) == RowKey("recommendation", LATER)
    assert str(parse_key("match-run", "KZ")) == "KZ"


def test_a_key_of_the_wrong_shape_or_entity_is_refused() -> None:
    with pytest.raises(ValueError, match="not a link key"):
        LinkKey.parse(EARLIER)
    with pytest.raises(ValueError, match="not an assessment key"):
        AssessmentKey.parse(EARLIER)
    with pytest.raises(ValueError, match="unknown history entity"):
        parse_key("election", "x")


def test_keys_name_their_recommendations_once_each_in_order() -> None:
    keys = [
        AssessmentKey(EARLIER, "r"),
        LinkKey(LATER, EARLIER),
        RowKey("report", "r"),
        RowKey("recommendation", "r#9"),
    ]
    assert recommendations_named(keys) == (EARLIER, LATER, "r#9")
    assert LinkKey(LATER, EARLIER).shown == f"{LATER} → {EARLIER}"
    assert AssessmentKey(EARLIER, "r").shown == f"{EARLIER} at r"


def test_values_are_stored_as_json_and_times_read_back() -> None:
    at = dt.datetime(2026, 1, 2, 3, 4, 5, 678)
    assert json_value(Status.MOSTLY) == "mostly-implemented"
    assert json_value(at) == "2026-01-02T03:04:05"
    assert json_value(dt.date(2024, 3, 1)) == "2024-03-01"
    assert json_value(("a", LinkKind.RELATED)) == ["a", "related"]
    assert datetime_value(json_value(at)) == at.replace(microsecond=0)
    assert datetime_value(None) is None


def test_whole_rows_have_the_shape_undo_recreates() -> None:
    at = dt.datetime(2026, 1, 2, 3, 4, 5)
    assert link_values(
        LinkKey(LATER, EARLIER),
        kind=LinkKind.RESTATES,
        state=LinkState.ACCEPTED,
        score=None,
        breakdown=None,
        decided_by="ann",
        decided_at=at,
    ) == {
        "source": LATER,
        "target": EARLIER,
        "kind": "restates",
        "state": "accepted",
        "score": None,
        "breakdown": None,
        "decided_by": "ann",
        "decided_at": "2026-01-02T03:04:05",
    }
    assert assessment_values(
        AssessmentKey(EARLIER, "r"), status=Status.NOT, evidence=None, assessor="ann"
    ) == {
        "recommendation": EARLIER,
        "report": "r",
        "status": "not-implemented",
        "evidence": None,
        "assessor": "ann",
    }
