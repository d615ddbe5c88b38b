"""An import is checked against the store as the batch leaves it: links and assessments held by
reports outside the batch (or kept by the plan) must still follow the store's rules once the
batch moves a report or an election. Every break is a conflict (exit 3) that no --prefer
settles, and nothing is written."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.conftest import REPO_ROOT
from tests.db.builders import Builder, build_kazakhstan
from tracker.enums import LinkState, ReportKind, Status
from tracker.errors import ImportConflict, ImportFailed
from tracker.history_entries import LinkKey
from tracker.models import Election, HistoryEntry, Link, Report
from tracker.repositories.counts import table_counts
from tracker.repositories.history import HistoryRecorder
from tracker.services import followup
from tracker.services.exporting import export_store
from tracker.services.importing import import_paths
from tracker.store import Store

SEED = REPO_ROOT / "seed"
MOVED = "kz-2022-presidential-odihr-final"
R12 = "kz-2012-parliamentary-odihr-final"
R15 = "kz-2015-presidential-odihr-final"
R16 = "kz-2016-parliamentary-odihr-final"
R16_INTERIM = "kz-2016-parliamentary-odihr-interim"
R19 = "kz-2019-presidential-odihr-final"


def run(store: Store, *paths: Path, **options: Any) -> Any:
    return import_paths(store, list(paths), actor="imp", match=False, **options)


def edited(source: Path, target: Path, old: str, new: str) -> Path:
    text = source.read_text(encoding="utf-8")
    assert old in text
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text.replace(old, new), encoding="utf-8")
    return target


def election_of(store: Store, report_id: str) -> str:
    with store.read() as session:
        date = session.scalar(
            select(Election.date)
            .join(Report, Report.election_id == Election.id)
            .where(Report.id == report_id)
        )
    return str(date)


def counts(store: Store) -> dict[str, int]:
    with store.read() as session:
        return table_counts(session)


# -- the seed data -----------------------------------------------------------------------------


def moved_seed(tmp_path: Path, date: str) -> Path:
    """The seed's 2022 presidential final report, moved to the election of `date`."""
    return edited(SEED / "kz" / f"{MOVED}.yaml", tmp_path / "moved.yaml", "2022-11-20", date)


@pytest.fixture
def seeded(store: Store) -> Store:
    run(store, SEED / "topics.yaml", SEED / "kz")
    return store


@pytest.mark.parametrize("prefer", [None, "file", "store"])
def test_moving_a_report_after_the_one_that_restates_and_assesses_it_is_refused(
    seeded: Store, tmp_path: Path, prefer: str | None
) -> None:
    moved = edited(
        SEED / "kz" / f"{MOVED}.yaml",
        tmp_path / "moved.yaml",
        "date: 2022-11-20",
        "date: 2024-11-20",
    )
    before = counts(seeded)
    with pytest.raises(ImportConflict) as raised:
        run(seeded, moved, prefer=prefer)
    issues = raised.value.issues
    # Every link and assessment that the 2023 reports hold on the 2022 one, one issue each:
    # the same 29 that an export of the broken store failed on.
    assert len(issues) == 29
    assert {(issue.file, issue.path) for issue in issues} == {(str(moved), "report.election")}
    # Said once, in the count line, not on each of the 29.
    assert not any("--prefer" in issue.message for issue in issues)
    assert "--prefer cannot override these" in raised.value.message
    assert raised.value.exit_code == 3
    assessed = [issue for issue in issues if "assessment of" in issue.message]
    assert assessed and all("kz-2023-parliamentary-odihr" in i.message for i in assessed)
    assert counts(seeded) == before
    assert election_of(seeded, MOVED) == "2022-11-20"


def test_the_refused_move_also_says_so_in_a_dry_run(seeded: Store, tmp_path: Path) -> None:
    moved = edited(
        SEED / "kz" / f"{MOVED}.yaml",
        tmp_path / "moved.yaml",
        "date: 2022-11-20",
        "date: 2024-11-20",
    )
    with pytest.raises(ImportConflict) as raised:
        run(seeded, moved, dry_run=True)
    assert len(raised.value.issues) == 29


