"""Import and export against a migrated store (SQLite, and PostgreSQL where configured)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import aliased

from tests.conftest import REPO_ROOT
from tests.unit.import_support import (
    EARLIER,
    EARLIER_ID,
    LATER,
    LATER_ID,
    exported_report,
    position,
    replaced,
    write_files,
    write_sample,
)
from tracker.enums import LinkKind, LinkState, Status
from tracker.errors import ImportConflict, ImportFailed, NotFound
from tracker.matching.review import Decision
from tracker.models import Assessment, Election, HistoryEntry, Link, Recommendation, Report
from tracker.repositories.counts import table_counts
from tracker.services import editing, followup, review
from tracker.services.exporting import export_store
from tracker.services.importing import ImportSummary, import_paths
from tracker.store import Store

LATER_FILE = f"kz/{LATER_ID}.yaml"


def run(store: Store, *paths: Path, **options: Any) -> ImportSummary:
    options.setdefault("actor", "bob")
    options.setdefault("match", False)
    return import_paths(store, list(paths), **options)


def counts(store: Store) -> dict[str, int]:
    with store.read() as session:
        return table_counts(session)


def history(store: Store) -> list[tuple[str, str, str, str | None, Any, Any]]:
    with store.read() as session:
        rows = session.scalars(select(HistoryEntry).order_by(HistoryEntry.id))
        return [(e.action, e.entity, e.key, e.field, e.old, e.new) for e in rows]


def links(store: Store) -> dict[tuple[str, str], tuple[LinkKind, LinkState, str | None]]:
    source, target = aliased(Recommendation), aliased(Recommendation)
    with store.read() as session:
        rows = session.execute(
            select(source.key, target.key, Link.kind, Link.state, Link.decided_by)
            .join(source, source.id == Link.source_id)
            .join(target, target.id == Link.target_id)
        )
        return {(r[0], r[1]): (r[2], r[3], r[4]) for r in rows}


def link_id_and_version(store: Store, source_key: str, target_key: str) -> tuple[int, int]:
    source, target = aliased(Recommendation), aliased(Recommendation)
    with store.read() as session:
        row = session.execute(
            select(Link.id, Link.version)
            .join(source, source.id == Link.source_id)
            .join(target, target.id == Link.target_id)
            .where(source.key == source_key, target.key == target_key)
        ).one()
        return row.id, row.version


def assessments(store: Store) -> dict[tuple[str, str], tuple[Status, str | None, str | None]]:
    with store.read() as session:
        rows = session.execute(
            select(
                Recommendation.key,
                Assessment.report_id,
                Assessment.status,
                Assessment.evidence,
                Assessment.assessor,
            ).join(Recommendation, Recommendation.id == Assessment.recommendation_id)
        )
        return {(r[0], r[1]): (r[2], r[3], r[4]) for r in rows}


def texts(store: Store) -> dict[str, str]:
    with store.read() as session:
        return dict(session.execute(select(Recommendation.key, Recommendation.text)).all())


def test_import_writes_the_batch_and_one_history_entry_per_report(
    store: Store, tmp_path: Path
) -> None:
    folder = write_sample(tmp_path / "in")
    summary = run(store, folder)
    assert summary.created_report_ids == [EARLIER_ID, LATER_ID]
    assert counts(store) | {"history_entries": 0} == {
        "countries": 1,
        "elections": 2,
        "reports": 2,
        "recommendations": 5,
        "topics": 3,
        "restatement_links": 1,
        "proposals": 0,
        "assessments": 2,
        "history_entries": 0,
    }
    entries = history(store)
    assert [(e[1], e[2], e[3]) for e in entries] == [
        ("topic", "voter-registration", None),
        ("topic", "media", None),
        ("topic", "candidacy", None),
        ("report", EARLIER_ID, None),
        ("report", LATER_ID, None),
    ]
    assert all(e[0] == "import" for e in entries)
    assert entries[4][5] == {
        "election": {
            "country": "KZ",
            "type": "parliamentary",
            "date": "2021-01-10",
            "early": False,
        },
        "observer": "ODIHR",
        "kind": "final-report",
        "recommendations": 2,
        "links": 3,
        "assessments": 2,
    }
    assert links(store) == {
        (f"{LATER_ID}#1", f"{EARLIER_ID}#1"): (LinkKind.RESTATES, LinkState.ACCEPTED, "bob"),
        (f"{LATER_ID}#2", f"{EARLIER_ID}#2"): (LinkKind.RELATED, LinkState.ACCEPTED, "bob"),
        (f"{LATER_ID}#2", f"{EARLIER_ID}#3"): (LinkKind.RESTATES, LinkState.REJECTED, "bob"),
    }
    assert assessments(store) == {
        (f"{EARLIER_ID}#1", LATER_ID): (Status.NOT, None, None),
        (f"{EARLIER_ID}#2", LATER_ID): (
            Status.PARTIALLY,
            "Amendments of 2020 lowered the deposit.",
            "OSCE PA",
        ),
    }
    with store.read() as session:
        early = session.scalar(select(Election.early).where(Election.date == dt.date(2016, 3, 20)))
        assert early is True


def test_reimport_changes_nothing(store: Store, tmp_path: Path) -> None:
    folder = write_sample(tmp_path / "in")
    run(store, folder)
    before = (counts(store), history(store), links(store), assessments(store))
    summary = run(store, folder, actor="carol")
    assert summary.history_entries == 0
    assert [report.status for report in summary.reports] == ["unchanged", "unchanged"]
    assert summary.totals()["recommendations"]["unchanged"] == 5
    assert (counts(store), history(store), links(store), assessments(store)) == before


def test_a_changed_file_updates_what_changed_and_records_each_field(
    store: Store, tmp_path: Path
) -> None:
    folder = write_sample(tmp_path / "in")
    run(store, folder)
    earlier = replaced(
        EARLIER, "title: Early Parliamentary Elections, 20 March 2016", "title: Final"
    )
    earlier = replaced(earlier, "should be independent.", "should be independent and funded.")
    earlier = replaced(earlier, "  topics: [candidacy]", "  topics: [candidacy, media]")
    earlier = earlier + "- number: '4'\n  text: A new one.\n  topics: [media]\n"
    later = replaced(LATER, "status: not-implemented", "status: mostly-implemented")
    write_sample(folder, earlier=earlier, later=later)
    mark = len(history(store))
    summary = run(store, folder, actor="carol")
    changes = [(e[0], e[1], e[2], e[3], e[4], e[5]) for e in history(store)[mark:]]
    assert changes == [
        (
            "import",
            "report",
            EARLIER_ID,
            "title",
            "Early Parliamentary Elections, 20 March 2016",
            "Final",
        ),
        (
            "import",
            "recommendation",
            f"{EARLIER_ID}#2",
            "topics",
            ["candidacy"],
            ["candidacy", "media"],
        ),
        (
            "import",
            "recommendation",
            f"{EARLIER_ID}#3",
            "text",
            "The media regulator should be independent.",
            "The media regulator should be independent and funded.",
        ),
        (
            "import",
            "recommendation",
            f"{EARLIER_ID}#4",
            None,
            None,
            {
                "number": "4",
                "text": "A new one.",
                "priority": False,
                "topics": ["media"],
                "addressees": [],
            },
        ),
        (
            "import",
            "assessment",
            f"{EARLIER_ID}#1 @ {LATER_ID}",
            "status",
            "not-implemented",
            "mostly-implemented",
        ),
    ]
    assert [r.status for r in summary.reports] == ["changed", "changed"]
    assert texts(store)[f"{EARLIER_ID}#3"].endswith("and funded.")
    assert assessments(store)[(f"{EARLIER_ID}#1", LATER_ID)][0] is Status.MOSTLY
    with store.read() as session:
        assert session.scalar(select(Report.version).where(Report.id == EARLIER_ID)) == 2


def test_a_moved_election_is_recorded_and_the_empty_one_removed(
    store: Store, tmp_path: Path
) -> None:
    folder = write_sample(tmp_path / "in")
    run(store, folder)
    write_sample(folder, earlier=replaced(EARLIER, "date: 2016-03-20", "date: 2016-03-21"))
    run(store, folder)
    entry = history(store)[-1]
    assert entry[1:4] == ("report", EARLIER_ID, "election")
    assert entry[4]["date"] == "2016-03-20" and entry[5]["date"] == "2016-03-21"
    with store.read() as session:
        dates = sorted(session.scalars(select(Election.date)))
    assert dates == [dt.date(2016, 3, 21), dt.date(2021, 1, 10)]


def test_nothing_is_written_when_any_file_is_bad(store: Store, tmp_path: Path) -> None:
    folder = write_sample(
        tmp_path / "in", later=replaced(LATER, "status: not-implemented", "status: done")
    )
    before = counts(store)
    with pytest.raises(ImportFailed) as failure:
        run(store, folder)
    assert counts(store) == before
    (issue,) = failure.value.issues
    assert issue.file == str(folder / LATER_FILE)
    assert issue.path == "assessments[0].status"


def test_nothing_is_written_when_a_reference_dangles(store: Store, tmp_path: Path) -> None:
    folder = write_sample(tmp_path / "in", later=replaced(LATER, "final#1]", "final#9]"))
    with pytest.raises(ImportFailed) as failure:
        run(store, folder)
    assert counts(store)["reports"] == 0 and counts(store)["topics"] == 0
    assert failure.value.issues[0].message.startswith("unknown recommendation")


def test_references_resolve_against_what_the_store_holds(store: Store, tmp_path: Path) -> None:
    first = write_files(
        tmp_path / "a",
        {
            "topics.yaml": write_sample(tmp_path / "s").joinpath("topics.yaml").read_text(),
            "e.yaml": EARLIER,
        },
    )
    run(store, first)
    second = write_files(tmp_path / "b", {"l.yaml": LATER})
    summary = run(store, second)
    assert summary.created_report_ids == [LATER_ID]
    assert len(links(store)) == 3


def test_dry_run_reports_the_same_and_writes_nothing(store: Store, tmp_path: Path) -> None:
    folder = write_sample(tmp_path / "in")
    dry = run(store, folder, dry_run=True)
    assert counts(store)["reports"] == 0 and history(store) == []
    assert dry.dry_run and dry.created_report_ids == [EARLIER_ID, LATER_ID]
    real = run(store, folder)
    assert dry.totals() == real.totals()
    assert dry.history_entries == real.history_entries == 5


def test_a_reviewer_decision_contradicted_by_the_file_is_a_conflict(
    store: Store, tmp_path: Path
) -> None:
    folder = write_sample(tmp_path / "in")
    run(store, folder)
    source, target = f"{LATER_ID}#1", f"{EARLIER_ID}#1"
    review.decide(
        store,
        source,
        review.Choice(pairs=((target, Decision.DISTINCT),)),
        actor="alice",
        override=True,  # the file's link is someone else's decision
    )
    before = (links(store), history(store))

    with pytest.raises(ImportConflict) as conflict:
        run(store, folder)
    assert (links(store), history(store)) == before
    (issue,) = conflict.value.issues
    line, column = position(LATER, target)
    assert (issue.file, issue.line, issue.column, issue.path) == (
        str(folder / LATER_FILE),
        line,
        column,
        "recommendations[0].restates[0]",
    )
    assert "a reviewer decided distinct_from (rejected) (alice)" in issue.message

    kept = run(store, folder, prefer="store")
    assert links(store)[(source, target)][1] is LinkState.REJECTED
    assert len(kept.resolved) == 1 and kept.history_entries == 0

    run(store, folder, prefer="file", actor="carol")
    assert links(store)[(source, target)] == (LinkKind.RESTATES, LinkState.ACCEPTED, "carol")
    changed = {e[3] for e in history(store) if e[0] == "import" and e[2] == f"{source} -> {target}"}
    assert {"state", "decided_by"} <= changed <= {"state", "decided_by", "decided_at"}


def test_an_assessment_made_in_the_store_is_protected(store: Store, tmp_path: Path) -> None:
    folder = write_sample(tmp_path / "in")
    run(store, folder)
    followup.assess(
        store,
        f"{EARLIER_ID}#1",
        at_report=LATER_ID,
        status=Status.PARTIALLY,
        actor="alice",
    )
    with pytest.raises(ImportConflict) as conflict:
        run(store, folder)
    assert conflict.value.issues[0].path == "assessments[0]"
    assert "a reviewer assessed" in conflict.value.issues[0].message
    run(store, folder, prefer="file")
    assert assessments(store)[(f"{EARLIER_ID}#1", LATER_ID)][0] is Status.NOT


def test_a_reviewers_edit_is_protected_too(store: Store, tmp_path: Path) -> None:
    folder = write_sample(tmp_path / "in")
    run(store, folder)
    key = f"{EARLIER_ID}#1"
    editing.edit_recommendation(store, key, actor="alice", expected_version=None, text="Edited.")
    with pytest.raises(ImportConflict) as conflict:
        run(store, folder)
    assert conflict.value.issues[0].path == "recommendations[0].text"
    run(store, folder, prefer="store")
    assert texts(store)[key] == "Edited."


def test_imported_decisions_follow_the_file(store: Store, tmp_path: Path) -> None:
    folder = write_sample(tmp_path / "in")
    run(store, folder)
    later = replaced(LATER, "  restates: [kz-2016-parliamentary-odihr-final#1]\n", "")
    later = replaced(later, "related: [", "restates: [")
    later = later.split("- recommendation: kz-2016-parliamentary-odihr-final#2")[0]
    write_sample(folder, later=later)
    summary = run(store, folder)
    assert links(store) == {
        (f"{LATER_ID}#2", f"{EARLIER_ID}#2"): (LinkKind.RESTATES, LinkState.ACCEPTED, "bob"),
        (f"{LATER_ID}#2", f"{EARLIER_ID}#3"): (LinkKind.RESTATES, LinkState.REJECTED, "bob"),
    }
    assert list(assessments(store)) == [(f"{EARLIER_ID}#1", LATER_ID)]
    later_summary = summary.reports[1]
    assert (later_summary.links.removed, later_summary.links.changed) == (1, 1)
    assert later_summary.assessments.removed == 1
    removed = [e for e in history(store) if e[3] is None and e[5] is None]
    assert {e[1] for e in removed} == {"link", "assessment"}


def test_a_proposal_becomes_the_files_decision(store: Store, tmp_path: Path) -> None:
    folder = write_sample(tmp_path / "in")
    run(store, folder)
    with store.transaction() as session:
        link = session.scalars(select(Link).where(Link.kind == LinkKind.RELATED)).one()
        link.state = LinkState.PROPOSED
    summary = run(store, folder)
    assert summary.reports[1].links.changed == 1
    assert links(store)[(f"{LATER_ID}#2", f"{EARLIER_ID}#2")][1] is LinkState.ACCEPTED


def test_prune(store: Store, tmp_path: Path) -> None:
    folder = write_sample(tmp_path / "in")
    run(store, folder)
    later = LATER.split("- number: '2'")[0] + LATER[LATER.index("assessments:") :]
    write_sample(folder, later=later)

    kept = run(store, folder)
    assert kept.reports[1].recommendations.kept == 1
    assert f"{LATER_ID}#2" in texts(store)

    pruned = run(store, folder, prune=True)
    assert pruned.reports[1].recommendations.removed == 1
    assert f"{LATER_ID}#2" not in texts(store)
    assert (f"{LATER_ID}#2", f"{EARLIER_ID}#2") not in links(store)
    removal = history(store)[-1]
    assert removal[1:4] == ("recommendation", f"{LATER_ID}#2", None)
    assert removal[4]["related"] == [f"{EARLIER_ID}#2"]


def test_prune_with_decisions_hanging_on_a_recommendation_is_a_conflict(
    store: Store, tmp_path: Path
) -> None:
    folder = write_sample(tmp_path / "in")
    run(store, folder)
    # kz-2016 #1 is restated and assessed by kz-2021; drop it from its file
    earlier = replaced(
        EARLIER,
        "- number: '1'\n  text: Voter lists should be published for public scrutiny.\n"
        "  topics: [voter-registration]\n",
        "",
    )
    earlier_only = write_files(tmp_path / "e", {"e.yaml": earlier})
    with pytest.raises(ImportConflict) as conflict:
        run(store, earlier_only, prune=True)
    (issue,) = conflict.value.issues
    assert issue.path == "recommendations"
    assert issue.message.startswith(f"--prune would remove '{EARLIER_ID}#1'")
    assert "assessment by kz-2021-parliamentary-odihr-final" in issue.message
    assert f"{EARLIER_ID}#1" in texts(store)

    run(store, earlier_only, prune=True, prefer="store")
    assert f"{EARLIER_ID}#1" in texts(store)
    run(store, earlier_only, prune=True, prefer="file")
    assert f"{EARLIER_ID}#1" not in texts(store)
    assert (f"{EARLIER_ID}#1", LATER_ID) not in assessments(store)
    deleted = {(e[1], e[3]) for e in history(store) if e[5] is None and e[3] is None}
    assert deleted == {("link", None), ("assessment", None), ("recommendation", None)}


def test_export_then_import_into_an_empty_store_round_trips_byte_for_byte(
    store: Store, tmp_path: Path, sqlite_template: Path
) -> None:
    run(store, write_sample(tmp_path / "in"))
    first = export_store(store, tmp_path / "first")
    assert sorted(first.written) == [
        f"kz/{EARLIER_ID}.yaml",
        f"kz/{LATER_ID}.yaml",
        "topics.yaml",
    ]
    fresh = _fresh_sqlite(sqlite_template, tmp_path / "fresh")
    try:
        run(fresh, tmp_path / "first")
        export_store(fresh, tmp_path / "second")
    finally:
        fresh.dispose()
    assert _tree(tmp_path / "first") == _tree(tmp_path / "second")
    again = export_store(store, tmp_path / "first")
    assert again.written == () and len(again.unchanged) == 3


def test_a_whole_export_removes_stale_files_a_filtered_one_does_not(
    store: Store, tmp_path: Path
) -> None:
    run(store, write_sample(tmp_path / "in"))
    out = tmp_path / "out"
    write_files(
        out,
        {
            "kz/gone.yaml": exported_report("gone", "KZ"),
            "ge/gone-too.yaml": exported_report("gone-too", "GE"),
            "notes/keep.yaml": "x",
            "README.md": "x",
        },
    )
    filtered = export_store(store, out, countries=["kz"])
    assert filtered.removed == ()
    whole = export_store(store, out)
    assert sorted(whole.removed) == ["ge/gone-too.yaml", "kz/gone.yaml"]
    assert not (out / "ge").exists()
    assert (out / "notes/keep.yaml").exists() and (out / "README.md").exists()


def test_export_filters(store: Store, tmp_path: Path) -> None:
    run(store, write_sample(tmp_path / "in"))
    one = export_store(store, tmp_path / "one", report_ids=[LATER_ID])
    assert sorted(one.written) == [f"kz/{LATER_ID}.yaml", "topics.yaml"]
    with pytest.raises(NotFound):
        export_store(store, tmp_path / "x", countries=["GE"])
    with pytest.raises(NotFound):
        export_store(store, tmp_path / "x", report_ids=["no-such-report"])


def test_the_shipped_seed_imports_cleanly_and_round_trips(
    store: Store, tmp_path: Path, sqlite_template: Path
) -> None:
    seed = REPO_ROOT / "seed"
    if not (seed / "topics.yaml").exists():
        pytest.skip("no seed/ yet")
    summary = run(store, seed)
    assert summary.totals()["reports"]["added"] >= 1
    assert run(store, seed).history_entries == 0
    export_store(store, tmp_path / "first")
    fresh = _fresh_sqlite(sqlite_template, tmp_path / "fresh")
    try:
        run(fresh, tmp_path / "first")
        export_store(fresh, tmp_path / "second")
    finally:
        fresh.dispose()
    assert _tree(tmp_path / "first") == _tree(tmp_path / "second")


def _fresh_sqlite(template: Path, folder: Path) -> Store:
    import shutil

    folder.mkdir(parents=True)
    shutil.copyfile(template, folder / "store.db")
    return Store(f"sqlite:///{folder / 'store.db'}")


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


BOMB = "format: rectrack/1\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n"
    for i in range(10)
)
BAD_INPUTS: dict[str, dict[str, str | bytes]] = {
    "malformed yaml": {"later": LATER + "oops: [unclosed\n"},
    "python tag": {"later": replaced(LATER, "observer: ODIHR", "observer: !!python/object:x y")},
    "anchor": {"later": replaced(LATER, "observer: ODIHR", "observer: &o ODIHR")},
    "alias bomb": {"later": BOMB},
    "not utf-8": {"later": LATER.encode().replace(b"Voter lists", b"Voter l\xefsts")},
    "missing format": {"later": LATER.replace("format: rectrack/1\n", "")},
    "unknown version": {"later": replaced(LATER, "rectrack/1", "rectrack/9")},
    "unknown key": {"later": replaced(LATER, "  kind:", "  kinds: x\n  kind:")},
    "wrong type": {"later": replaced(LATER, "topics: [candidacy]", "topics: {a: b}")},
    "bad slug": {"later": replaced(LATER, "id: kz-2021-parliamentary-odihr-final", "id: KZ 2021")},
    "bad date": {"later": replaced(LATER, "date: 2021-01-10", "date: 2021-02-30")},
    "bad country": {"later": replaced(LATER, "country: KZ", "country: QQ")},
    "unknown topic": {"later": replaced(LATER, "topics: [candidacy]", "topics: [candidacies]")},
    "unknown status": {"later": replaced(LATER, "not-implemented", "unknown")},
    "yes for a boolean": {"earlier": replaced(EARLIER, "priority: true", "priority: yes")},
    "duplicate number": {"earlier": replaced(EARLIER, "number: '3'", "number: '2'")},
    "duplicate assessment": {
        "later": LATER + "- recommendation: kz-2016-parliamentary-odihr-final#1\n"
        "  status: not-implemented\n"
    },
    "duplicate report id": {"later": EARLIER},
    "dangling reference": {"later": replaced(LATER, "final#1]", "final#404]")},
    "restates the same election": {
        "later": replaced(
            LATER,
            "related: [kz-2016-parliamentary-odihr-final#2]",
            "restates: [kz-2021-parliamentary-odihr-final#1]",
        )
    },
    "assessment of a later election": {
        "earlier": EARLIER + "assessments:\n- recommendation: kz-2021-parliamentary-odihr-final#1\n"
        "  status: not-implemented\n"
    },
    "another country": {
        "earlier": replaced(EARLIER, "country: KZ", "country: GE"),
    },
    "empty text": {
        "earlier": replaced(EARLIER, "text: The media regulator should be independent.", "text: ''")
    },
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_refused_and_nothing_is_written(
    store: Store, tmp_path: Path, case: str
) -> None:
    folder = write_sample(tmp_path / "in")
    for which, content in BAD_INPUTS[case].items():
        target = folder / ("kz/" + (LATER_ID if which == "later" else EARLIER_ID) + ".yaml")
        target.write_bytes(content if isinstance(content, bytes) else content.encode())
    before = counts(store)
    with pytest.raises(ImportFailed) as failure:
        run(store, folder)
    assert counts(store) == before
    assert failure.value.issues
    for issue in failure.value.issues:
        assert issue.file.startswith(str(folder)) and issue.line >= 1 and issue.message


def test_an_empty_folder_or_an_oversized_file_stops_the_whole_batch(
    store: Store, tmp_path: Path
) -> None:
    from tracker.importing.reader import MAX_FILE_BYTES

    folder = write_sample(tmp_path / "in")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ImportFailed) as failure:
        run(store, folder, tmp_path / "empty")
    assert failure.value.issues[0].message == (
        "no *.yaml or *.yml files in this folder: "
        "`rectrack import` reads the rectrack/1 YAML format (*.yaml, *.yml)"
    )
    (folder / "huge.yaml").write_bytes(b"format: rectrack/1\n" + b"#" * MAX_FILE_BYTES)
    with pytest.raises(ImportFailed) as failure:
        run(store, folder)
    assert "over the limit" in failure.value.issues[0].message
    assert counts(store)["reports"] == 0 and counts(store)["topics"] == 0
