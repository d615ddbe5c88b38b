"""Which files `rectrack export` counts as its own: the only ones a whole-store export removes."""

from __future__ import annotations

import pytest

from tests.unit.import_support import LATER, LATER_ID, exported_report, replaced
from tracker.exporting.ownership import candidate_report_id, exported_report_id, written_by_export
from tracker.importing.reader import parse_text

NAME = f"{LATER_ID}.yaml"


def owned(folder: str, name: str, text: str) -> str | None:
    document, _issues = parse_text(text, name)
    return exported_report_id(folder, name, document)


def test_a_report_under_its_own_country_and_id_is_exports() -> None:
    assert owned("kz", NAME, LATER) == LATER_ID


@pytest.mark.parametrize(
    ("folder", "name", "text"),
    [
        pytest.param("kz", "strings.yaml", "x: 1\n", id="other yaml"),
        pytest.param("kz", "mine.yaml", "", id="empty file"),
        pytest.param("kz", NAME, LATER + "oops: [unclosed\n", id="does not parse"),
        pytest.param("kz", NAME, "<<<<<<< HEAD\n" + LATER, id="merge conflict"),
        pytest.param("kz", "country2.yaml", LATER, id="id is not the file name"),
        pytest.param("ge", NAME, LATER, id="country is not the folder"),
        pytest.param("kz", NAME, replaced(LATER, "country: KZ", "country: kz"), id="lower-case"),
        pytest.param("kz", f"{LATER_ID}.yml", LATER, id="yml suffix"),
        pytest.param("kz", f"{LATER_ID}.yaml.bak", LATER, id="another suffix"),
        pytest.param("KZ", NAME, LATER, id="upper-case folder"),
        pytest.param("kaz", NAME, LATER, id="three-letter folder"),
        pytest.param(
            "kz", NAME, replaced(LATER, "format: rectrack/1", "format: rectrack/9"), id="format"
        ),
        pytest.param("kz", NAME, LATER.replace("format: rectrack/1\n", ""), id="no format"),
        pytest.param("kz", NAME, "format: rectrack/1\ntopics: []\n", id="topics document"),
        pytest.param("kz", NAME, "format: rectrack/1\nreport: kz\n", id="report not a mapping"),
        pytest.param("kz", NAME, "- " + LATER_ID + "\n", id="a list"),
        pytest.param("kz", NAME, "format: rectrack/1\n" + LATER, id="duplicate key"),
        pytest.param(
            "kz", NAME, replaced(LATER, "observer: ODIHR", "observer: &o ODIHR"), id="anchor"
        ),
    ],
)
def test_anything_else_is_not(folder: str, name: str, text: str) -> None:
    assert owned(folder, name, text) is None


def test_names_that_export_never_writes_are_ruled_out_without_reading() -> None:
    assert candidate_report_id("kz", NAME) == LATER_ID
    assert candidate_report_id("kz", "Notes.yaml") is None
    assert candidate_report_id("kz", ".hidden.yaml") is None
    assert candidate_report_id("kz", "notes.txt") is None
    assert candidate_report_id("k1", NAME) is None


def test_only_a_file_in_the_canonical_form_counts_as_written_by_export() -> None:
    text = exported_report("kz-2010-parliamentary-odihr-final", "KZ")
    name = "kz-2010-parliamentary-odihr-final.yaml"
    assert written_by_export("kz", name, text.encode()) == "kz-2010-parliamentary-odihr-final"
    assert written_by_export("kz", name, (text + "# checked\n").encode()) is None  # edited
    assert written_by_export("kz", name, text.replace("  ", "    ").encode()) is None
    assert written_by_export("ge", name, text.encode()) is None  # another country's folder
    assert written_by_export("kz", "other.yaml", text.encode()) is None  # another name
    assert written_by_export("kz", name, b"\xff\xfe") is None  # not UTF-8
