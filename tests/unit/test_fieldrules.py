"""The value rules that the import and the write paths share (tracker/fieldrules.py).

The property tests hold the write paths' cleaning to the import itself: a value a person gives
is refused exactly when a file holding it (as cleaned) is refused by the import, and a value
that is accepted survives export and import unchanged."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tracker import fieldrules
from tracker.enums import ElectionType, ReportKind, Status
from tracker.errors import InvalidInput
from tracker.exporting.render import dump, render_report
from tracker.fieldrules import BadValue, TextField
from tracker.identity import REVIEWER_ENV, resolve_reviewer
from tracker.importing.documents import AssessmentDoc, ElectionDoc, RecommendationDoc, ReportDoc
from tracker.importing.reader import parse_text
from tracker.importing.validate import validate_document
from tracker.services.editing import clean_addressees, values_problem

# Characters that look odd or are easy to get wrong: controls the import refuses, whitespace
# and format characters it keeps, YAML's own punctuation, line and paragraph separators.
ODD = (
    "\x00\x07\x08\x0b\x0c\r\x1b\x1f\x7f\x85\x9f\ud800\udfff"
    "\t\n \u00a0\u1680\u2000\u200a\u200b\u200c\u200d\u200e\u200f\u202a\u202e\u2066\u2069"
    "\u2028\u2029\u3000\ufeff\ufffe\uffff\U0001f5f3\U000e0001"
    "#:-'\"|>&*!%@`{}[],?ab é"
)
TEXTS = st.text(alphabet=st.sampled_from(ODD), max_size=30) | st.text(max_size=60)

ELECTION = ElectionDoc("KZ", ElectionType.PARLIAMENTARY, dt.date(2021, 1, 10))


def _report(
    text: str = "Text.",
    addressees: tuple[str, ...] = (),
    evidence: str | None = None,
    assessor: str | None = None,
) -> ReportDoc:
    return ReportDoc(
        id="kz-2021-parliamentary-odihr-final",
        election=ELECTION,
        observer="ODIHR",
        kind=ReportKind.FINAL_REPORT,
        recommendations=(
            RecommendationDoc(number="1", text=text, topics=("media",), addressees=addressees),
        ),
        assessments=(AssessmentDoc("kz-2016-x#2", Status.NOT, evidence, assessor),),
    )


def _imported(report: ReportDoc) -> ReportDoc | None:
    """The report as the import reads its export; None where the import refuses it."""
    root, issues = parse_text(render_report(report), "x.yaml")
    if root is None:
        return None
    document, issues = validate_document(root, "x.yaml")
    return document if isinstance(document, ReportDoc) and not issues else None


FILE = """format: rectrack/1
report:
  id: kz-2021-parliamentary-odihr-final
  country: KZ
  election: {{type: parliamentary, date: 2021-01-10}}
  observer: ODIHR
  kind: final-report
recommendations:
- number: "1"
  text: {text}
  topics: [media]
  addressees: [{addressee}]
assessments:
- recommendation: kz-2016-x#2
  status: not-implemented
  evidence: {evidence}
  assessor: {assessor}
"""


def _import_refuses(name: str, value: str) -> bool:
    """Whether the import refuses a file whose field `name` holds `value`. JSON's string
    escapes are YAML's double-quoted ones: the file holds exactly `value`, whatever it is."""
    values = {field: json.dumps("x") for field in ("text", "addressee", "evidence", "assessor")}
    values[name] = json.dumps(value)
    root, issues = parse_text(FILE.format(**values), "x.yaml")
    if root is None:
        return True
    _, issues = validate_document(root, "x.yaml")
    return bool(issues)


Build = Callable[[str], ReportDoc]
Read = Callable[[ReportDoc], str | None]
# A rule, the field of the file that holds its value, and how to write and read that field.
FIELDS: list[tuple[TextField, str, Build, Read]] = [
    (fieldrules.TEXT, "text", lambda v: _report(text=v), lambda r: r.recommendations[0].text),
    (
        fieldrules.EVIDENCE,
        "evidence",
        lambda v: _report(evidence=v),
        lambda r: r.assessments[0].evidence,
    ),
    (
        fieldrules.ASSESSOR,
        "assessor",
        lambda v: _report(assessor=v),
        lambda r: r.assessments[0].assessor,
    ),
    (
        fieldrules.REVIEWER,
        "assessor",
        lambda v: _report(assessor=v),
        lambda r: r.assessments[0].assessor,
    ),
    (
        fieldrules.ADDRESSEE,
        "addressee",
        lambda v: _report(addressees=(v,)),
        lambda r: r.recommendations[0].addressees[0],
    ),
]


