"""One file against the format: each kind of bad input is an error at its line and path."""

from __future__ import annotations

import datetime as dt

from tests.unit.import_support import (
    EARLIER,
    LATER,
    TOPICS,
    issues_of,
    only,
    position,
    replaced,
    report_of,
)
from tracker.enums import ElectionType, ReportKind, Status
from tracker.importing.documents import ElectionDoc, TopicDoc
from tracker.importing.issues import ImportIssue
from tracker.importing.reader import parse_text
from tracker.importing.validate import validate_document


def error_at(text: str, needle: str, path: str, message: str, occurrence: int = 1) -> None:
    """The text has exactly one error: at `needle`, with this path and message."""
    line, column = position(text, needle, occurrence)
    assert only(issues_of(text)) == ImportIssue("f.yaml", line, column, path, message)


def test_valid_report_becomes_documents() -> None:
    report = report_of(LATER)
    assert report.id == "kz-2021-parliamentary-odihr-final"
    assert report.election == ElectionDoc("KZ", ElectionType.PARLIAMENTARY, dt.date(2021, 1, 10))
    assert report.kind is ReportKind.FINAL_REPORT
    first, second = report.recommendations
    assert first.restates == ("kz-2016-parliamentary-odihr-final#1",)
    assert second.related == ("kz-2016-parliamentary-odihr-final#2",)
    assert second.distinct_from == ("kz-2016-parliamentary-odihr-final#3",)
    assessment = report.assessments[1]
    assert assessment.status is Status.PARTIALLY
    assert assessment.assessor == "OSCE PA"
    assert report_of(EARLIER).election.early is True


def test_valid_topics_become_documents() -> None:
    root, _ = parse_text(TOPICS, "topics.yaml")
    assert root is not None
    topics, issues = validate_document(root, "topics.yaml")
    assert issues == []
    assert isinstance(topics, list)
    assert topics[0] == TopicDoc(
        "voter-registration",
        "Voter registration",
        "Voter lists, their accuracy, and their correction.",
    )
    assert topics[1].description is None


def test_scalars_are_converted_by_the_schema_not_by_yaml() -> None:
    text = replaced(EARLIER, "country: KZ", "country: 'NO'")
    text = replaced(text, "number: '1'", "number: 010")
    text = replaced(text, "number: '2'", "number: 1.10")
    report = report_of(text)
    assert report.country == "NO"
    assert [rec.number for rec in report.recommendations] == ["010", "1.10", "3"]
    assert report_of(replaced(EARLIER, "country: KZ", "country: NO")).country == "NO"


def test_a_missing_format_is_an_error_at_1_1() -> None:
    text = EARLIER.replace("format: rectrack/1\n", "")
    assert only(issues_of(text)) == ImportIssue(
        "f.yaml", 1, 1, "format", "missing: every file starts with 'format: rectrack/1'"
    )


def test_an_unknown_format_version_is_an_error_at_its_value() -> None:
    text = replaced(EARLIER, "format: rectrack/1", "format: rectrack/2")
    error_at(
        text,
        "rectrack/2",
        "format",
        "unknown format 'rectrack/2': this rectrack reads 'rectrack/1' "
        "(a newer rectrack may read it)",
    )


def test_format_must_come_first() -> None:
    text = EARLIER.replace("format: rectrack/1\n", "") + "format: rectrack/1\n"
    error_at(text, "format:", "format", "'format' must be the first key of the file")


def test_a_document_that_is_not_a_mapping() -> None:
    assert only(issues_of("- a\n- b\n")) == ImportIssue(
        "f.yaml",
        1,
        1,
        "(document)",
        "expected a mapping that starts with 'format: rectrack/1', found a list",
    )


def test_neither_topics_nor_report() -> None:
    assert only(issues_of("format: rectrack/1\n")) == ImportIssue(
        "f.yaml",
        1,
        1,
        "(document)",
        "expected 'topics:' (a taxonomy) or 'report:' with 'recommendations:' (one report)",
    )


def test_an_unknown_key_names_the_keys_expected_and_suggests_one() -> None:
    text = replaced(EARLIER, "  topics: [media]", "  topcs: [media]")
    line, column = position(text, "topcs")
    issues = issues_of(text)
    assert issues[0] == ImportIssue(
        "f.yaml",
        line,
        column,
        "recommendations[2].topcs",
        "unknown key 'topcs' (did you mean 'topics'?); expected one of: number, text, "
        "priority, topics, addressees, restates, related, distinct_from",
    )
    # and the required key it replaced is missing, reported at the recommendation
    assert issues[1].path == "recommendations[2]"
    assert issues[1].message == "missing key 'topics' in a recommendation"


