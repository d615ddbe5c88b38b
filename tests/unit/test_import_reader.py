"""Reading YAML files: safe, text-only, refusing what the format leaves out, at its line."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.unit.import_support import EARLIER, issues_of, only
from tracker.importing.issues import ImportIssue
from tracker.importing.reader import (
    MAX_FILE_BYTES,
    Mapping,
    Scalar,
    Sequence,
    parse_text,
    read_bytes,
    read_file,
)


def test_a_valid_document_becomes_text_nodes_with_1_based_positions() -> None:
    root, issues = parse_text("format: rectrack/1\nlist:\n  - 010\n  - {a: yes}\n", "f.yaml")
    assert issues == []
    assert isinstance(root, Mapping)
    (k1, v1), (_k2, v2) = root.entries
    assert (k1, v1) == (Scalar("format", 1, 1), Scalar("rectrack/1", 1, 9))
    assert isinstance(v2, Sequence)
    assert v2.items[0] == Scalar("010", 3, 5)
    inner = v2.items[1]
    assert isinstance(inner, Mapping)
    assert inner.entries[0][1] == Scalar("yes", 4, 9)


def test_malformed_yaml_is_an_error_at_its_position() -> None:
    issue = only(issues_of("format: rectrack/1\nreport: [unclosed\nnext: 1\n", "bad.yaml"))
    assert (issue.file, issue.path) == ("bad.yaml", "(file)")
    assert issue.line == 3
    assert issue.message.startswith("not valid YAML: ")


def test_a_python_tag_is_refused_at_its_line() -> None:
    text = "format: rectrack/1\nreport:\n  id: !!python/object:os.system ls\n"
    issue = only(issues_of(text))
    assert (issue.line, issue.column, issue.path) == (3, 7, "report.id")
    assert issue.message == "tags (!!python/object:os.system) are not part of the format"


def test_any_tag_is_refused_even_a_standard_one() -> None:
    issue = only(issues_of("format: !!str rectrack/1\n"))
    assert (issue.line, issue.column, issue.path) == (1, 9, "format")
    assert "tags (!!str)" in issue.message


def test_anchors_and_aliases_are_refused_each_at_its_line() -> None:
    text = "format: rectrack/1\na: &x text\nb: *x\n"
    issues = issues_of(text)
    assert [(i.line, i.column, i.path) for i in issues] == [(2, 4, "a"), (3, 4, "b")]
    assert issues[0].message == "anchors (&x) are not part of the format: write the value out"
    assert issues[1].message == "aliases (*x) are not part of the format: write the value out"


def test_an_alias_bomb_is_refused_without_constructing_anything(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_construction(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the reader must never construct Python objects")

    monkeypatch.setattr(yaml.constructor.BaseConstructor, "construct_document", no_construction)
    levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for index in range(1, 12):  # 9**12 strings if it were expanded
        name, previous = chr(97 + index), chr(96 + index)
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    issues = issues_of("format: rectrack/1\n" + "\n".join(levels) + "\n", "bomb.yaml")
    assert issues
    assert issues[0] == ImportIssue(
        "bomb.yaml",
        2,
        4,
        "a",
        "anchors (&a) are not part of the format: write the value out",
    )
    assert all(issue.file == "bomb.yaml" and issue.line >= 2 for issue in issues)


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"format: rectrack/1\n" + b"#" * MAX_FILE_BYTES)
    root, issues = read_file(path, "huge.yaml")
    assert root is None
    issue = only(issues)
    assert (issue.file, issue.line, issue.column, issue.path) == ("huge.yaml", 1, 1, "(file)")
    assert "over the limit of 5,242,880 bytes (5 MiB)" in issue.message


def test_a_file_at_the_size_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    head = b"format: rectrack/1\n"
    path.write_bytes(head + b"#" * (MAX_FILE_BYTES - len(head)))
    root, issues = read_file(path, "big.yaml")
    assert issues == []
    assert root is not None


def test_a_file_that_is_not_utf8_is_refused_at_the_bad_byte() -> None:
    data = b"format: rectrack/1\nreport:\n  title: Caf" + b"\xe9 ok\n"
    root, issues = read_bytes(data, "latin1.yaml")
    assert root is None
    issue = only(issues)
    assert (issue.line, issue.column, issue.path) == (3, 13, "(file)")
    assert issue.message == "not UTF-8: byte 0xe9 cannot be decoded; save the file as UTF-8"


def test_a_utf16_file_is_not_utf8() -> None:
    root, issues = read_bytes("format: rectrack/1\n".encode("utf-16"), "wide.yaml")
    assert root is None
    assert only(issues).message.startswith("not UTF-8")


def test_a_byte_order_mark_is_ignored() -> None:
    root, issues = read_bytes(b"\xef\xbb\xbf" + EARLIER.encode(), "bom.yaml")
    assert issues == []
    assert isinstance(root, Mapping)
    assert root.entries[0][0] == Scalar("format", 1, 1)


def test_a_second_document_is_refused() -> None:
    issue = only(issues_of("format: rectrack/1\n---\nformat: rectrack/1\n"))
    assert (issue.line, issue.path) == (2, "(file)")
    assert "a file holds exactly one document" in issue.message


def test_an_empty_file_is_an_error_at_1_1() -> None:
    for text in ("", "# only a comment\n"):
        issue = only(issues_of(text, "empty.yaml"))
        assert (issue.file, issue.line, issue.column, issue.path) == ("empty.yaml", 1, 1, "(file)")
        assert issue.message.startswith("the file is empty")


def test_control_characters_are_refused_by_the_parser() -> None:
    issue = only(issues_of("format: rectrack/1\nx: a\x07b\n"))
    assert (issue.line, issue.column) == (2, 5)
    assert "control characters are not allowed" in issue.message


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    issues = issues_of("x: " + "[" * 5000 + "]" * 5000 + "\n")
    assert issues
    assert all(issue.line == 1 for issue in issues)


def test_scalars_stay_text() -> None:
    root, _ = parse_text("a: NO\nb: 010\nc: 1.10\nd: yes\ne: ~\nf: 2021-01-10\ng:\n", "f")
    assert isinstance(root, Mapping)
    values = [value for _, value in root.entries]
    assert [v.value for v in values if isinstance(v, Scalar)] == [
        "NO",
        "010",
        "1.10",
        "yes",
        "~",
        "2021-01-10",
        "",
    ]
