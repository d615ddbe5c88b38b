"""Small valid YAML documents of the rectrack format, and helpers to read them."""

from __future__ import annotations

from pathlib import Path

from tracker.importing.batch import read_batch
from tracker.importing.documents import Batch, ReportDoc
from tracker.importing.issues import ImportIssue
from tracker.importing.reader import parse_text
from tracker.importing.validate import validate_document

TOPICS = """\
format: rectrack/1
topics:
- id: voter-registration
  label: Voter registration
  description: Voter lists, their accuracy, and their correction.
- id: media
  label: Media
- id: candidacy
  label: Candidacy
"""

# kz 2016: three recommendations, no references.
EARLIER = """\
format: rectrack/1
report:
  id: kz-2016-parliamentary-odihr-final
  country: KZ
  election:
    type: parliamentary
    date: 2016-03-20
    early: true
  observer: ODIHR
  kind: final-report
  title: Early Parliamentary Elections, 20 March 2016
recommendations:
- number: '1'
  text: Voter lists should be published for public scrutiny.
  topics: [voter-registration]
- number: '2'
  text: Restrictions on candidacy should be lifted.
  priority: true
  topics: [candidacy]
  addressees: [parliament]
- number: '3'
  text: The media regulator should be independent.
  topics: [media]
"""

# kz 2021: restates, related, distinct_from and assessments of 2016.
LATER = """\
format: rectrack/1
report:
  id: kz-2021-parliamentary-odihr-final
  country: KZ
  election:
    type: parliamentary
    date: 2021-01-10
  observer: ODIHR
  kind: final-report
recommendations:
- number: '1'
  text: Voter lists should be open to public scrutiny before election day.
  topics: [voter-registration]
  restates: [kz-2016-parliamentary-odihr-final#1]
- number: '2'
  text: Independent candidates should be allowed to stand.
  topics: [candidacy]
  related: [kz-2016-parliamentary-odihr-final#2]
  distinct_from: [kz-2016-parliamentary-odihr-final#3]
assessments:
- recommendation: kz-2016-parliamentary-odihr-final#1
  status: not-implemented
- recommendation: kz-2016-parliamentary-odihr-final#2
  status: partially-implemented
  evidence: Amendments of 2020 lowered the deposit.
  assessor: OSCE PA
"""

EARLIER_ID = "kz-2016-parliamentary-odihr-final"
LATER_ID = "kz-2021-parliamentary-odihr-final"


def write_files(folder: Path, files: dict[str, str]) -> Path:
    """`files` by relative path; returns the folder."""
    for relative, text in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def write_sample(folder: Path, **overrides: str) -> Path:
    """topics.yaml, kz/<earlier>.yaml, kz/<later>.yaml (each replaceable by keyword)."""
    files = {
        "topics.yaml": overrides.get("topics", TOPICS),
        f"kz/{EARLIER_ID}.yaml": overrides.get("earlier", EARLIER),
        f"kz/{LATER_ID}.yaml": overrides.get("later", LATER),
    }
    return write_files(folder, files)


def issues_of(text: str, name: str = "f.yaml") -> list[ImportIssue]:
    """The issues of one document, read and validated on its own."""
    root, issues = parse_text(text, name)
    if root is None:
        return issues
    return validate_document(root, name)[1]


def report_of(text: str, name: str = "f.yaml") -> ReportDoc:
    root, issues = parse_text(text, name)
    assert root is not None, issues
    document, issues = validate_document(root, name)
    assert isinstance(document, ReportDoc), issues
    return document


def batch_of(folder: Path) -> Batch:
    batch, issues = read_batch([folder])
    assert not issues, [str(issue) for issue in issues]
    return batch


def only(issues: list[ImportIssue]) -> ImportIssue:
    assert len(issues) == 1, [str(issue) for issue in issues]
    return issues[0]


def position(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """1-based (line, column) of the `occurrence`-th `needle` in `text`."""
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


def replaced(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def exported_report(report_id: str, country: str) -> str:
    """EARLIER as `rectrack export` writes it (its canonical form), as report `report_id` of
    `country`: a file an earlier export left in a folder."""
    from tracker.exporting.render import render_report
    from tracker.importing.documents import ReportDoc
    from tracker.importing.validate import validate_document

    text = replaced(EARLIER, f"id: {EARLIER_ID}", f"id: {report_id}")
    text = replaced(text, "country: KZ", f"country: {country}")
    root, read_issues = parse_text(text, "exported.yaml")
    assert root is not None and not read_issues
    document, issues = validate_document(root, "exported.yaml")
    assert isinstance(document, ReportDoc) and not issues, issues
    return render_report(document)
