"""Large imports: bulk writes, the full-text index kept exact, and all-or-nothing writing."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text

from tests.unit.import_support import EARLIER, LATER, TOPICS, write_files, write_sample
from tests.unit.test_import_fuzz import mutated
from tracker.errors import ImportConflict, ImportFailed
from tracker.models import Recommendation
from tracker.repositories import catalog
from tracker.repositories.counts import table_counts
from tracker.services.importing import import_paths
from tracker.store import Store

WORDS = ["voter", "list", "media", "court", "party", "ballot", "count", "observer", "appeal"]


def big_report(count: int, report_id: str = "kz-2021-parliamentary-odihr-final") -> str:
    lines = [
        "format: rectrack/1",
        "report:",
        f"  id: {report_id}",
        "  country: KZ",
        "  election:",
        "    type: parliamentary",
        "    date: 2021-01-10",
        "  observer: ODIHR",
        "  kind: final-report",
        "recommendations:",
    ]
    for number in range(1, count + 1):
        words = " ".join(WORDS[(number + i) % len(WORDS)] for i in range(8))
        lines += [
            f"- number: '{number}'",
            f"  text: Recommendation {number} on {words} word{number}.",
            "  topics: [media]",
        ]
    return "\n".join(lines) + "\n"


def counts(store: Store) -> dict[str, int]:
    with store.read() as session:
        return table_counts(session)


def fts_match(store: Store, query: str) -> list[str]:
    with store.read() as session:
        ids = session.scalars(
            text("SELECT rowid FROM recommendations_fts WHERE recommendations_fts MATCH :q"),
            {"q": query},
        ).all()
        return sorted(session.scalars(select(Recommendation.key).where(Recommendation.id.in_(ids))))


def trigger_exists(store: Store) -> bool:
    with store.read() as session:
        found = session.scalar(
            text("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = :n"),
            {"n": catalog.FTS_INSERT_TRIGGER},
        )
        return bool(found)


def test_a_large_import_fills_the_full_text_index_exactly(
    sqlite_store: Store, tmp_path: Path
) -> None:
    count = catalog.BULK_INDEX_ROWS + 10
    folder = write_files(tmp_path / "in", {"topics.yaml": TOPICS, "big.yaml": big_report(count)})
    import_paths(sqlite_store, [folder], actor="bob", match=False)
    assert counts(sqlite_store)["recommendations"] == count
    assert trigger_exists(sqlite_store)
    assert fts_match(sqlite_store, "word2007") == ["kz-2021-parliamentary-odihr-final#2007"]
    with sqlite_store.read() as session:
        indexed = session.scalar(text("SELECT count(*) FROM recommendations_fts"))
        # FTS5's own check that the index matches its content table (raises if not)
        session.execute(
            text(
                "INSERT INTO recommendations_fts(recommendations_fts, rank) "
                "VALUES ('integrity-check', 1)"
            )
        )
    assert indexed == count
    # and the restored trigger indexes what comes next, row by row
    small = write_files(
        tmp_path / "small", {"e.yaml": EARLIER.replace("published for", "zebrafied for")}
    )
    import_paths(sqlite_store, [small], actor="bob", match=False)
    assert fts_match(sqlite_store, "zebrafied") == ["kz-2016-parliamentary-odihr-final#1"]


def test_a_failure_while_writing_leaves_nothing_behind(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_files(
        tmp_path / "in",
        {"topics.yaml": TOPICS, "big.yaml": big_report(catalog.BULK_INDEX_ROWS + 1)},
    )

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(catalog, "insert_topic_rows", broken)
    with pytest.raises(RuntimeError):
        import_paths(store, [folder], actor="bob", match=False)
    assert counts(store)["recommendations"] == 0
    assert counts(store)["topics"] == 0
    assert counts(store)["history_entries"] == 0
    if store.is_sqlite:
        assert trigger_exists(store)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(which=st.sampled_from(["topics", "earlier", "later"]), data=st.data())
def test_mutated_files_import_cleanly_or_fail_with_located_errors_and_no_writes(
    sqlite_store: Store, tmp_path_factory: pytest.TempPathFactory, which: str, data: st.DataObject
) -> None:
    originals = {"topics": TOPICS, "earlier": EARLIER, "later": LATER}
    mutation = data.draw(mutated(originals[which]))
    folder = write_sample(tmp_path_factory.mktemp("fuzz"))
    target = {
        "topics": folder / "topics.yaml",
        "earlier": folder / "kz" / "kz-2016-parliamentary-odihr-final.yaml",
        "later": folder / "kz" / "kz-2021-parliamentary-odihr-final.yaml",
    }[which]
    target.write_bytes(mutation)
    before = counts(sqlite_store)
    try:
        import_paths(sqlite_store, [folder], actor="fuzz", match=False)
        event("imported")
    except (ImportFailed, ImportConflict) as failure:
        event(type(failure).__name__)
        assert counts(sqlite_store) == before
        assert failure.issues
        for issue in failure.issues:
            assert issue.file.startswith(str(folder))
            assert issue.line >= 1 and issue.column >= 1
            assert issue.path and issue.message
