"""`rectrack extract` on text and Markdown files, and the cleaning and splitting rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.errors import ExtractionFailed
from tracker.extracting import ReportMeta, TopicInfo, draft_document, load_document
from tracker.extracting.cleaning import Lexicon, clean, join_lines
from tracker.extracting.draft import Draft
from tracker.extracting.model import Line, SourceKind
from tracker.extracting.sections import Role, find_section, heading_role

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "extract"
META = ReportMeta.checked(
    report_id="ex-2022-presidential-odihr-final",
    country="MD",
    election_type="presidential",
    election_date="2022-10-09",
)
TOPICS = [
    TopicInfo("legal-framework", "Legal framework", "The electoral law as a whole."),
    TopicInfo("media", "Media", "Media freedom, coverage, defamation, the media regulator."),
]


def draft_of(path: Path) -> Draft:
    return draft_document(load_document(path), META, TOPICS)


def test_a_text_copied_from_a_pdf() -> None:
    draft = draft_of(FIXTURES / "report.txt")
    assert [(item.number, item.priority, item.text) for item in draft.items] == [
        (
            "1",
            True,
            "The Election Code should be revised to address the gaps and inconsistencies "
            "identified in this report, through an inclusive consultation process concluded "
            "well in advance of the next elections.",
        ),
        (
            "2",
            True,
            "As previously recommended, the Central Election Commission should publish all its "
            "decisions, and its sessions should be open to candidates, observers and the media.",
        ),
        (
            "3",
            True,
            "Disproportionate restrictions on the right to stand, including the 15-year "
            "residency requirement, should be removed.",
        ),
        (
            "4",
            True,
            "Defamation should be decriminalized, and the legal provisions on false "
            "information should be reviewed to ensure that they do not unduly restrict freedom "
            "of expression.",
        ),
        (
            "5",
            False,
            "The composition of lower-level election commissions should be balanced, and the "
            "selection of their members should be transparent.",
        ),
        (
            "6",
            False,
            "Polling station commission members should receive comprehensive training on "
            "voting and counting procedures.",
        ),
        (
            "7",
            False,
            "The authorities should consider reviewing the accuracy of the voter register, in "
            "particular the entries of citizens residing abroad.",
        ),
        (
            "8",
            False,
            "Reasonable spending limits should be introduced, and the supervisory body should "
            "be mandated to verify the campaign finance reports of all candidates and to "
            "publish its findings before election day.",
        ),
        (
            "9",
            False,
            "Sanctions for violations of campaign finance rules should be proportionate and "
            "applied consistently.",
        ),
        (
            "10",
            False,
            "The legislation should be amended to guarantee a timely judicial review of all "
            "decisions of election commissions, including those on the results.",
        ),
        (
            "11",
            False,
            "The authorities should ensure that all polling stations are accessible to persons "
            "with disabilities and to older voters.",
        ),
        (
            "12",
            False,
            "Measures should be taken to prevent group voting and to safeguard the secrecy of "
            "the vote.",
        ),
    ]
    assert [item.heading for item in draft.items] == [None] * 4 + [
        "Election Administration",
        "Election Administration",
        "Voter Registration",
        "Campaign Finance",
        "Campaign Finance",
        "Complaints and Appeals",
        "Election Day",
        "Election Day",
    ]
    assert draft.section_heading == "XIII. RECOMMENDATIONS"
    assert draft.section_page == 3
    assert draft.doubtful == ()
    assert [item.number for item in draft.restating] == ["2"]


def test_a_markdown_report() -> None:
    draft = draft_of(FIXTURES / "report.md")
    assert [(item.number, item.priority, item.text) for item in draft.items] == [
        (
            "1",
            True,
            "The right to stand should not be restricted on the grounds of residency or of a "
            "criminal record for minor offences.",
        ),
        (
            "2",
            True,
            "Campaign finance rules should require all contestants to disclose their donors "
            "and expenditure before election day, and the oversight body should publish its "
            "findings.",
        ),
        (
            "3",
            True,
            "The State Electoral Commission should publish detailed results by polling station "
            "in an open format.",
        ),
        (
            "4",
            False,
            "The media regulator should be independent, and its decisions on complaints should "
            "be taken within 3 days.",
        ),
        (
            "5",
            False,
            "Public media should cover the activities of state officials who are candidates "
            "without giving them an undue advantage.",
        ),
        (
            "6",
            False,
            "Citizen observers should be accredited by the State Electoral Commission without "
            "discrimination, and their accreditation should be free of charge.",
        ),
        (
            "7",
            False,
            "As recommended in the previous ODIHR report, the law should grant observers "
            "access to all stages of the process, including tabulation at the district level.",
        ),
    ]
    assert [item.heading for item in draft.items] == [None] * 3 + ["Media"] * 2 + [
        "Election observation"
    ] * 2
    assert draft.section_heading == "Recommendations"
    assert [item.number for item in draft.restating] == ["7"]


def test_a_russian_text_comes_out_whole() -> None:
    draft = draft_of(FIXTURES / "report-ru.txt")
    assert [(item.number, item.priority, item.text) for item in draft.items] == [
        (
            "1",
            True,
            "Следует провести всесторонний пересмотр Избирательного кодекса задолго до "
            "следующих выборов в рамках инклюзивного процесса консультаций со всеми "
            "заинтересованными сторонами.",
        ),
        (
            "2",
            True,
            "Как рекомендовалось ранее, следует отменить ограничения права баллотироваться, "
            "основанные на требованиях к месту жительства.",
        ),
        (
            "3",
            True,
            "Заседания Центральной избирательной комиссии должны быть открыты для "
            "наблюдателей, кандидатов и средств массовой информации.",
        ),
        (
            "4",
            False,
            "Власти должны обеспечить точность списков избирателей и предоставить избирателям "
            "возможность заблаговременно проверять свои данные.",
        ),
        (
            "5",
            False,
            "Следует установить четкие процедуры исключения из списков избирателей умерших "
            "граждан и внесения исправлений по заявлениям избирателей.",
        ),
        (
            "6",
            False,
            "Следует принять меры для обеспечения тайны голосования на всех избирательных "
            "участках.",
        ),
    ]
    assert draft.section_heading == "XIV. РЕКОМЕНДАЦИИ"
    assert [item.heading for item in draft.items] == [None] * 3 + [
        "Регистрация избирателей",
        "Регистрация избирателей",
        "День выборов",
    ]
    assert draft.items[1].restatement == "Как рекомендовалось ранее"


def test_a_report_without_a_recommendations_section_is_a_clear_error() -> None:
    with pytest.raises(ExtractionFailed) as raised:
        draft_of(FIXTURES / "no-recommendations.txt")
    assert raised.value.message.startswith(
        "no-recommendations.txt: no recommendations section found"
    )


def test_a_section_without_numbered_items_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.md"
    path.write_text("# Report\n\n## Recommendations\n\nNone this time.\n\n## Annex\n")
    with pytest.raises(ExtractionFailed, match=r'^empty\.md: .*"Recommendations", page 1.* no '):
        draft_of(path)


def test_unsupported_files_are_refused_with_their_name(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(ExtractionFailed, match=r"^report\.docx: unsupported file type '\.docx'"):
        load_document(path)
    latin = tmp_path / "latin.txt"
    latin.write_bytes("RECOMMENDATIONS\n\n1. Caf\xe9 owners should vote.\n".encode("latin-1"))
    with pytest.raises(ExtractionFailed, match=r"^latin\.txt: not UTF-8 text"):
        load_document(latin)


# --- the rules, one by one --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["the voter regis-", "tration process"], "the voter registration process"),
        (["long-", "standing concerns"], "long-standing concerns"),  # a known first part
        (["COVID-", "19 measures"], "COVID-19 measures"),  # the hyphen belongs to the word
        (["pre-", "Election Day"], "pre-Election Day"),
        (["избира-", "тельных участках"], "избирательных участках"),
        (["in 2019–", "2020"], "in 2019–2020"),
        (["and/", "or"], "and/or"),
        (["the law -", "and practice"], "the law - and practice"),
        (["one", "", "  two  "], "one two"),
    ],
)
def test_joining_lines(lines: list[str], joined: str) -> None:
    assert join_lines(lines) == joined


def test_the_document_decides_a_hyphen_it_has_seen_before() -> None:
    lexicon = Lexicon.of(["the cross-border vote", "a wellbeing here and there"])
    assert join_lines(["a cross-", "border issue"], lexicon) == "a cross-border issue"
    assert join_lines(["the well-", "being of voters"], lexicon) == "the wellbeing of voters"


def test_a_number_at_the_start_of_a_wrapped_line_does_not_start_an_item(tmp_path: Path) -> None:
    path = tmp_path / "wrapped.txt"
    path.write_text(
        "RECOMMENDATIONS\n\n"
        "1. The deadlines for appeals should be set in Article\n"
        "12. of the Code and should not exceed three days in total.\n\n"
        "2. The number of signatures should be lowered from 5 per cent\n"
        "to 1. Signatures should be verified in public.\n"
    )
    draft = draft_of(path)
    assert [item.number for item in draft.items] == ["1", "2"]
    assert draft.items[0].text.endswith("set in Article 12. of the Code and should not exceed "
                                        "three days in total.")  # fmt: skip


def test_doubtful_splits_are_marked(tmp_path: Path) -> None:
    path = tmp_path / "odd.txt"
    path.write_text(
        "RECOMMENDATIONS\n\n"
        "1. The Central Election Commission should publish all its decisions promptly.\n\n"
        "2. Too short.\n\n"
        "4. The authorities should review the voter register well before the next elections.\n\n"
        "4. The media regulator should act on complaints within three days of their filing.\n\n"
        "5. " + "Polling stations should be accessible to all voters, " * 30 + "in every region.\n"
    )
    draft = draft_of(path)
    doubts = {item.number: item.doubts for item in draft.items if item.doubts}
    assert [item.number for item in draft.doubtful] == ["2", "4", "4", "5"]
    assert doubts["2"] == ("very short (10 characters): is it a whole recommendation?",)
    assert draft.items[2].doubts == ("number 4 is out of sequence (expected 3)",)
    assert draft.items[3].doubts == ("number 4 repeats an earlier item's (numbers must be unique)",)
    assert doubts["5"][0].startswith("very long (")


def test_text_footnote_markers_go_and_numbers_in_the_wording_stay(tmp_path: Path) -> None:
    path = tmp_path / "markers.txt"
    path.write_text(
        "RECOMMENDATIONS\n\n"
        "1. Article 12.3 of the Code should be repealed, as noted in the 2019 report.4 The 15\n"
        "days foreseen for appeals (Article 7)5 should be reduced to 10.\n"
    )
    (item,) = draft_of(path).items
    assert item.text == (
        "Article 12.3 of the Code should be repealed, as noted in the 2019 report. The 15 days "
        "foreseen for appeals (Article 7) should be reduced to 10."
    )


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("RECOMMENDATIONS", Role.MAIN),
        ("XV. RECOMMENDATIONS", Role.MAIN),
        ("Recommendations:", Role.MAIN),
        ("A. PRIORITY RECOMMENDATIONS", Role.PRIORITY),
        ("Key recommendations", Role.PRIORITY),
        ("B. OTHER RECOMMENDATIONS", Role.OTHER),
        ("XII. РЕКОМЕНДАЦИИ", Role.MAIN),
        ("А. ПРИОРИТЕТНЫЕ РЕКОМЕНДАЦИИ", Role.PRIORITY),
        ("Б. ДРУГИЕ РЕКОМЕНДАЦИИ", Role.OTHER),
        ("ANNEX I: FINAL ELECTION RESULTS", Role.END),
        ("ПРИЛОЖЕНИЕ", Role.END),
        ("recommendations.", None),
        ("V. RECOMMENDATIONS ........ 7", None),
        ("The recommendations below", None),
    ],
)
def test_heading_roles(text: str, role: Role | None) -> None:
    assert heading_role(text) is role


def test_the_section_with_most_items_wins_over_a_table_of_contents() -> None:
    lines = [
        Line("RECOMMENDATIONS", 1, gap_before=True),
        Line("ANNEX", 1, gap_before=True),
        Line("RECOMMENDATIONS", 2, gap_before=True),
        Line("1. The Code should be revised well before the next elections.", 2, gap_before=True),
        Line("2. Voter lists should be published for scrutiny by all voters.", 2, gap_before=True),
    ]
    section = find_section(lines, SourceKind.TEXT, None, "x.txt")
    assert section.page == 2
    assert [item.number for item in section.items] == ["1", "2"]


def test_clean_drops_repeated_headers_in_a_text_without_page_breaks(tmp_path: Path) -> None:
    path = tmp_path / "pasted.txt"
    header = "ODIHR Election Observation Mission Final Report"
    path.write_text(
        f"{header}\nIntroduction text.\n\n{header}\nPage 2 of 9\nMore text.\n\n{header}\n"
        "Page 3 of 9\nRECOMMENDATIONS\n"
    )
    texts = [line.text for line in clean(load_document(path))]
    assert texts == ["Introduction text.", "More text.", "RECOMMENDATIONS"]