def test_the_store_still_exports_and_imports_after_the_refused_move(
    seeded: Store, tmp_path: Path, sqlite_store: Store
) -> None:
    moved = edited(
        SEED / "kz" / f"{MOVED}.yaml",
        tmp_path / "moved.yaml",
        "date: 2022-11-20",
        "date: 2024-11-20",
    )
    with pytest.raises(ImportConflict):
        run(seeded, moved, prefer="file")
    export_store(seeded, tmp_path / "out")
    run(sqlite_store, tmp_path / "out")  # raises on any broken rule


def test_moving_the_report_with_the_reports_that_point_at_it_is_checked_as_a_batch(
    seeded: Store, tmp_path: Path
) -> None:
    """With the 2023 reports in the batch, their files say what they point at: the same breaks
    are the batch's own errors (their files still point at 2022)."""
    folder = tmp_path / "kz"
    shutil.copytree(SEED / "kz", folder)
    edited(
        folder / f"{MOVED}.yaml", folder / f"{MOVED}.yaml", "date: 2022-11-20", "date: 2024-11-20"
    )
    with pytest.raises(ImportFailed):
        run(seeded, folder)
    assert election_of(seeded, MOVED) == "2022-11-20"


def test_a_move_that_keeps_every_rule_is_imported(seeded: Store, tmp_path: Path) -> None:
    moved = edited(
        SEED / "kz" / f"{MOVED}.yaml",
        tmp_path / "moved.yaml",
        "date: 2022-11-20",
        "date: 2022-11-21",
    )
    run(seeded, moved)
    assert election_of(seeded, MOVED) == "2022-11-21"


# -- small built stores --------------------------------------------------------------------------


@pytest.fixture
def built(store: Store, tmp_path: Path) -> tuple[Store, Path]:
    """The builders' Kazakhstan, exported: the files to edit and re-import."""
    build_kazakhstan(store)
    export_store(store, tmp_path / "out")
    return store, tmp_path / "out" / "kz"


def test_moving_an_election_with_all_its_reports_after_a_later_one_is_refused(
    built: tuple[Store, Path], tmp_path: Path
) -> None:
    """2016 (both reports) moved after 2019: 2019's restatements and assessments of 2016
    break; 2016's own of 2012 and 2015 still hold."""
    store, files = built
    final = edited(files / f"{R16}.yaml", tmp_path / "a.yaml", "2016-03-20", "2020-03-20")
    interim = edited(files / f"{R16_INTERIM}.yaml", tmp_path / "b.yaml", "2016-03-20", "2020-03-20")
    with pytest.raises(ImportConflict) as raised:
        run(store, final, interim)
    messages = [issue.message for issue in raised.value.issues]
    # r19#1 -> r16#1, r19#2 -> r16#2; r19 assesses r16#1, #2, #3.
    assert len(messages) == 5
    assert sum(f"link {R19}#" in m for m in messages) == 2
    assert sum(f"by {R19}" in m for m in messages) == 3
    assert all(f"import {R19} in the same batch" in m for m in messages)
    assert election_of(store, R16) == "2016-03-20"


def test_moving_a_report_before_what_it_restates_and_assesses_is_refused(
    built: tuple[Store, Path], tmp_path: Path
) -> None:
    """The other direction: 2019 moved before 2016. Its file's own references are the batch's
    errors; a person's assessment that its file does not hold is kept by the plan, and would
    break."""
    store, files = built
    followup.assess(store, f"{R15}#1", at_report=R19, status=Status.NOT, actor="rev")
    moved = edited(files / f"{R19}.yaml", tmp_path / "r19.yaml", "2019-06-09", "2014-06-09")
    text = moved.read_text(encoding="utf-8")
    # Drop the file's restatements and assessments of later-now elections.
    text = text.split("assessments:")[0]
    text = "\n".join(
        line for line in text.splitlines() if "restates" not in line and "- kz-" not in line
    )
    moved.write_text(text + "\n", encoding="utf-8")
    with pytest.raises(ImportConflict) as raised:
        run(store, moved)
    [issue] = raised.value.issues
    assert f"the assessment of '{R15}#1' by {R19}" in issue.message
    assert "earlier election" in issue.message
    assert issue.path == "report.election"


def reviewer_decided(store: Store, *links: tuple[str, str]) -> None:
    """Record in the history that a reviewer decided these links (the builders record none)."""
    with store.transaction() as session:
        recorder = HistoryRecorder(actor="rev")
        for source, target in links:
            recorder.record("decide", "link", LinkKey(source, target), field="state")
        recorder.flush(session)


