"""`rectrack extract` on the command line, without a store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.unit.extract_support import write_scanned
from tracker.cli import main

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "extract"
REPORT = [
    "--report-id", "ex-2022-presidential-odihr-final", "--country", "md",
    "--election-date", "2022-10-09", "--election-type", "presidential",
]  # fmt: skip


def run(capsys: pytest.CaptureFixture[str], tmp_path: Path, *args: str) -> tuple[int, str, str]:
    db = tmp_path / "absent" / "store.db"
    with pytest.raises(SystemExit) as exited:
        main(["--db", f"sqlite:///{db}", "extract", *args])
    captured = capsys.readouterr()
    assert not db.exists(), "drafting must not create a store"
    code = exited.value.code
    return (code if isinstance(code, int) else 1), captured.out, captured.err


def test_the_draft_goes_to_stdout_and_the_summary_to_stderr(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, tmp_path, str(FIXTURES / "report.txt"), *REPORT)
    assert code == 0
    document = yaml.safe_load(out)
    assert document["report"]["country"] == "MD"
    assert len(document["recommendations"]) == 12
    assert (
        'report.txt: 12 recommendations (4 priority) under "XIII. RECOMMENDATIONS", page 3.' in err
    )
    assert "No item looks mis-split." in err
    assert "Items that say they repeat an earlier recommendation: #2 (add" in err
    assert "topics.yaml: check them." in err


def test_output_to_a_file_is_never_overwritten_by_accident(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "draft.yaml"
    code, out, err = run(capsys, tmp_path, str(FIXTURES / "report.md"), *REPORT, "-o", str(target))
    assert (code, out) == (0, "")
    assert f"Draft written to {target}." in err.replace("\n", "")
    assert len(yaml.safe_load(target.read_text())["recommendations"]) == 7
    target.write_text("edited by a reviewer\n")
    code, _out, err = run(capsys, tmp_path, str(FIXTURES / "report.md"), *REPORT, "-o", str(target))
    assert code == 1
    assert "exists: refusing to overwrite it (use --force)" in err
    assert target.read_text() == "edited by a reviewer\n"
    args = (str(FIXTURES / "report.md"), *REPORT, "-o", str(target), "--force")
    assert run(capsys, tmp_path, *args)[0] == 0
    assert target.read_text().startswith("format: rectrack/1\n")


def test_json_summary(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "draft.yaml"
    args = (str(FIXTURES / "report-ru.txt"), *REPORT, "-o", str(target), "--json")
    code, out, _err = run(capsys, tmp_path, *args)
    assert code == 0
    summary = json.loads(out)
    assert summary["items"] == 6
    assert summary["priority"] == 3
    assert summary["doubtful"] == []
    assert summary["restating"] == ["2"]
    assert summary["output"] == str(target)
    code, out, err = run(capsys, tmp_path, str(FIXTURES / "report.txt"), *REPORT, "--json")
    assert code == 1
    assert "give -o FILE" in json.loads(out)["error"]["message"]
    assert "give -o FILE" in err


@pytest.mark.parametrize(
    ("make", "message"),
    [
        ("scanned.pdf", "rectrack: scanned.pdf: the PDF has no text layer (a scanned document?)"),
        ("notes.docx", "rectrack: notes.docx: unsupported file type '.docx'"),
        ("no-recommendations.txt",
         "rectrack: no-recommendations.txt: no recommendations section found"),
    ],
)  # fmt: skip
def test_failures_are_one_line_naming_the_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, make: str, message: str
) -> None:
    path = tmp_path / make
    if make.endswith(".pdf"):
        write_scanned(path)
    elif make.endswith(".docx"):
        path.write_bytes(b"PK")
    else:
        path = FIXTURES / make
    code, out, err = run(capsys, tmp_path, str(path), *REPORT)
    assert (code, out) == (1, "")
    assert err.startswith(message)
    assert "Traceback" not in err


def test_bad_report_data_is_refused_before_reading_the_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    args = [str(FIXTURES / "report.txt"), *REPORT[:2], "--country", "XX", *REPORT[4:]]
    code, out, err = run(capsys, tmp_path, *args)
    assert (code, out) == (1, "")
    assert "unknown country code 'XX'" in err


@pytest.mark.parametrize("where", ["--import", "-o", "stdout"])
def test_a_report_id_too_long_for_the_store_is_refused_before_any_file_is_made(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    monkeypatch.chdir(tmp_path)
    long_id = "-".join(["abcdefghi"] * 30)
    args = [str(FIXTURES / "report.txt"), "--report-id", long_id, *REPORT[2:]]
    if where == "--import":
        args.append("--import")
    elif where == "-o":
        args += ["-o", str(tmp_path / "draft.yaml")]
    code, out, err = run(capsys, tmp_path, *args)
    assert (code, out) == (1, "")
    assert err.startswith("rectrack: report id is 299 characters long, over 120")
    assert "internal error" not in err and "Traceback" not in err
    assert sorted(path.name for path in tmp_path.iterdir()) == []