def test_an_unknown_top_level_key() -> None:
    text = EARLIER + "comments: none\n"
    line, column = position(text, "comments")
    issue = only(issues_of(text))
    assert (issue.line, issue.column, issue.path) == (line, column, "comments")
    assert issue.message.startswith("unknown key 'comments'")


def test_a_duplicate_key_is_an_error_at_the_second() -> None:
    text = replaced(EARLIER, "  observer: ODIHR\n", "  observer: ODIHR\n  observer: PACE\n")
    error_at(text, "observer", "report.observer", "duplicate key (first at line 9)", 2)


def test_wrong_types() -> None:
    text = replaced(EARLIER, "topics: [media]", "topics: media")
    error_at(
        text,
        "media\n",
        "recommendations[2].topics",
        "expected a list of topic ids, found text 'media'",
    )
    text = replaced(EARLIER, "text: Restrictions on candidacy should be lifted.", "text: [a, b]")
    error_at(text, "[a, b]", "recommendations[1].text", "expected text, found a list")
    text = replaced(
        EARLIER, "  election:\n    type: parliamentary", "  election: parliamentary\n  x:"
    )
    issues = issues_of(text)
    assert any(
        issue.path == "report.election"
        and issue.message == "expected the election (a mapping), found text 'parliamentary'"
        for issue in issues
    )


def test_a_bad_slug() -> None:
    text = replaced(EARLIER, "id: kz-2016-parliamentary-odihr-final", "id: KZ_2016_final")
    error_at(
        text,
        "KZ_2016_final",
        "report.id",
        "report id 'KZ_2016_final' is not a slug (did you mean 'kz-2016-final'?): expected "
        "lower-case letters and digits in words joined by single hyphens",
    )


def test_a_date_in_another_form() -> None:
    text = replaced(EARLIER, "date: 2016-03-20", "date: 20.03.2016")
    error_at(
        text,
        "20.03.2016",
        "report.election.date",
        "expected a date as YYYY-MM-DD, found '20.03.2016'",
    )


def test_a_date_that_does_not_exist() -> None:
    text = replaced(EARLIER, "date: 2016-03-20", "date: 2030-02-30")
    error_at(
        text,
        "2030-02-30",
        "report.election.date",
        "not a valid date: '2030-02-30' (day is out of range for month)",
    )


def test_a_lower_case_country_code() -> None:
    text = replaced(EARLIER, "country: KZ", "country: kz")
    error_at(text, "kz\n", "report.country", "country codes are upper-case (did you mean 'KZ'?)")


def test_an_unknown_country_code() -> None:
    text = replaced(EARLIER, "country: KZ", "country: XX")
    error_at(
        text,
        "XX",
        "report.country",
        "unknown country code 'XX': expected an ISO 3166-1 alpha-2 code such as 'KZ'",
    )


def test_a_country_name_suggests_its_code() -> None:
    text = replaced(EARLIER, "country: KZ", "country: Kazakhstan")
    issue = only(issues_of(text))
    assert issue.message.startswith("unknown country code 'Kazakhstan' (did you mean 'KZ'?)")


def test_an_unknown_status_suggests_the_closest() -> None:
    text = replaced(LATER, "status: not-implemented", "status: partly-implemented")
    error_at(
        text,
        "partly-implemented",
        "assessments[0].status",
        "unknown status 'partly-implemented' (did you mean 'partially-implemented'?); "
        "expected one of: fully-implemented, mostly-implemented, partially-implemented, "
        "not-implemented, no-longer-relevant",
    )


def test_an_unknown_report_kind_and_election_type() -> None:
    text = replaced(EARLIER, "kind: final-report", "kind: final")
    issue = only(issues_of(text))
    assert issue.path == "report.kind"
    assert issue.message.startswith("unknown report kind 'final' (did you mean 'final-report'?)")
    text = replaced(EARLIER, "type: parliamentary", "type: senate")
    assert only(issues_of(text)).message.startswith("unknown election type 'senate'")


def test_yes_is_not_a_boolean() -> None:
    text = replaced(EARLIER, "priority: true", "priority: yes")
    error_at(text, "yes", "recommendations[1].priority", "expected true or false, found 'yes'")


def test_empty_text_is_an_error() -> None:
    text = replaced(EARLIER, "text: The media regulator should be independent.", "text: '  '")
    error_at(text, "'  '", "recommendations[2].text", "empty text: expected some text")
    text = replaced(EARLIER, "text: The media regulator should be independent.", "text:")
    issue = only(issues_of(text))
    assert (issue.path, issue.message) == (
        "recommendations[2].text",
        "empty text: expected some text",
    )