@pytest.mark.parametrize(
    ("field", "name", "build", "read"), FIELDS, ids=lambda f: getattr(f, "what", "")
)
@settings(max_examples=400, deadline=None)
@given(value=TEXTS)
@example(value="a\x07b")
@example(value=" \u00a0 ")
@example(value="\u200b")
@example(value="x" * 201)
@example(value="line\nbreak")
@example(value="\u202eRTL\u2029name")
def test_a_person_s_value_is_refused_exactly_when_the_import_refuses_it(
    field: TextField,
    name: str,
    build: Build,
    read: Read,
    value: str,
) -> None:
    try:
        cleaned = field.from_person(value, "somewhere")
    except BadValue as exc:
        assert exc.message.startswith("somewhere: ")
        assert field.what in exc.message
        if fieldrules.CONTROL.search(value):
            # Refused as given: stripping must not drop a control character first.
            assert "control character" in exc.message
            assert _import_refuses(name, value)
        elif not value.strip():
            # Blank: an optional field's export leaves it out, so there is nothing to import.
            assert f"empty {field.what}" in exc.message
        else:
            assert _import_refuses(name, value.strip())
        return
    assert cleaned == value.strip()
    again = _imported(build(cleaned))
    assert again is not None, f"{field.what} {cleaned!r} accepted but its export is refused"
    assert read(again) == cleaned


@settings(max_examples=300, deadline=None)
@given(values=st.lists(TEXTS, max_size=4))
def test_cleaned_addressees_export_and_import_unchanged(values: list[str]) -> None:
    problem = values_problem(None, None, values)
    if problem is not None:
        assert "addressee" in problem
        assert any(
            _import_refuses("addressee", value)
            for value in values
            if value.strip() or fieldrules.CONTROL.search(value)
        )
        return
    cleaned = clean_addressees(values)
    again = _imported(_report(addressees=tuple(cleaned)))
    assert again is not None
    assert again.recommendations[0].addressees == tuple(cleaned)


def test_control_characters_are_refused_not_removed() -> None:
    # str.split() counts U+001C..U+001F as whitespace: collapsing spaces must not hide them.
    assert "control character (U+001F)" in str(values_problem(None, None, ["a\x1fb"]))
    with pytest.raises(BadValue, match=r"evidence holds a control character \(U\+0007\)"):
        fieldrules.EVIDENCE.from_person("\x07 rest", "k")


def test_rule_messages_are_the_import_s() -> None:
    """The import's wording, unchanged (tests/unit/test_import_validate.py holds the files)."""
    cases: list[tuple[Callable[[], object], str]] = [
        (lambda: fieldrules.TEXT.check(" "), "empty text: expected some text"),
        (lambda: fieldrules.ASSESSOR.check("a\tb"), "assessor must be one line"),
        (lambda: fieldrules.status("fully"), "unknown status 'fully'"),
        (lambda: fieldrules.topic_id("Media"), "topic id 'Media' is not a slug"),
        (lambda: fieldrules.date("2030-02-30"), "not a valid date: '2030-02-30'"),
        (lambda: fieldrules.boolean("yes"), "expected true or false, found 'yes'"),
        (lambda: fieldrules.number("1#2"), "must not contain '#'"),
        (lambda: fieldrules.url("ftp://x"), "expected a web address"),
        (lambda: fieldrules.reference("x"), "expected a recommendation key"),
    ]
    for call, message in cases:
        with pytest.raises(BadValue) as refused:
            call()
        assert message in refused.value.message
        assert isinstance(refused.value, InvalidInput)
    assert fieldrules.status("not-implemented") is Status.NOT


def test_dump_escapes_what_it_cannot_write_plainly() -> None:
    """The round trip above relies on the emitter keeping odd characters (checked here once,
    on the characters that YAML itself treats as line breaks)."""
    for value in ("a\u2028b", "a\u2029b", "\ufeffa", "a\ufffeb"):
        root, issues = parse_text(dump({"v": value}), "x.yaml")
        assert root is not None and not issues
        assert root.entries[0][1].value == value  # type: ignore[union-attr]


# -- the acting reviewer ---------------------------------------------------------------------


def test_the_reviewer_name_is_checked_where_it_comes_from(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(REVIEWER_ENV, raising=False)
    assert resolve_reviewer("  ann  ") == "ann"
    assert resolve_reviewer("\u202eAnn\u00a0Lee") == "\u202eAnn\u00a0Lee"
    with pytest.raises(InvalidInput) as refused:
        resolve_reviewer("ann\x1b[2J")
    assert refused.value.message == ("--reviewer: reviewer name holds a control character (U+001B)")
    with pytest.raises(InvalidInput, match="--reviewer: reviewer name must be one line"):
        resolve_reviewer("ann\nbob")
    with pytest.raises(InvalidInput, match="over 200"):
        resolve_reviewer("a" * 201)

    monkeypatch.setenv(REVIEWER_ENV, "bob\x07")
    with pytest.raises(InvalidInput, match=f"^{REVIEWER_ENV}: reviewer name holds a control"):
        resolve_reviewer(None)
    # --reviewer wins over the environment, and is what is checked.
    assert resolve_reviewer("ann") == "ann"
    monkeypatch.setenv(REVIEWER_ENV, "  bob  ")
    assert resolve_reviewer(None) == "bob"


def test_a_login_name_that_cannot_be_a_reviewer_name_says_how_to_give_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(REVIEWER_ENV, raising=False)
    monkeypatch.setattr("getpass.getuser", lambda: "x\x7f")
    with pytest.raises(InvalidInput) as refused:
        resolve_reviewer(None)
    assert "login name" in refused.value.message
    assert "--reviewer" in refused.value.message and REVIEWER_ENV in refused.value.message
