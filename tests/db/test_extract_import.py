"""`rectrack extract --import`: the draft goes into the store as it is."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.cli_support import run_main
from tests.unit.extract_support import RECOMMENDATIONS, expected_text, write_english_report
from tracker.cli import main
from tracker.errors import ImportFailed
from tracker.extracting import ReportMeta
from tracker.importing.issues import ImportIssue
from tracker.models import Recommendation, Topic
from tracker.services import extracting
from tracker.store import Store

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "extract"
META = ReportMeta.checked(
    report_id="tl-2023-parliamentary-odihr-final",
    country="DE",
    election_type="parliamentary",
    election_date="2023-03-12",
)


def stored(store: Store, report_id: str) -> list[tuple[str, bool, str]]:
    with store.read() as session:
        rows = session.execute(
            select(Recommendation.number, Recommendation.priority, Recommendation.text).where(
                Recommendation.report_id == report_id
            )
        )
        return sorted(((r.number, r.priority, r.text) for r in rows), key=lambda r: int(r[0]))


def test_a_pdf_report_drafts_and_imports_into_an_empty_store(store: Store, tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    write_english_report(pdf)
    taxonomy = extracting.taxonomy(store)
    assert taxonomy.path is not None  # the store holds no topics: the seed's are used
    result = extracting.extract(pdf, META, taxonomy)
    draft = tmp_path / "draft.yaml"
    extracting.write_draft(result, draft)
    summary = extracting.import_draft(store, result, draft, actor="tester")
    assert summary.totals()["recommendations"]["added"] == 25
    assert stored(store, META.report_id) == [
        (number, priority, expected_text(text)) for number, text, priority, _ in RECOMMENDATIONS
    ]
    with store.read() as session:
        assert len(session.scalars(select(Topic.id)).all()) >= 20
    # Topics now come from the store, and a second import of the same draft changes nothing.
    again = extracting.extract(pdf, META, extracting.taxonomy(store))
    assert again.taxonomy.source == "the store"
    assert again.text == result.text
    repeat = extracting.import_draft(store, again, draft, actor="tester")
    assert repeat.totals()["recommendations"]["unchanged"] == 25


def test_the_cli_drafts_shows_the_summary_and_imports(
    sqlite_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "draft.yaml"
    args = [
        "--db", sqlite_store.url, "extract", str(FIXTURES / "report.txt"),
        "--report-id", "ex-2022-presidential-odihr-final", "--country", "MD",
        "--election-date", "2022-10-09", "--election-type", "presidential",
        "-o", str(target), "--import", "--json",
    ]  # fmt: skip
    with pytest.raises(SystemExit) as exited:
        main(args)
    captured = capsys.readouterr()
    assert exited.value.code == 0, captured.err
    payload = json.loads(captured.out)
    assert payload["items"] == 12
    assert payload["imported"]["recommendations"]["added"] == 12
    assert "12 recommendations (4 priority)" in captured.err
    assert "the shipped taxonomy is imported with the draft" in captured.err
    assert target.read_text().startswith("format: rectrack/1\n")
    assert len(stored(sqlite_store, "ex-2022-presidential-odihr-final")) == 12


def test_a_draft_that_does_not_import_shows_why_and_is_kept(
    sqlite_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    issue = ImportIssue("x.yaml", 9, 5, "recommendations[1].text", "must not be empty")

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise ImportFailed([issue])

    monkeypatch.setattr(extracting, "import_draft", refuse)
    args = [
        "--db", sqlite_store.url, "extract", str(FIXTURES / "report.md"),
        "--report-id", "ex-2022-local-odihr-final", "--country", "MD",
        "--election-date", "2022-10-09", "--election-type", "local", "--import",
    ]  # fmt: skip
    with pytest.raises(SystemExit) as exited:
        main(args)
    captured = capsys.readouterr()
    assert exited.value.code == 1
    assert "x.yaml:9:5: recommendations[1].text: must not be empty" in captured.err
    assert "1 error in the input; nothing was written" in captured.err
    kept = tmp_path / "ex-2022-local-odihr-final.draft.yaml"
    assert kept.read_text().startswith("format: rectrack/1\n")
    assert stored(sqlite_store, "ex-2022-local-odihr-final") == []


def test_extract_import_refuses_a_draft_name_import_would_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft = tmp_path / "draft.txt"
    code, out, err = run_main(
        capsys,
        "--db",
        f"sqlite:///{tmp_path / 'store.db'}",
        "extract",
        str(FIXTURES / "report.md"),
        "--report-id",
        "md-2022-parliamentary-odihr-final",
        "--country",
        "MD",
        "--election-type",
        "parliamentary",
        "--election-date",
        "2022-06-05",
        "-o",
        str(draft),
        "--import",
    )
    assert code == 1 and out == ""
    assert err == f"rectrack: -o {draft}: --import reads the draft as YAML: name it *.yaml\n"
    assert not draft.exists()
    assert not (tmp_path / "store.db").exists()


@pytest.mark.parametrize("as_json", [False, True])
def test_a_matching_failure_after_the_import_says_the_import_stands(
    sqlite_store: Store,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    as_json: bool,
) -> None:
    """As `rectrack import`: the draft is imported, the matching that follows fails, and the
    command says so with exit status 6 and what to run (not as if nothing was written)."""
    from tracker.errors import StoreBusy
    from tracker.services import matching

    def busy(*_args: object, **_kwargs: object) -> None:
        raise StoreBusy("the store is busy: another rectrack process is writing to it")

    monkeypatch.setattr(matching, "run_matching", busy)
    report_id = "ex-2022-presidential-odihr-final"
    args = [
        "--db", sqlite_store.url, "extract", str(FIXTURES / "report.txt"),
        "--report-id", report_id, "--country", "MD",
        "--election-date", "2022-10-09", "--election-type", "presidential",
        "-o", str(tmp_path / "draft.yaml"), "--import", *(["--json"] if as_json else []),
    ]  # fmt: skip
    code, out, err = run_main(capsys, *args)
    assert code == 6, err
    assert "Traceback" not in err
    assert "the import is complete, but matching failed (the store is busy" in err
    assert err.rstrip().endswith(f"run: rectrack match --report {report_id}")
    assert len(stored(sqlite_store, report_id)) == 12
    if as_json:
        payload = json.loads(out)
        assert payload["imported"]["recommendations"]["added"] == 12
        assert payload["matching"]["unmatched_report_ids"] == [report_id]
