"""`rectrack extract` on PDFs laid out like final reports (made by reportlab in the test)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.unit.extract_support import (
    DEJAVU,
    DEJAVU_BOLD,
    HEADER,
    RECOMMENDATIONS,
    RU_RECOMMENDATIONS,
    Heading,
    Item,
    Layout,
    NewPage,
    Paragraph,
    expected_text,
    write_english_report,
    write_report,
    write_russian_report,
    write_scanned,
)
from tracker.errors import ExtractionFailed
from tracker.extracting import ReportMeta, TopicInfo, draft_document, load_document, render_draft
from tracker.extracting.cleaning import clean
from tracker.extracting.draft import Draft

META = ReportMeta.checked(
    report_id="tl-2023-parliamentary-odihr-final",
    country="DE",
    election_type="parliamentary",
    election_date="2023-03-12",
)
TOPICS = [
    TopicInfo("legal-framework", "Legal framework", "The electoral law as a whole."),
    TopicInfo("voter-registration", "Voter registration", "Voter lists and their accuracy."),
    TopicInfo("media", "Media", "Media freedom, coverage, defamation, the media regulator."),
    TopicInfo("election-day", "Election day", "Voting, counting and tabulation."),
]


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Layout]:
    path = tmp_path_factory.mktemp("pdf") / "testland-2023-final.pdf"
    return path, write_english_report(path)


@pytest.fixture(scope="module")
def english_draft(english: tuple[Path, Layout]) -> Draft:
    return draft_document(load_document(english[0]), META, TOPICS)


def test_the_fixture_is_laid_out_like_a_final_report(english: tuple[Path, Layout]) -> None:
    """What the other tests rely on: the section breaks across pages, items run across page
    breaks, words are hyphenated at line ends, compounds break at their hyphen."""
    _path, layout = english
    assert layout.pages >= 6
    pages_of_section = {page for pages in layout.item_pages.values() for page in pages}
    assert len(pages_of_section) >= 3
    assert any(len(set(pages)) > 1 for pages in layout.item_pages.values())
    assert {"ambi-", "commit-", "indepen-", "Commis-", "long-"} <= set(layout.hyphenated)


def test_items_come_out_with_their_numbers_priority_and_exact_texts(english_draft: Draft) -> None:
    got = [(item.number, item.priority, item.text) for item in english_draft.items]
    want = [
        (number, priority, expected_text(text)) for number, text, priority, _ in RECOMMENDATIONS
    ]
    assert got == want
    assert english_draft.priority_count == 8
    assert english_draft.section_heading == "V. RECOMMENDATIONS"
    assert english_draft.doubtful == ()


def test_items_keep_the_heading_they_sit_under(english_draft: Draft) -> None:
    assert [item.heading for item in english_draft.items] == [h for *_, h in RECOMMENDATIONS]


def test_layout_is_undone_and_nothing_else_is_touched(english_draft: Draft) -> None:
    texts = {item.number: item.text for item in english_draft.items}
    # Words hyphenated by the layout are whole again; a compound keeps its hyphen.
    assert "ambiguities" in texts["1"] and "commitments" in texts["1"]
    assert "independent candidates" in texts["2"]
    assert "long-standing gaps" in texts["9"]
    # Footnote markers and notes are gone, the sentence they were attached to is not.
    assert texts["3"].endswith("observers, candidates and the media.")
    assert texts["16"].endswith("interim financial reports before election day.")
    # "12." at the start of a line inside item 20 did not start an item.
    assert "within the deadlines set in Article 12. Decisions should be" in texts["20"]


def test_running_headers_page_numbers_and_footnotes_are_dropped(
    english: tuple[Path, Layout],
) -> None:
    lines = [line.text for line in clean(load_document(english[0]))]
    joined = "\n".join(lines)
    for header in HEADER:
        assert header not in lines
    assert "Page:" not in joined
    assert "Istanbul Document" not in joined  # a footnote inside the section
    assert "The CEC held 14 sessions" not in joined


def test_the_draft_parses_back_to_the_same_items(english_draft: Draft) -> None:
    document = yaml.safe_load(render_draft(english_draft))
    assert document["format"] == "rectrack/1"
    assert document["report"]["id"] == "tl-2023-parliamentary-odihr-final"
    assert [r["number"] for r in document["recommendations"]] == [str(n) for n in range(1, 26)]
    assert [r.get("priority", False) for r in document["recommendations"]] == [True] * 8 + [
        False
    ] * 17
    assert [r["text"] for r in document["recommendations"]] == [
        expected_text(text) for _, text, _, _ in RECOMMENDATIONS
    ]
    assert all(r["topics"] for r in document["recommendations"])


def test_a_scanned_pdf_says_it_has_no_text_layer(tmp_path: Path) -> None:
    path = tmp_path / "scanned.pdf"
    write_scanned(path)
    with pytest.raises(ExtractionFailed, match=r"^scanned\.pdf: the PDF has no text layer"):
        load_document(path)


def test_a_damaged_pdf_is_named(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\nthis is not really a PDF\n")
    with pytest.raises(ExtractionFailed, match=r"^broken\.pdf: not a readable PDF"):
        load_document(path)


def test_a_pdf_without_a_recommendations_section_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "statement.pdf"
    write_report(
        path,
        [
            NewPage(),
            Heading("PRELIMINARY CONCLUSIONS"),
            Paragraph(
                "The elections were competitive. Recommendations follow in the final report."
            ),
            Item("1", "The mission observed voting in 120 polling stations across the country."),
        ],
    )
    with pytest.raises(
        ExtractionFailed, match=r"^statement\.pdf: no recommendations section found"
    ):
        draft_document(load_document(path), META, TOPICS)


@pytest.mark.skipif(
    not (DEJAVU.exists() and DEJAVU_BOLD.exists()),
    reason="the DejaVu fonts (Debian fonts-dejavu-core) set the Cyrillic test PDF",
)
def test_a_russian_report_comes_out_whole(tmp_path: Path) -> None:
    path = tmp_path / "ru.pdf"
    layout = write_russian_report(path)
    assert {"консуль-", "избира-"} <= set(layout.hyphenated)
    assert any(len(set(pages)) > 1 for pages in layout.item_pages.values())
    draft = draft_document(load_document(path), META, TOPICS)
    got = [(item.number, item.priority, item.text) for item in draft.items]
    want = [
        (number, priority, expected_text(text)) for number, text, priority, _ in RU_RECOMMENDATIONS
    ]
    assert got == want
    assert draft.section_heading == "XII. РЕКОМЕНДАЦИИ"
    assert [item.heading for item in draft.items] == [h for *_, h in RU_RECOMMENDATIONS]
    assert draft.items[1].restatement == "Как рекомендовалось ранее"
