"""What is refused before any store is opened: counts below their minimum (by Click), a usage
error with --json (one JSON object), files that are not in the YAML format (import points at
`rectrack extract`), and URLs that name no SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest

from tests.cli_support import run_main
from tests.unit.import_support import write_sample
from tracker.cli import COMMANDS, app
from tracker.extracting import SUPPORTED_SUFFIXES
from tracker.importing.batch import EXTRACTABLE_SUFFIXES, read_batch
from tracker.store import sqlite_file_path

READS_YAML = "`rectrack import` reads the rectrack/1 YAML format (*.yaml, *.yml)"
EXTRACT_HINT = "run `rectrack extract FILE` first"


# -- counts ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("history", "--limit", "-3"),
        ("history", "--limit", "0"),
        ("eval-matching", "{tmp}", "--k", "0"),
        ("eval-matching", "{tmp}", "--k", "-1"),
        ("report", "--country", "KZ", "--limit", "-1"),
    ],
)
def test_counts_below_their_minimum_are_usage_errors(
    args: tuple[str, ...], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "never" / "store.db"
    argv = [arg.replace("{tmp}", str(tmp_path)) for arg in args]
    code, out, err = run_main(capsys, "--db", f"sqlite:///{store}", *argv)
    assert code == 2
    assert out == ""
    option = argv[-2]
    assert f"Invalid value for '{option}': {argv[-1]} is not in the range" in err
    assert "Traceback" not in err
    assert not store.parent.exists()  # refused before any store was opened


def test_every_integer_option_has_a_lower_bound() -> None:
    with click.Context(app) as ctx:
        for name in COMMANDS:
            command = app.get_command(ctx, name)
            assert command is not None
            for param in command.params:
                if isinstance(param.type, click.types.IntParamType):
                    assert isinstance(param.type, click.IntRange), (name, param.name)
                    assert param.type.min is not None, (name, param.name)


def test_a_usage_error_with_json_is_one_json_object(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_main(
        capsys, "--db", f"sqlite:///{tmp_path / 'x.db'}", "history", "--limit", "0", "--json"
    )
    assert code == 2
    assert json.loads(out) == {
        "error": {
            "kind": "UsageError",
            "message": "Invalid value for '--limit': 0 is not in the range x>=1.",
            "exit_code": 2,
        }
    }
    assert "Usage: rectrack history" in err


# -- import reads YAML only -----------------------------------------------------------------


def test_extractable_suffixes_are_the_ones_extract_reads() -> None:
    assert set(SUPPORTED_SUFFIXES) == EXTRACTABLE_SUFFIXES


@pytest.mark.parametrize("name", ["report.pdf", "report.PDF", "report.txt", "report.md"])
def test_a_report_file_is_refused_and_extract_named(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"%PDF-1.7\n\xff\xfe binary")
    batch, issues = read_batch([path])
    assert [(i.file, i.line, i.column, i.path) for i in issues] == [(str(path), 1, 1, "(file)")]
    message = issues[0].message
    assert message.startswith(f"not a YAML file: {READS_YAML}")
    assert EXTRACT_HINT in message
    assert batch.files == ()


@pytest.mark.parametrize("name", ["report.html", "report.docx"])
def test_a_document_extract_cannot_read_says_what_to_save_it_as(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("<html><body>RECOMMENDATIONS</body></html>", encoding="utf-8")
    _, issues = read_batch([path])
    (issue,) = issues
    assert issue.message.startswith(f"not a YAML file: {READS_YAML}")
    assert "save the report as PDF or text, then run `rectrack extract FILE`" in issue.message


def test_another_suffix_is_refused_without_an_extract_hint(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_text("format: rectrack/1\n", encoding="utf-8")
    _, issues = read_batch([path])
    (issue,) = issues
    assert issue.message == f"not a YAML file: {READS_YAML}"


def test_a_folder_of_pdfs_names_extract_and_an_empty_one_does_not(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    (reports / "kz").mkdir(parents=True)
    (reports / "kz" / "kz-2021.pdf").write_bytes(b"%PDF")
    _, issues = read_batch([reports])
    (issue,) = issues
    assert issue.file == str(reports)
    assert issue.message.startswith(f"no *.yaml or *.yml files in this folder: {READS_YAML}")
    assert EXTRACT_HINT in issue.message

    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / ".hidden.pdf").write_bytes(b"%PDF")  # hidden files are not looked at
    _, issues = read_batch([empty])
    assert [i.message for i in issues] == [f"no *.yaml or *.yml files in this folder: {READS_YAML}"]


def test_yaml_files_and_files_without_a_suffix_are_still_read(tmp_path: Path) -> None:
    folder = write_sample(tmp_path / "in")
    topics = folder / "topics.yaml"
    plain = tmp_path / "topics"
    plain.write_bytes(topics.read_bytes())
    batch, issues = read_batch([plain, *sorted(p for p in folder.rglob("*.yaml") if p != topics)])
    assert issues == []
    assert len(batch.reports) == 2 and len(batch.topics) == 3


# -- which URLs name an SQLite file ---------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite:////tmp/x/new.db", Path("/tmp/x/new.db")),
        ("sqlite:///relative.db", Path("relative.db")),
        ("sqlite://", None),
        ("sqlite:///:memory:", None),
        ("sqlite:///file:shared.db?mode=memory&uri=true", None),
        ("postgresql://alice@db.example.org/rectrack", None),
    ],
)
def test_sqlite_file_path(url: str, expected: Path | None) -> None:
    assert sqlite_file_path(url) == expected
