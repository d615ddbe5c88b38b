"""Page furniture in text copied out of a PDF: page numbers, running headers and footnote blocks
fall wherever a page broke, with or without form feeds, and no item may be lost to them.

The texts are built here the way pdftotext and a PDF viewer's "copy all" give a final report:
the body wrapped at about 80 columns with a hanging indent, footnote markers stuck to the word
before them ("removed.42"), and at each page break the notes of that page (under a rule or not,
one line or several), a footer, a form feed or none, and the next page's running header.
"""

from __future__ import annotations

import itertools
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from tracker.extracting import ReportMeta, TopicInfo, draft_document, load_document
from tracker.extracting.draft import Draft
from tracker.extracting.furniture import is_page_number, is_running_title

META = ReportMeta.checked(
    report_id="ex-2023-parliamentary-odihr-final",
    country="MD",
    election_type="parliamentary",
    election_date="2023-03-12",
)
TOPICS = [TopicInfo("legal-framework", "Legal framework", "The electoral law as a whole.")]

# (number, text with [[note]] markers, priority, subject heading)
ITEMS: list[tuple[int, str, bool, str | None]] = [
    (1, "The Election Code should be revised comprehensively, well in advance of the next "
        "elections and through an inclusive public consultation, to address the gaps and "
        "ambiguities identified in this and previous ODIHR reports.[[In paragraph 25 of the 1999 "
        "OSCE Istanbul Document, OSCE participating States committed themselves to follow up "
        "promptly ODIHR's election assessment and recommendations, which several of the "
        "authorities met by ODIHR acknowledged.]]", True, None),
    (2, "As previously recommended, the Central Election Commission should publish all its "
        "decisions promptly, and its sessions should be open to candidates, observers and the "
        "media.", True, None),
    (3, "Disproportionate restrictions on the right to stand, including the 10-year residency "
        "requirement and the language test, should be removed.[[Article 42 of the "
        "Constitution.]]", True, None),
    (4, "Defamation should be decriminalized, and the legal provisions on false information "
        "should be reviewed to ensure that they do not unduly restrict freedom of expression.",
        True, None),
    (5, "The authorities should take effective measures to prevent the misuse of administrative "
        "resources and to ensure a clear separation between the State and political parties, "
        "with sanctions that are proportionate and dissuasive.", True, None),
    (6, "The independence of the media regulator should be guaranteed in law and in practice, "
        "and the regulator should handle complaints in a timely and transparent manner.[[The "
        "regulator received 37 complaints and decided 12 of them before election day.]]",
        True, None),
    (7, "The composition of lower-level election commissions should be balanced, and the "
        "selection of their members should be transparent and based on clear criteria.",
        False, "Election Administration"),
    (8, "Polling station commission members should receive comprehensive and practical training "
        "on voting and counting procedures, including on the new ballot boxes.", False,
        "Election Administration"),
    (9, "The authorities should consider reviewing the accuracy of the voter register, in "
        "particular the entries of citizens residing abroad.[[The register held 2.1 million "
        "entries, among them some 480,000 voters abroad.]]", False, "Voter Registration"),
    (10, "Reasonable limits on donations and spending should be introduced, and interim "
         "campaign finance reports should be published before election day.", False,
         "Campaign Finance"),
    (11, "The Audit Chamber should be given the mandate and resources to oversee campaign "
         "finance effectively, and should publish its findings.", False, "Campaign Finance"),
    (12, "Courts should consider the substance of all election appeals within the deadlines "
         "set in law, and their decisions should be reasoned and published.[[Article 12 of the "
         "Law on Administrative Procedure; see also Section IX of this report.]]", False,
         "Complaints and Appeals"),
    (13, "The law should provide explicitly for citizen and international observation at all "
         "stages of the electoral process.", False, "Election Observation"),
    (14, "The secrecy of the vote should be ensured at all polling stations, including by a "
         "layout of the premises that prevents the ballot from being seen.", False,
         "Election Day"),
]  # fmt: skip
_NOTE = re.compile(r"\[\[(.+?)\]\]")


def expected_items() -> list[tuple[str, str, bool]]:
    return [(str(n), _NOTE.sub("", text), priority) for n, text, priority, _ in ITEMS]


@dataclass(frozen=True)
class Style:
    """How the page breaks of a text look."""

    form_feeds: bool
    rule: bool = True  # a rule of underscores above the notes
    footer: str = "Page {page}"  # the page number at the foot ("" for none)
    header: tuple[str, ...] = (
        "Republic of Examplia                                          Page: {page}",
        "Parliamentary Elections, 12 March 2023",
        "OSCE/ODIHR Election Observation Mission Final Report",
    )
    note_number_alone: bool = False  # "41" on a line, its text under it
    blank_around: bool = True  # blank lines around the furniture


