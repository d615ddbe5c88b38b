"""Checks over a whole batch and what the store holds: topics, references, elections."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.unit.import_support import (
    EARLIER,
    EARLIER_ID,
    LATER,
    LATER_ID,
    TOPICS,
    batch_of,
    only,
    position,
    replaced,
    write_files,
    write_sample,
)
from tracker.enums import ElectionType
from tracker.importing.batch import StoreSnapshot, check_batch, read_batch, snapshot_request
from tracker.importing.documents import ElectionDoc
from tracker.importing.issues import ImportIssue

LATER_FILE = f"kz/{LATER_ID}.yaml"
EARLIER_FILE = f"kz/{EARLIER_ID}.yaml"


def checked(
    tmp_path: Path, snapshot: StoreSnapshot | None = None, **files: str
) -> list[ImportIssue]:
    folder = write_sample(tmp_path / "in", **files)
    return check_batch(batch_of(folder), snapshot or StoreSnapshot())


def name(tmp_path: Path, relative: str) -> str:
    return str(tmp_path / "in" / relative)


def test_a_valid_batch_has_no_issues_whatever_the_order_of_files(tmp_path: Path) -> None:
    # the later report sorts first ("a-..."), its references resolve all the same
    folder = write_files(
        tmp_path,
        {"topics.yaml": TOPICS, "a/later.yaml": LATER, "b/earlier.yaml": EARLIER},
    )
    batch = batch_of(folder)
    assert [report.id for report in batch.reports] == [LATER_ID, EARLIER_ID]
    assert check_batch(batch, StoreSnapshot()) == []


def test_an_unknown_topic_is_named_with_a_suggestion(tmp_path: Path) -> None:
    later = replaced(
        LATER,
        "  text: Independent candidates should be allowed to stand.\n  topics: [candidacy]",
        "  text: Independent candidates should be allowed to stand.\n"
        "  topics: [candidacy, voter-registation]",
    )
    later = later.replace(
        "assessments:",
        "- number: '3'\n  text: More.\n  topics: [media]\n"
        "- number: '4'\n  text: Again.\n  topics: [media, voter-registation]\n"
        "assessments:",
    )
    issues = checked(tmp_path, later=later)
    line, column = position(later, "voter-registation]", 2)
    assert issues[-1] == ImportIssue(
        name(tmp_path, LATER_FILE),
        line,
        column,
        "recommendations[3].topics[1]",
        "unknown topic 'voter-registation' (did you mean 'voter-registration'?)",
    )
    assert str(issues[-1]).endswith(
        f":{line}:{column}: recommendations[3].topics[1]: unknown topic 'voter-registation' "
        "(did you mean 'voter-registration'?)"
    )
    assert len(issues) == 2


def test_a_topic_of_the_store_is_known(tmp_path: Path) -> None:
    topics = replaced(TOPICS, "- id: media\n  label: Media\n", "")
    assert checked(tmp_path, StoreSnapshot(topics=frozenset({"media"})), topics=topics) == []
    issue = only(checked(tmp_path / "2", topics=topics))
    assert issue.message == "unknown topic 'media'"


def test_a_dangling_reference_to_a_number_the_report_lacks(tmp_path: Path) -> None:
    later = replaced(LATER, "final#1]", "final#9]")
    issue = only(checked(tmp_path, later=later))
    line, column = position(later, "kz-2016-parliamentary-odihr-final#9")
    assert issue == ImportIssue(
        name(tmp_path, LATER_FILE),
        line,
        column,
        "recommendations[0].restates[0]",
        "unknown recommendation 'kz-2016-parliamentary-odihr-final#9': report "
        "'kz-2016-parliamentary-odihr-final' has no number '9'",
    )


def test_a_dangling_reference_to_an_unknown_report(tmp_path: Path) -> None:
    later = replaced(
        LATER, "kz-2016-parliamentary-odihr-final#1]", "kz-2016-parliamentary-odihr-fnal#1]"
    )
    issue = only(checked(tmp_path, later=later))
    assert issue.path == "recommendations[0].restates[0]"
    assert issue.message == (
        "unknown recommendation 'kz-2016-parliamentary-odihr-fnal#1': no report "
        "'kz-2016-parliamentary-odihr-fnal' in this batch or the store "
        "(did you mean 'kz-2016-parliamentary-odihr-final'?)"
    )


def test_a_dangling_reference_never_suggests_its_own_report(tmp_path: Path) -> None:
    later = replaced(
        LATER, "kz-2016-parliamentary-odihr-final#1]", "kz-2021-parliamentary-odihr-fnal#1]"
    )
    issue = only(checked(tmp_path, later=later))
    assert issue.message.startswith("unknown recommendation 'kz-2021-parliamentary-odihr-fnal#1'")
    assert "did you mean 'kz-2021-parliamentary-odihr-final'" not in issue.message


def test_an_assessment_of_an_unknown_recommendation(tmp_path: Path) -> None:
    later = replaced(
        LATER,
        "- recommendation: kz-2016-parliamentary-odihr-final#1",
        "- recommendation: kz-2016-parliamentary-odihr-final#7",
    )
    issue = only(checked(tmp_path, later=later))
    line, column = position(later, "kz-2016-parliamentary-odihr-final#7")
    assert (issue.line, issue.column, issue.path) == (line, column, "assessments[0].recommendation")


def test_restates_to_the_same_election(tmp_path: Path) -> None:
    later = replaced(
        LATER,
        "  related: [kz-2016-parliamentary-odihr-final#2]\n",
        "  restates: [kz-2021-parliamentary-odihr-final#1]\n",
    )
    issue = only(checked(tmp_path, later=later))
    line, column = position(later, "kz-2021-parliamentary-odihr-final#1]")
    assert issue == ImportIssue(
        name(tmp_path, LATER_FILE),
        line,
        column,
        "recommendations[1].restates[0]",
        "restates must point to an earlier election: 'kz-2021-parliamentary-odihr-final#1' is "
        "from the same election, this report from the parliamentary election of 2021-01-10",
    )


def test_restates_and_related_to_a_later_election(tmp_path: Path) -> None:
    earlier = replaced(
        EARLIER,
        "  topics: [media]\n",
        "  topics: [media]\n  restates: [kz-2021-parliamentary-odihr-final#1]\n"
        "  related: [kz-2021-parliamentary-odihr-final#2]\n",
    )
    later = replaced(LATER, "  distinct_from: [kz-2016-parliamentary-odihr-final#3]\n", "")
    issues = checked(tmp_path, earlier=earlier, later=later)
    assert [issue.path for issue in issues] == [
        "recommendations[2].restates[0]",
        "recommendations[2].related[0]",
    ]
    assert issues[0].message == (
        "restates must point to an earlier election: 'kz-2021-parliamentary-odihr-final#1' is "
        "from the parliamentary election of 2021-01-10, this report from the parliamentary "
        "election of 2016-03-20"
    )
    assert issues[1].message.startswith("related must not point to a later election")


def test_related_may_point_to_another_report_of_the_same_election(tmp_path: Path) -> None:
    pa = replaced(
        LATER, "id: kz-2021-parliamentary-odihr-final", "id: kz-2021-parliamentary-pa-final"
    )
    pa = replaced(pa, "observer: ODIHR", "observer: OSCE PA")
    pa = pa.split("recommendations:")[0] + (
        "recommendations:\n- number: '1'\n  text: Similar.\n  topics: [media]\n"
        "  related: [kz-2021-parliamentary-odihr-final#2]\n"
    )
    folder = write_sample(tmp_path / "in")
    write_files(folder, {"kz/pa.yaml": pa})
    assert check_batch(batch_of(folder), StoreSnapshot()) == []


def test_an_assessment_of_the_same_or_a_later_election(tmp_path: Path) -> None:
    earlier = EARLIER + (
        "assessments:\n- recommendation: kz-2021-parliamentary-odihr-final#1\n"
        "  status: not-implemented\n- recommendation: kz-2016-parliamentary-odihr-final#2\n"
        "  status: not-implemented\n"
    )
    issues = checked(tmp_path, earlier=earlier)
    assert [(issue.path, issue.line) for issue in issues] == [
        (
            "assessments[0].recommendation",
            position(earlier, "kz-2021-parliamentary-odihr-final#1")[0],
        ),
        ("assessments[1].recommendation", position(earlier, "final#2\n  status")[0]),
    ]
    assert issues[0].message == (
        "an assessment must be of a recommendation from an earlier election; "
        "'kz-2021-parliamentary-odihr-final#1' is from the parliamentary election of "
        "2021-01-10, this report from the parliamentary election of 2016-03-20"
    )


def test_a_reference_to_another_country(tmp_path: Path) -> None:
    georgia = replaced(
        EARLIER, "id: kz-2016-parliamentary-odihr-final", "id: ge-2016-parliamentary-odihr-final"
    )
    georgia = replaced(georgia, "country: KZ", "country: GE")
    later = replaced(
        LATER, "kz-2016-parliamentary-odihr-final#1]", "ge-2016-parliamentary-odihr-final#1]"
    )
    folder = write_sample(tmp_path / "in", later=later)
    write_files(folder, {"ge/ge.yaml": georgia})
    issue = only(check_batch(batch_of(folder), StoreSnapshot()))
    assert issue.path == "recommendations[0].restates[0]"
    assert issue.message == (
        "'ge-2016-parliamentary-odihr-final#1' is a recommendation of another country (GE); "
        "this report is about KZ"
    )


def test_duplicate_report_ids_across_files(tmp_path: Path) -> None:
    folder = write_sample(tmp_path / "in")
    write_files(folder, {"zz/copy.yaml": EARLIER})
    _batch, issues = read_batch([folder])
    issue = only(issues)
    assert issue.file == str(folder / "zz/copy.yaml")
    assert (issue.line, issue.column, issue.path) == (3, 7, "report.id")
    assert issue.message == (
        f"duplicate report id '{EARLIER_ID}': also in {folder / EARLIER_FILE}:3"
    )


def test_duplicate_topic_ids_across_files(tmp_path: Path) -> None:
    folder = write_sample(tmp_path / "in")
    write_files(
        folder, {"zz-topics.yaml": "format: rectrack/1\ntopics:\n- id: media\n  label: M\n"}
    )
    _, issues = read_batch([folder])
    issue = only(issues)
    assert (issue.file, issue.line, issue.column, issue.path) == (
        str(folder / "zz-topics.yaml"),
        3,
        7,
        "topics[0].id",
    )
    assert issue.message.startswith("duplicate topic id 'media': also in ")


def test_a_folder_without_yaml(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("hello")
    batch, issues = read_batch([tmp_path / "empty"])
    assert only(issues) == ImportIssue(
        str(tmp_path / "empty"),
        1,
        1,
        "(file)",
        "no *.yaml or *.yml files in this folder: `rectrack import` reads the rectrack/1 YAML "
        "format (*.yaml, *.yml); to draft a report's YAML from its PDF, text or Markdown, run "
        "`rectrack extract FILE` first (see `rectrack extract --help`)",
    )
    assert batch.reports == ()


def test_a_missing_path(tmp_path: Path) -> None:
    _, issues = read_batch([tmp_path / "nope"])
    assert only(issues).message == "no such file or folder"


def test_hidden_folders_are_skipped_and_yml_is_read(tmp_path: Path) -> None:
    folder = write_files(
        tmp_path,
        {"topics.yml": TOPICS, ".git/junk.yaml": "not: [valid", "kz/e.yaml": EARLIER},
    )
    batch = batch_of(folder)
    assert [report.id for report in batch.reports] == [EARLIER_ID]
    assert len(batch.topics) == 3


def test_errors_of_all_files_are_reported_together(tmp_path: Path) -> None:
    folder = write_sample(
        tmp_path / "in",
        earlier=replaced(EARLIER, "priority: true", "priority: yes"),
        later=replaced(LATER, "status: not-implemented", "status: done"),
    )
    _, issues = read_batch([folder])
    assert [(Path(issue.file).name, issue.path) for issue in issues] == [
        (f"{EARLIER_ID}.yaml", "recommendations[1].priority"),
        (f"{LATER_ID}.yaml", "assessments[0].status"),
    ]


def test_one_election_described_two_ways(tmp_path: Path) -> None:
    interim = replaced(
        EARLIER, "id: kz-2016-parliamentary-odihr-final", "id: kz-2016-parliamentary-odihr-interim"
    )
    interim = replaced(interim, "    early: true\n", "")
    folder = write_sample(tmp_path / "in")
    write_files(folder, {"kz/interim.yaml": interim})
    issue = only(check_batch(batch_of(folder), StoreSnapshot()))
    assert issue.path == "report.election.early"
    assert issue.message.startswith(
        "the parliamentary election of 2016-03-20 is early in one file and not in the other"
    )


def test_whether_an_election_is_early_changes_only_with_all_its_reports(tmp_path: Path) -> None:
    """A file that says otherwise than the store would silently change the other reports on
    the election: refused, unless the batch holds them all."""
    interim_id = "kz-2016-parliamentary-odihr-interim"
    interim = replaced(EARLIER, f"id: {EARLIER_ID}", f"id: {interim_id}")
    interim = replaced(interim, "    early: true\n", "")
    folder = tmp_path / "in"
    write_files(folder, {"topics.yaml": TOPICS, "kz/interim.yaml": interim})
    identity = ("KZ", ElectionType.PARLIAMENTARY, dt.date(2016, 3, 20))
    store = StoreSnapshot(elections={identity: (True, frozenset({EARLIER_ID}))})
    issue = only(check_batch(batch_of(folder), store))
    assert (issue.path, issue.message) == (
        "report.election.early",
        f"the parliamentary election of 2016-03-20 is early in the store ({EARLIER_ID} says "
        "so) and not early in this file: write early: true, or import every report on it "
        "together to change it",
    )
    alone = StoreSnapshot(elections={identity: (True, frozenset({interim_id}))})
    assert check_batch(batch_of(folder), alone) == []  # its own election: the file decides
    agreeing = StoreSnapshot(elections={identity: (False, frozenset({EARLIER_ID}))})
    assert check_batch(batch_of(folder), agreeing) == []


def test_a_pair_linked_from_both_sides(tmp_path: Path) -> None:
    pa = replaced(
        LATER, "id: kz-2021-parliamentary-odihr-final", "id: kz-2021-parliamentary-pa-final"
    )
    pa = pa.split("recommendations:")[0] + (
        "recommendations:\n- number: '1'\n  text: Similar.\n  topics: [media]\n"
        "  related: [kz-2021-parliamentary-odihr-final#2]\n"
    )
    later = replaced(
        LATER,
        "  related: [kz-2016-parliamentary-odihr-final#2]",
        "  related: [kz-2016-parliamentary-odihr-final#2, kz-2021-parliamentary-pa-final#1]",
    )
    folder = write_sample(tmp_path / "in", later=later)
    write_files(folder, {"kz/pa.yaml": pa})
    issue = only(check_batch(batch_of(folder), StoreSnapshot()))
    assert issue.message.startswith(
        "'kz-2021-parliamentary-odihr-final#2' already links to this recommendation"
    )


def test_references_resolve_against_the_store(tmp_path: Path) -> None:
    folder = write_files(tmp_path, {"later.yaml": LATER})
    batch = batch_of(folder)
    request = snapshot_request(batch)
    assert request.keys == {
        f"{EARLIER_ID}#1",
        f"{EARLIER_ID}#2",
        f"{EARLIER_ID}#3",
    }
    assert request.report_ids == {EARLIER_ID, LATER_ID}
    earlier = ElectionDoc("KZ", ElectionType.PARLIAMENTARY, dt.date(2016, 3, 20), early=True)
    snapshot = StoreSnapshot(
        topics=frozenset({"voter-registration", "candidacy", "media"}),
        report_ids=frozenset({EARLIER_ID}),
        reports={EARLIER_ID: earlier},
        recommendations={f"{EARLIER_ID}#{n}": EARLIER_ID for n in (1, 2, 3)},
    )
    assert check_batch(batch, snapshot) == []
    missing = StoreSnapshot(
        topics=snapshot.topics,
        report_ids=snapshot.report_ids,
        reports=snapshot.reports,
        recommendations={f"{EARLIER_ID}#1": EARLIER_ID},
    )
    issues = check_batch(batch, missing)
    assert [issue.message for issue in issues][:1] == [
        "unknown recommendation 'kz-2016-parliamentary-odihr-final#2': report "
        "'kz-2016-parliamentary-odihr-final' in the store has no number '2'"
    ]


def test_prune_makes_a_reference_to_a_removed_recommendation_dangle(tmp_path: Path) -> None:
    earlier = replaced(
        EARLIER,
        "- number: '3'\n  text: The media regulator should be independent.\n  topics: [media]\n",
        "",
    )
    folder = write_sample(tmp_path / "in", earlier=earlier)
    batch = batch_of(folder)
    snapshot = StoreSnapshot(
        topics=frozenset({"media"}),
        reports={EARLIER_ID: batch.reports[0].election},
        recommendations={f"{EARLIER_ID}#3": EARLIER_ID},
    )
    assert check_batch(batch, snapshot) == []
    issue = only(check_batch(batch, snapshot, prune=True))
    assert issue.path == "recommendations[1].distinct_from[0]"
    assert issue.message.endswith("does not hold it, and --prune removes it from the store")


def test_a_report_cannot_move_to_another_country(tmp_path: Path) -> None:
    snapshot = StoreSnapshot(
        reports={EARLIER_ID: ElectionDoc("GE", ElectionType.PARLIAMENTARY, dt.date(2016, 3, 20))}
    )
    issues = checked(tmp_path, snapshot)
    assert any(
        issue.path == "report.country" and "cannot move to another country" in issue.message
        for issue in issues
    )
