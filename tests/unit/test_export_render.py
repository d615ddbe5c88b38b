"""Documents to canonical YAML: fixed order, optional keys only when set, exact round trip."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.import_support import LATER, TOPICS, report_of
from tracker.enums import ElectionType, ReportKind, Status
from tracker.exporting.render import render_report, render_topics, report_path
from tracker.importing.documents import (
    AssessmentDoc,
    ElectionDoc,
    RecommendationDoc,
    ReportDoc,
    TopicDoc,
)
from tracker.importing.reader import parse_text
from tracker.importing.validate import validate_document

ELECTION = ElectionDoc("KZ", ElectionType.PARLIAMENTARY, dt.date(2021, 1, 10))


def _report(**changes: object) -> ReportDoc:
    base: dict[str, object] = {
        "id": "kz-2021-parliamentary-odihr-final",
        "election": ELECTION,
        "observer": "ODIHR",
        "kind": ReportKind.FINAL_REPORT,
        "recommendations": (
            RecommendationDoc(number="10", text="Ten.", topics=("media", "candidacy")),
            RecommendationDoc(
                number="2",
                text="Two.",
                topics=("media",),
                priority=True,
                addressees=("parliament", "cec"),
                restates=("kz-2016-x#10", "kz-2016-x#9"),
                distinct_from=("kz-2012-x#1",),
            ),
        ),
        "assessments": (
            AssessmentDoc("kz-2016-x#2", Status.NOT, assessor="ODIHR"),
            AssessmentDoc("kz-2016-x#10", Status.PARTIALLY, evidence="Some.", assessor="PACE"),
        ),
    }
    base.update(changes)
    return ReportDoc(**base)  # type: ignore[arg-type]


def test_the_canonical_form_of_a_report() -> None:
    assert render_report(_report()) == (
        "format: rectrack/1\n"
        "report:\n"
        "  id: kz-2021-parliamentary-odihr-final\n"
        "  country: KZ\n"
        "  election:\n"
        "    type: parliamentary\n"
        "    date: 2021-01-10\n"
        "  observer: ODIHR\n"
        "  kind: final-report\n"
        "recommendations:\n"
        "- number: '2'\n"
        "  text: Two.\n"
        "  priority: true\n"
        "  topics:\n"
        "  - media\n"
        "  addressees:\n"
        "  - parliament\n"
        "  - cec\n"
        "  restates:\n"
        "  - kz-2016-x#9\n"
        "  - kz-2016-x#10\n"
        "  distinct_from:\n"
        "  - kz-2012-x#1\n"
        "- number: '10'\n"
        "  text: Ten.\n"
        "  topics:\n"
        "  - candidacy\n"
        "  - media\n"
        "assessments:\n"
        "- recommendation: kz-2016-x#2\n"
        "  status: not-implemented\n"
        "- recommendation: kz-2016-x#10\n"
        "  status: partially-implemented\n"
        "  evidence: Some.\n"
        "  assessor: PACE\n"
    )


def test_optional_report_fields_in_their_order_and_early_only_when_true() -> None:
    report = _report(
        election=ElectionDoc("NO", ElectionType.LOCAL, dt.date(2023, 9, 11), early=True),
        note="Summaries.",
        url="https://www.osce.org/x",
        published=dt.date(2024, 1, 31),
        title="Local Elections: Final Report",
        recommendations=(),
        assessments=(),
    )
    assert render_report(report) == (
        "format: rectrack/1\n"
        "report:\n"
        "  id: kz-2021-parliamentary-odihr-final\n"
        "  country: 'NO'\n"
        "  election:\n"
        "    type: local\n"
        "    date: 2023-09-11\n"
        "    early: true\n"
        "  observer: ODIHR\n"
        "  kind: final-report\n"
        "  title: 'Local Elections: Final Report'\n"
        "  published: 2024-01-31\n"
        "  url: https://www.osce.org/x\n"
        "  note: Summaries.\n"
        "recommendations: []\n"
    )
    assert str(report_path(report)) == "no/kz-2021-parliamentary-odihr-final.yaml"


def test_topics_sorted_by_id_with_description_only_when_set() -> None:
    text = render_topics([TopicDoc("media", "Media"), TopicDoc("campaign", "Campaign", "Conduct.")])
    assert text == (
        "format: rectrack/1\n"
        "topics:\n"
        "- id: campaign\n"
        "  label: Campaign\n"
        "  description: Conduct.\n"
        "- id: media\n"
        "  label: Media\n"
    )


def _reread(text: str) -> object:
    root, issues = parse_text(text, "x.yaml")
    assert root is not None, issues
    document, issues = validate_document(root, "x.yaml")
    assert not issues, issues
    return document


def test_render_then_read_gives_the_same_documents() -> None:
    report = report_of(LATER)
    again = _reread(render_report(report))
    assert isinstance(again, ReportDoc)
    assert render_report(again) == render_report(report)
    topics = _reread(TOPICS)
    assert isinstance(topics, list)
    assert _reread(render_topics(topics)) == sorted(topics, key=lambda t: t.id)


TEXT = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc"),
        whitelist_characters="\n\t",
    ),
    min_size=1,
    max_size=200,
).filter(lambda value: value.strip() != "")


@settings(max_examples=300, deadline=None)
@given(text=TEXT, number=st.from_regex(r"[0-9A-Za-z.()]{1,8}", fullmatch=True))
def test_any_text_survives_the_round_trip(text: str, number: str) -> None:
    report = _report(
        recommendations=(RecommendationDoc(number=number, text=text, topics=("media",)),),
        assessments=(AssessmentDoc("kz-2016-x#2", Status.NOT, evidence=text),),
        note=text,
    )
    again = _reread(render_report(report))
    assert isinstance(again, ReportDoc)
    assert again.recommendations[0].text == text
    assert again.recommendations[0].number == number
    assert again.assessments[0].evidence == text
    assert again.note == text