def body_lines() -> tuple[list[str], list[str]]:
    """The recommendations chapter wrapped as printed, with its notes kept in order."""
    notes: list[str] = []
    first_note = 40

    def mark(match: re.Match[str]) -> str:
        notes.append(match.group(1))
        return str(first_note + len(notes))

    lines = [
        "XV. RECOMMENDATIONS",
        "",
        *textwrap.wrap(
            "These recommendations, as contained throughout the text, are offered with a view "
            "to enhancing the conduct of elections in the Republic of Examplia and supporting "
            "efforts to bring them fully in line with OSCE commitments. ODIHR stands ready to "
            "assist the authorities to further improve the electoral process.",
            80,
        ),
        "",
        "A. PRIORITY RECOMMENDATIONS",
        "",
    ]
    subject: str | None = None
    for number, text, priority, under in ITEMS:
        if not priority and number == 7:
            lines += ["B. OTHER RECOMMENDATIONS", ""]
        if under != subject and under is not None:
            lines += [under, ""]
        subject = under
        marked = _NOTE.sub(mark, text)
        label = f"{number}.".ljust(4)
        lines += textwrap.wrap(marked, 80, initial_indent=label, subsequent_indent="    ")
        lines.append("")
    lines += ["ANNEX I: FINAL ELECTION RESULTS", "", "1. Party of Progress 412,300 41.3", ""]
    return lines, notes


FRONT = """REPUBLIC OF EXAMPLIA
PARLIAMENTARY ELECTIONS
12 March 2023

ODIHR Election Observation Mission
Final Report

I. EXECUTIVE SUMMARY

The 12 March parliamentary elections were competitive, but several recommendations made in
previous reports remain to be addressed. Priority recommendations relate to the legal framework,
the right to stand, the media and the misuse of administrative resources.
"""


def build_text(style: Style, breaks: list[int]) -> str:
    """The report with a page break before each body line index in `breaks`."""
    body, notes = body_lines()
    pages: list[list[str]] = []
    start = 0
    for cut in [*breaks, len(body)]:
        pages.append(body[start:cut])
        start = cut
    out: list[str] = FRONT.splitlines()
    page_number = 26
    for index, page in enumerate(pages):
        out += _header(style, page_number)
        out += page
        if index == len(pages) - 1:
            break
        out += _foot(style, page, notes, page_number)
        page_number += 1
    return "\n".join(out) + "\n"


def _header(style: Style, page: int) -> list[str]:
    lines = [line.format(page=page) for line in style.header]
    if style.form_feeds and lines:
        lines[0] = "\f" + lines[0]
    return [*lines, ""] if style.blank_around and lines else lines


def _foot(style: Style, page: list[str], notes: list[str], number: int) -> list[str]:
    out: list[str] = []
    markers = [int(m) for line in page for m in re.findall(r"(?<=[.a-z])(4\d)(?=\s|$)", line)]
    if markers:
        if style.blank_around:
            out.append("")
        if style.rule:
            out.append("_" * 24)
        for marker in markers:
            text = notes[marker - 41]
            if style.note_number_alone:
                out += [str(marker), *textwrap.wrap(text, 76)]
            else:
                out += textwrap.wrap(text, 80, initial_indent=f"{marker} ", subsequent_indent="")
    if style.footer:
        if style.blank_around:
            out.append("")
        out.append(style.footer.format(page=number))
    if style.form_feeds and not style.header:
        out.append("\f")
    return out


def draft_of(tmp_path: Path, text: str) -> Draft:
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    return draft_document(load_document(path), META, TOPICS)


def assert_all_items(draft: Draft) -> None:
    got = [(item.number, item.text, item.priority) for item in draft.items]
    assert got == expected_items()
    assert draft.numbering == ()
    assert [item.heading for item in draft.items if not item.priority] == [
        under for _, _, priority, under in ITEMS if not priority
    ]


def _break_points() -> dict[str, list[int]]:
    """Page breaks between items, inside a sentence of an item, before a subject heading and
    right after the part heading: every place a page can break in the section."""
    body, _notes = body_lines()
    inside = [i for i, line in enumerate(body) if line.startswith("    ") and body[i - 1].strip()]
    before_item = [i for i, line in enumerate(body) if re.match(r"\d+\.\s", line)]
    subjects = [i for i, line in enumerate(body) if line in ("Campaign Finance", "Election Day")]
    part = body.index("B. OTHER RECOMMENDATIONS") + 2
    return {
        "inside items": inside[1:-1:4],
        "between items": before_item[2:-1:3],
        "before subject headings": subjects,
        "after a part heading": [part],
        "everywhere": sorted({*inside[::3], *before_item[1::2], *subjects, part}),
    }