@pytest.mark.parametrize("prefer", ["store", "file"])
def test_what_prefer_keeps_is_what_is_checked(
    built: tuple[Store, Path], tmp_path: Path, prefer: str
) -> None:
    """2019 moved onto 2016's date, its file saying related where a reviewer accepted
    restatements: --prefer store keeps the restatements, which now point to the same date (a
    rule break); --prefer file makes them related, which may (the import goes through)."""
    store, files = built
    reviewer_decided(store, (f"{R19}#1", f"{R16}#1"), (f"{R19}#2", f"{R16}#2"))
    moved = edited(files / f"{R19}.yaml", tmp_path / "r19.yaml", "2019-06-09", "2016-03-20")
    text = moved.read_text(encoding="utf-8").replace("restates:", "related:")
    moved.write_text(text.split("assessments:")[0], encoding="utf-8")
    if prefer == "file":
        run(store, moved, prefer="file")
        assert election_of(store, R19) == "2016-03-20"
        return
    with pytest.raises(ImportConflict) as raised:
        run(store, moved, prefer="store")
    assert len(raised.value.issues) == 2
    assert all("to the same election" in i.message for i in raised.value.issues)
    assert election_of(store, R19) == "2019-06-09"


def two_reports(store: Store, state: LinkState) -> None:
    """2012 and 2016, one recommendation each, and a link from 2016's to 2012's."""
    with store.transaction() as session:
        build = Builder(session)
        build.topic("media")
        build.report(R12, "2012-01-15")
        build.report(R16, "2016-03-20")
        build.rec(f"{R12}#1", "The media regulator should be independent.", topics=("media",))
        build.rec(f"{R16}#1", "The regulator should be independent.", topics=("media",))
        build.link(f"{R16}#1", f"{R12}#1", state=state)


def test_a_proposal_that_a_move_makes_impossible_is_removed_and_recorded(
    store: Store, tmp_path: Path
) -> None:
    two_reports(store, LinkState.PROPOSED)
    export_store(store, tmp_path / "out")
    moved = edited(
        tmp_path / "out" / "kz" / f"{R12}.yaml", tmp_path / "r12.yaml", "2012-01-15", "2017-01-15"
    )
    summary = run(store, moved)
    assert summary.reports[0].links.removed == 1
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(Link)) == 0
        entry = session.execute(
            select(HistoryEntry.action, HistoryEntry.entity, HistoryEntry.key, HistoryEntry.new)
            .order_by(HistoryEntry.id.desc())
            .limit(1)
        ).one()
    assert entry == ("import", "link", str(LinkKey(f"{R16}#1", f"{R12}#1")), None)


@pytest.mark.parametrize("state", [LinkState.ACCEPTED, LinkState.REJECTED])
def test_a_decided_link_that_a_move_would_break_is_a_conflict(
    store: Store, tmp_path: Path, state: LinkState
) -> None:
    two_reports(store, state)
    export_store(store, tmp_path / "out")
    moved = edited(
        tmp_path / "out" / "kz" / f"{R12}.yaml", tmp_path / "r12.yaml", "2012-01-15", "2017-01-15"
    )
    with pytest.raises(ImportConflict) as raised:
        run(store, moved, prefer="file")
    [issue] = raised.value.issues
    expected = "restates must point" if state is LinkState.ACCEPTED else "rejected link must not"
    assert expected in issue.message
    assert f"import {R16} in the same batch" in issue.message


def test_a_kind_change_breaks_no_rule(built: tuple[Store, Path], tmp_path: Path) -> None:
    """No rule of the format depends on a report's kind: an interim report that becomes a final
    one keeps its assessments."""
    store, files = built
    changed = edited(
        files / f"{R16_INTERIM}.yaml", tmp_path / "i.yaml", "kind: interim-report", "kind: other"
    )
    summary = run(store, changed)
    assert summary.reports[0].fields == ["kind"]
    with store.read() as session:
        kind = session.scalar(select(Report.kind).where(Report.id == R16_INTERIM))
        assert kind is ReportKind.OTHER
        assert session.scalar(select(HistoryEntry.field).order_by(HistoryEntry.id.desc())) == "kind"