def test_a_control_character_in_text_is_an_error() -> None:
    text = replaced(EARLIER, "text: The media regulator should be independent.", 'text: "a\\0b"')
    error_at(text, '"a', "recommendations[2].text", "text holds a control character (U+0000)")


def test_duplicate_numbers() -> None:
    text = replaced(EARLIER, "number: '3'", "number: '1'")
    error_at(text, "'1'", "recommendations[2].number", "duplicate number '1' (first at line 13)", 2)


def test_duplicate_assessments() -> None:
    text = replaced(
        LATER,
        "kz-2016-parliamentary-odihr-final#2\n  status",
        "kz-2016-parliamentary-odihr-final#1\n  status",
    )
    line, column = position(text, "recommendation: kz-2016-parliamentary-odihr-final#1", 2)
    assert only(issues_of(text)) == ImportIssue(
        "f.yaml",
        line,
        column + len("recommendation: "),
        "assessments[1].recommendation",
        f"a second assessment of 'kz-2016-parliamentary-odihr-final#1' (first at line {line - 2}): "
        "one assessment per recommendation and report",
    )


def test_a_topic_listed_twice() -> None:
    text = replaced(EARLIER, "topics: [media]", "topics: [media, media]")
    error_at(
        text,
        "media]",
        "recommendations[2].topics[1]",
        f"'media' is listed twice (first at line {position(text, 'media]')[0]})",
    )


def test_no_topics() -> None:
    text = replaced(EARLIER, "topics: [media]", "topics: []")
    error_at(text, "[]", "recommendations[2].topics", "expected one or more topic ids, found none")


def test_a_malformed_reference() -> None:
    text = replaced(
        LATER, "restates: [kz-2016-parliamentary-odihr-final#1]", "restates: [kz-2016#]"
    )
    error_at(
        text,
        "kz-2016#",
        "recommendations[0].restates[0]",
        "expected a recommendation key '<report id>#<number>', found 'kz-2016#'",
    )


def test_a_recommendation_pointing_to_itself() -> None:
    text = replaced(
        LATER,
        "restates: [kz-2016-parliamentary-odihr-final#1]",
        "restates: [kz-2021-parliamentary-odihr-final#1]",
    )
    error_at(
        text,
        "kz-2021-parliamentary-odihr-final#1]",
        "recommendations[0].restates[0]",
        "a recommendation cannot point to itself",
    )


def test_a_pair_listed_under_two_kinds() -> None:
    text = replaced(
        LATER,
        "distinct_from: [kz-2016-parliamentary-odihr-final#3]",
        "distinct_from: [kz-2016-parliamentary-odihr-final#2]",
    )
    error_at(
        text,
        "kz-2016-parliamentary-odihr-final#2]",
        "recommendations[1].distinct_from[0]",
        f"'kz-2016-parliamentary-odihr-final#2' is also listed in related "
        f"(line {position(text, 'related:')[0]}): "
        "a pair has one link",
        2,
    )


def test_a_missing_required_key() -> None:
    text = replaced(EARLIER, "  observer: ODIHR\n", "")
    error_at(text, "id: kz", "report", "missing key 'observer' in the report")


def test_a_bad_url() -> None:
    text = replaced(
        EARLIER, "  kind: final-report\n", "  kind: final-report\n  url: www.osce.org\n"
    )
    error_at(
        text,
        "www.osce.org",
        "report.url",
        "expected a web address starting with https:// or http://, found 'www.osce.org'",
    )


def test_a_title_on_two_lines() -> None:
    text = replaced(
        EARLIER, "title: Early Parliamentary Elections, 20 March 2016", 'title: "a\\nb"'
    )
    error_at(text, '"a', "report.title", "title must be one line")


def test_topic_file_errors() -> None:
    text = replaced(TOPICS, "- id: media", "- id: Media")
    error_at(
        text,
        "Media\n",
        "topics[1].id",
        "topic id 'Media' is not a slug (did you mean 'media'?): expected lower-case letters "
        "and digits in words joined by single hyphens",
    )
    text = replaced(TOPICS, "- id: media", "- id: candidacy")
    error_at(
        text,
        "candidacy",
        "topics[2].id",
        "duplicate topic id 'candidacy' (first at line 6)",
        2,
    )


def test_every_error_of_a_file_is_reported_at_once() -> None:
    text = replaced(EARLIER, "country: KZ", "country: XX")
    text = replaced(text, "priority: true", "priority: yes")
    text = replaced(text, "number: '3'", "number: '1'")
    issues = issues_of(text)
    assert [issue.path for issue in issues] == [
        "report.country",
        "recommendations[1].priority",
        "recommendations[2].number",
    ]