BREAKS = _break_points()
STYLES = {
    "ruled notes, three-line header": Style(form_feeds=False),
    "unruled notes": Style(form_feeds=False, rule=False),
    "note numbers on their own line": Style(form_feeds=False, note_number_alone=True),
    "nothing between the lines": Style(form_feeds=False, blank_around=False),
    "footer only, page x of y": Style(form_feeds=False, header=(), footer="Page {page} of 40"),
    "dashed page number, short header": Style(
        form_feeds=False,
        footer="- {page} -",
        header=("ODIHR Election Observation Mission Final Report",),
    ),
    "bare page number": Style(form_feeds=False, footer="{page}", header=()),
    "header carries the page number only": Style(
        form_feeds=False, footer="", header=("Republic of Examplia Page: {page}",)
    ),
}


@pytest.mark.parametrize("form_feeds", [False, True], ids=["no form feeds", "form feeds"])
@pytest.mark.parametrize("style", STYLES, ids=list(STYLES))
@pytest.mark.parametrize("where", BREAKS, ids=list(BREAKS))
def test_every_item_survives_page_furniture(
    tmp_path: Path, form_feeds: bool, style: str, where: str
) -> None:
    chosen = STYLES[style]
    chosen = Style(**{**chosen.__dict__, "form_feeds": form_feeds})
    text = build_text(chosen, BREAKS[where])
    assert ("\f" in text) is form_feeds
    assert_all_items(draft_of(tmp_path, text))


def test_the_issue_text_keeps_all_fourteen_items(tmp_path: Path) -> None:
    """The text of the report: a rule with its note, a running header and a page number in the
    section, no form feed; seven items were kept and the summary saw nothing wrong."""
    body, _notes = body_lines()
    cut = body.index("8.  Polling station commission members should receive comprehensive and")
    text = build_text(Style(form_feeds=False), [cut])
    assert "\f" not in text and "____" in text and "Page 26" in text
    draft = draft_of(tmp_path, text)
    assert len(draft.items) == 14
    assert_all_items(draft)


def test_a_header_that_recurs_only_near_page_breaks_goes(tmp_path: Path) -> None:
    """A header the title table does not know: found because it recurs at each page break."""
    style = Style(
        form_feeds=False,
        header=("Examplia 2023 - Final Report (ENG) {page}/40", "Limited distribution"),
    )
    text = build_text(style, BREAKS["between items"])
    assert_all_items(draft_of(tmp_path, text))


def test_wording_like_furniture_inside_a_sentence_stays(tmp_path: Path) -> None:
    """A line of an item that mentions a page or a report is wording, not furniture."""
    text = (
        "XV. RECOMMENDATIONS\n\nA. PRIORITY RECOMMENDATIONS\n\n"
        "1.  The findings set out on page\n    27 of the ODIHR report should be addressed by the\n"
        "    legislature before the next elections in full.\n\n"
        "2.  As recommended in the\n    ODIHR Election Observation Mission Final Report on\n"
        "    the 2019 elections, the law should be revised.\n\n"
        "3.  Voters should be informed in advance about the\n"
        "    Parliamentary Elections, 12 March 2024 and the new rules on voting.\n"
    )
    draft = draft_of(tmp_path, text)
    assert [item.text for item in draft.items] == [
        "The findings set out on page 27 of the ODIHR report should be addressed by the "
        "legislature before the next elections in full.",
        "As recommended in the ODIHR Election Observation Mission Final Report on the 2019 "
        "elections, the law should be revised.",
        "Voters should be informed in advance about the Parliamentary Elections, 12 March 2024 "
        "and the new rules on voting.",
    ]


@pytest.mark.parametrize(
    "text",
    ["Page 27", "Page: 27", "PAGE 3 of 40", "- 27 -", "27", "p. 27", "Страница 5 из 30",
     "Republic of Examplia Page: 27", "Page 27 ODIHR Election Observation Mission Final Report"],
)  # fmt: skip
def test_page_numbers(text: str) -> None:
    assert is_page_number(text)


