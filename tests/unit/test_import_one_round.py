"""One round: a batch's per-file errors and its cross-file errors are reported together.

Files with errors still give what validated in them, for the batch checks only; what they left
unread is never called unknown.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import cast

import pytest

from tests.unit.import_support import (
    EARLIER,
    EARLIER_ID,
    LATER,
    LATER_ID,
    TOPICS,
    position,
    replaced,
    write_sample,
)
from tracker.errors import ImportFailed, TrackerError
from tracker.importing.batch import StoreSnapshot, check_batch, read_batch
from tracker.importing.documents import NOTHING_UNREAD, ReportDoc, Unread
from tracker.importing.reader import parse_text
from tracker.importing.validate import read_document
from tracker.services import importing
from tracker.store import Store

LATER_FILE = f"kz/{LATER_ID}.yaml"
EARLIER_FILE = f"kz/{EARLIER_ID}.yaml"


def all_issues(folder: Path, snapshot: StoreSnapshot | None = None) -> list[str]:
    """What `rectrack import` reports for the folder, in one round (paths made relative)."""
    batch, issues = read_batch([folder])
    issues = issues + check_batch(batch, snapshot or StoreSnapshot())
    return sorted(str(issue).replace(f"{folder}/", "") for issue in issues)


def at(text: str, needle: str, occurrence: int = 1) -> str:
    line, column = position(text, needle, occurrence)
    return f"{line}:{column}"


def users_later() -> str:
    """The new user's file: a missing text, `priority: yes` and a bad status, and in its valid
    entry an unknown topic and a dangling reference."""
    later = replaced(
        LATER,
        "  text: Independent candidates should be allowed to stand.\n",
        "  priority: yes\n",
    )
    later = replaced(later, "status: not-implemented", "status: partly-implemented")
    later = replaced(later, "topics: [voter-registration]", "topics: [voter-registation]")
    return replaced(
        later,
        "restates: [kz-2016-parliamentary-odihr-final#1]",
        "restates: [kz-2016-parliamentary-odihr-final#4]",
    )


def test_the_users_batch_reports_every_problem_in_one_round(tmp_path: Path) -> None:
    later = users_later()
    folder = write_sample(tmp_path / "in", later=later)
    rec = at(later, "number: '2'")
    assert all_issues(folder) == sorted(
        [
            f"{LATER_FILE}:{rec}: recommendations[1]: missing key 'text' in a recommendation",
            f"{LATER_FILE}:{at(later, 'yes')}: recommendations[1].priority: "
            "expected true or false, found 'yes'",
            f"{LATER_FILE}:{at(later, 'partly-implemented')}: assessments[0].status: "
            "unknown status 'partly-implemented' (did you mean 'partially-implemented'?); "
            "expected one of: fully-implemented, mostly-implemented, partially-implemented, "
            "not-implemented, no-longer-relevant",
            f"{LATER_FILE}:{at(later, 'voter-registation')}: recommendations[0].topics[0]: "
            "unknown topic 'voter-registation' (did you mean 'voter-registration'?)",
            f"{LATER_FILE}:{at(later, 'kz-2016-parliamentary-odihr-final#4')}: "
            "recommendations[0].restates[0]: unknown recommendation "
            "'kz-2016-parliamentary-odihr-final#4': report 'kz-2016-parliamentary-odihr-final' "
            "has no number '4'",
        ]
    )


class ReadOnlyStore:
    """Only a read-only session: a transaction would fail the test."""

    def __init__(self) -> None:
        self.reads = 0

    @contextmanager
    def read(self) -> Iterator[object]:
        self.reads += 1
        yield object()


def test_import_raises_one_import_failed_with_every_issue_sorted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_sample(tmp_path / "in", later=users_later())
    snapshot = StoreSnapshot(topics=frozenset({"media"}))
    monkeypatch.setattr(importing.imports, "snapshot", lambda session, request: snapshot)
    store = ReadOnlyStore()
    with pytest.raises(ImportFailed) as failure:
        importing.import_paths(cast(Store, store), [folder], actor="test", match=False)
    issues = failure.value.issues
    assert store.reads == 1
    assert list(issues) == sorted(
        issues, key=lambda i: (i.file, i.line, i.column, i.path, i.message)
    )
    assert [issue.path for issue in issues] == [
        "recommendations[0].topics[0]",
        "recommendations[0].restates[0]",
        "recommendations[1]",
        "recommendations[1].priority",
        "assessments[0].status",
    ]


def test_a_store_that_cannot_be_read_still_leaves_the_files_issues(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_sample(tmp_path / "in", later=users_later())

    def unreadable(session: object, request: object) -> StoreSnapshot:
        raise TrackerError("the store is locked")

    monkeypatch.setattr(importing.imports, "snapshot", unreadable)
    with pytest.raises(ImportFailed) as failure:
        importing.import_paths(cast(Store, ReadOnlyStore()), [folder], actor="test", match=False)
    paths = [issue.path for issue in failure.value.issues]
    assert paths == ["recommendations[1]", "recommendations[1].priority", "assessments[0].status"]


def test_a_batch_without_issues_has_nothing_unread_and_no_partial_report(
    tmp_path: Path,
) -> None:
    batch, issues = read_batch([write_sample(tmp_path / "in")])
    assert issues == []
    assert batch.unread is NOTHING_UNREAD
    assert not any(report.partial for report in batch.reports)


def test_a_file_with_errors_gives_what_validated() -> None:
    later = replaced(LATER, "  kind: final-report\n", "  kind: final\n")
    later = replaced(later, "topics: [candidacy]", "topics: candidacy")
    root, _ = parse_text(later, "f.yaml")
    assert root is not None
    report, issues, unread = read_document(root, "f.yaml")
    assert len(issues) == 2
    assert isinstance(report, ReportDoc) and report.partial
    assert report.id == LATER_ID
    assert [rec.number for rec in report.recommendations] == ["1"]
    assert len(report.assessments) == 2
    # its header had errors: any of its numbers may be meant
    assert unread == Unread(numbers={LATER_ID: None})


def test_a_reference_to_an_entry_with_a_field_error_is_not_unknown(tmp_path: Path) -> None:
    earlier = replaced(EARLIER, "  topics: [media]", "  priority: yes\n  topics: [media]")
    later = replaced(LATER, "final#1]", "final#9]")
    folder = write_sample(tmp_path / "in", earlier=earlier, later=later)
    issues = all_issues(folder)
    # '#3' (distinct_from) is the entry with the error: not unknown; '#9' is
    assert [issue.split(": ", 2)[1] for issue in issues] == [
        "recommendations[2].priority",
        "recommendations[0].restates[0]",
    ]
    assert "has no number '9'" in issues[1]


def test_an_entry_without_a_readable_number_hides_none_of_its_reports_numbers(
    tmp_path: Path,
) -> None:
    earlier = replaced(EARLIER, "- number: '3'\n", "- number: '#3'\n")
    folder = write_sample(tmp_path / "in", earlier=earlier)
    issues = all_issues(folder)
    assert len(issues) == 1 and "recommendations[2].number" in issues[0]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("  kind: final-report\n", "  kind: final\n"),  # a partial report
        ("date: 2016-03-20", "date: 2016-02-30"),  # no election: no partial report
        ("  observer: ODIHR\n", ""),
    ],
)
def test_a_reference_into_a_report_whose_header_had_errors_is_not_unknown(
    tmp_path: Path, old: str, new: str
) -> None:
    earlier = replaced(EARLIER, old, new)
    later = replaced(LATER, "final#1]", "final#4]")
    folder = write_sample(tmp_path / "in", earlier=earlier, later=later)
    issues = all_issues(folder)
    assert len(issues) == 1 and issues[0].startswith(f"{EARLIER_FILE}:")


def test_a_report_id_that_did_not_validate_may_be_any_report(tmp_path: Path) -> None:
    earlier = replaced(EARLIER, f"id: {EARLIER_ID}", "id: KZ_2016")
    folder = write_sample(tmp_path / "in", earlier=earlier)
    issues = all_issues(folder)
    assert len(issues) == 1 and "report.id" in issues[0]


def test_an_unknown_topic_is_not_reported_where_a_taxonomy_had_errors(tmp_path: Path) -> None:
    topics = replaced(TOPICS, "  label: Media\n", "")
    folder = write_sample(tmp_path / "in", topics=topics)
    issues = all_issues(folder)
    assert len(issues) == 1 and "missing key 'label'" in issues[0]
    # and with a valid taxonomy the same batch names the topic
    good = all_issues(
        write_sample(tmp_path / "good", topics=replaced(TOPICS, "id: media", "id: press"))
    )
    assert len(good) == 1 and "unknown topic 'media'" in good[0]


def test_a_file_that_is_not_yaml_hides_unknown_topics_and_reports(tmp_path: Path) -> None:
    later = replaced(LATER, "topics: [voter-registration]", "topics: [elections]")
    later = replaced(later, "final#1]", "final#4]")
    folder = write_sample(tmp_path / "in", later=later, topics="format: [\n")
    issues = all_issues(folder)
    # the topic may be in the unreadable file; the number is unknown all the same
    assert len(issues) == 2
    assert "topics.yaml" in issues[1] or "topics.yaml" in issues[0]
    assert any("has no number '4'" in issue for issue in issues)


def test_partial_reports_are_checked_across_files_too(tmp_path: Path) -> None:
    """An election checked over the batch: early in one file, not in the other, even though
    one of the files had a field error."""
    later = replaced(LATER, "date: 2021-01-10", "date: 2016-03-20")
    later = replaced(later, "  kind: final-report\n", "  kind: final\n")
    folder = write_sample(tmp_path / "in", later=later)
    messages = [issue.split(": ", 2)[2] for issue in all_issues(folder)]
    assert any("is early in one file and not in the other" in m for m in messages)
    assert any(m.startswith("unknown report kind 'final'") for m in messages)