@pytest.mark.parametrize(
    "text",
    ["see page 27", "27 of the 40 members were women.", "as set out on Page 27",
     "1999 OSCE Istanbul Document, Page 3,", "12."],
)  # fmt: skip
def test_wording_is_no_page_number(text: str) -> None:
    assert not is_page_number(text)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("OSCE/ODIHR Election Observation Mission Final Report", True),
        ("ODIHR Limited Election Observation Mission Final Report", True),
        ("ODIHR Needs Assessment Mission Report", True),
        ("Republic of Examplia, Parliamentary Elections, 12 March 2023", True),
        ("Presidential Election, 1 and 15 November 2020", True),
        ("Local Elections, 17 October and 31 October 2021", True),
        ("Окончательный отчет Миссии БДИПЧ по наблюдению за выборами", True),
        ("Республика Экзамплия, парламентские выборы, 12 марта 2023 г.", True),
        ("ODIHR Election Observation Mission Final Report on", False),
        ("the elections, 12 March 2023", False),
        ("ODIHR recommends that the mission report be published.", False),
    ],
)
def test_running_titles(text: str, title: bool) -> None:
    assert is_running_title(text) is title


def test_the_style_grid_covers_each_break_kind() -> None:
    """The break points fall where they are meant to, so that the grid above tests them."""
    body, _notes = body_lines()
    for where, cuts in BREAKS.items():
        assert cuts, where
        for cut in cuts:
            assert body[cut].strip() or where == "after a part heading"
    assert any(body[cut].startswith("    ") for cut in BREAKS["inside items"])
    assert list(itertools.chain(*BREAKS.values()))


# --- the numbering, checked as a whole -------------------------------------------------------


def test_a_section_cut_short_is_a_check_line_in_the_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Whatever cuts the section short (here a cleaning step that loses the rest of the file,
    as the rule of underscores once did), the items' numbers say so."""
    import tracker.extracting as extracting_package
    from tracker.cli.extract_commands import print_summary

    body, _notes = body_lines()
    text = build_text(Style(form_feeds=False), [body.index("B. OTHER RECOMMENDATIONS")])
    real_clean = extracting_package.clean

    def losing_clean(document: object) -> list[object]:
        lines = real_clean(document)  # type: ignore[arg-type]
        cut = next(i for i, line in enumerate(lines) if line.text.startswith("8."))
        return lines[:cut]

    monkeypatch.setattr(extracting_package, "clean", losing_clean)
    draft = draft_of(tmp_path, text)
    assert [item.number for item in draft.items] == [str(n) for n in range(1, 8)]
    assert draft.numbering == (
        "the items end at 7, but lines numbered 8. (page 1), 9. (page 1), 10. (page 1), "
        "11. (page 1), 12. (page 1) and 2 more follow in the file: the section may have been "
        "cut short",
    )
    print_summary(draft, "a test")
    err = capsys.readouterr().err
    assert "CHECK numbering: the items end at 7" in err.replace("\n", " ")
    assert "No item looks mis-split." not in err


def test_gaps_and_repeats_are_check_lines(tmp_path: Path) -> None:
    body, _notes = body_lines()
    text = "\n".join(body)
    text = text.replace("\n9.  ", "\n11. ").replace("\n4.  ", "\n2.  ")
    draft = draft_of(tmp_path, text)
    numbers = [item.number for item in draft.items]
    assert numbers == ["1", "2", "3", "2", "5", "6", "7", "8", "11", "10", "11", "12", "13", "14"]
    assert draft.numbering == (
        "numbers 4, 9 missing from the items numbered 1 to 14: look for them in the report",
        "numbers 2, 11 given to more than one item",
    )
    assert "CHECK numbering: numbers 4, 9 missing" in draft_text(draft)


def draft_text(draft: Draft) -> str:
    from tracker.extracting import render_draft

    return render_draft(draft)


@pytest.mark.parametrize("form_feeds", [False, True], ids=["no form feeds", "form feeds"])
def test_a_line_of_wording_that_recurs_at_page_breaks_stays(
    tmp_path: Path, form_feeds: bool
) -> None:
    """Two items that end on the same short line, each just before a page break."""
    ending = "    and the media."
    page = "\f" if form_feeds else ""
    text = (
        "XV. RECOMMENDATIONS\n\nA. PRIORITY RECOMMENDATIONS\n\n"
        "1.  The sessions of the Central Election Commission should be open to observers\n"
        f"{ending}\n\nPage 26\n{page}ODIHR Election Observation Mission Final Report\n\n"
        "2.  The decisions of the Central Election Commission should be published and sent\n"
        "    promptly to all contestants\n"
        f"{ending}\n\nPage 27\n{page}ODIHR Election Observation Mission Final Report\n\n"
        "3.  The law should provide explicitly for citizen and international observation.\n"
    )
    draft = draft_of(tmp_path, text)
    assert [item.text for item in draft.items] == [
        "The sessions of the Central Election Commission should be open to observers and the "
        "media.",
        "The decisions of the Central Election Commission should be published and sent "
        "promptly to all contestants and the media.",
        "The law should provide explicitly for citizen and international observation.",
    ]
