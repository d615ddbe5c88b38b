"""The draft: report data checked up front, topic suggestions, comments, and YAML that reads back
exactly and imports as it is."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.errors import InvalidInput
from tracker.extracting import ReportMeta, TopicInfo, draft_document, load_document, render_draft
from tracker.extracting.draft import Draft, DraftItem, restatement_cue
from tracker.extracting.rendering import comment
from tracker.extracting.topics import TopicSuggester, TopicSuggestion
from tracker.importing.batch import EMPTY_STORE, check_batch, read_batch
from tracker.schema import seed_dir
from tracker.services.extracting import seed_taxonomy

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "extract"
META = ReportMeta.checked(
    report_id="ex-2022-presidential-odihr-final",
    country="no",
    election_type="presidential",
    election_date="2022-10-09",
)


@pytest.fixture(scope="module")
def seed_topics() -> list[TopicInfo]:
    return list(seed_taxonomy().topics)


def test_report_data_is_checked_as_import_will_check_it() -> None:
    assert META.country == "NO"
    with pytest.raises(InvalidInput, match="not a slug"):
        ReportMeta.checked(
            report_id="KZ 2021", country="KZ", election_type="local", election_date="2021-01-10"
        )
    with pytest.raises(InvalidInput, match="ISO 3166-1"):
        ReportMeta.checked(
            report_id="xx-2021", country="XX", election_type="local", election_date="2021-01-10"
        )
    with pytest.raises(InvalidInput, match="not a date"):
        ReportMeta.checked(
            report_id="kz-2021", country="KZ", election_type="local", election_date="2021-02-30"
        )
    with pytest.raises(InvalidInput, match="election type"):
        ReportMeta.checked(
            report_id="kz-2021", country="KZ", election_type="general", election_date="2021-01-10"
        )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"report_id": "-".join(["kz"] * 150)}, "report id is 449 characters long, over 120"),
        ({"report_id": "kz-" + "a" * 118}, "report id is 121 characters long, over 120"),
        ({"observer": "OSCE " * 30}, "observer is 149 characters long, over 100"),
        ({"observer": "OSCE\x00PA"}, "observer holds a control character (U+0000)"),
        ({"observer": "  "}, "empty observer"),
    ],
)
def test_report_data_follows_the_import_rules_to_the_letter(
    changes: dict[str, str], message: str
) -> None:
    values = {
        "report_id": "kz-2021",
        "country": "KZ",
        "election_type": "local",
        "election_date": "2021-01-10",
        **changes,
    }
    with pytest.raises(InvalidInput) as raised:
        ReportMeta.checked(**values)
    assert raised.value.message.startswith(message)


def test_the_longest_report_id_the_import_takes_is_taken() -> None:
    longest = "kz-" + "a" * 117
    meta = ReportMeta.checked(
        report_id=longest, country="KZ", election_type="local", election_date="2021-01-10"
    )
    assert meta.report_id == longest


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        ("Voter lists should be updated and deceased voters removed.", ["voter-registration"]),
        ("Defamation should be decriminalized.", ["media"]),
        ("Prisoners serving sentences for minor offences should have the right to vote.",
         ["voting-rights"]),
        ("Polling stations should be accessible to wheelchair users.",
         ["persons-with-disabilities", "election-day"]),
        ("Списки избирателей должны быть точными.", ["voter-registration"]),
    ],
)  # fmt: skip
def test_cues_suggest_topics(seed_topics: list[TopicInfo], text: str, topics: list[str]) -> None:
    suggestion = TopicSuggester(seed_topics).suggest(text)
    assert list(suggestion.topics) == topics
    assert not suggestion.fallback


def test_the_heading_an_item_sits_under_counts(seed_topics: list[TopicInfo]) -> None:
    suggester = TopicSuggester(seed_topics)
    text = "Sessions should be announced in advance and open to the public."
    assert suggester.suggest(text, "Election Administration").topics == ("election-administration",)
    assert suggester.suggest(text, "Campaign Finance").topics == ("campaign-finance",)


def test_a_longer_cue_hides_the_shorter_one_inside_it(seed_topics: list[TopicInfo]) -> None:
    text = "Campaign finance reports should be published before election day."
    suggestion = TopicSuggester(seed_topics).suggest(text)
    assert suggestion.topics[0] == "campaign-finance"
    assert "campaign" not in suggestion.topics


def test_something_is_always_suggested(seed_topics: list[TopicInfo]) -> None:
    suggestion = TopicSuggester(seed_topics).suggest("Xyzzy plugh.")
    assert suggestion == TopicSuggestion(topics=("legal-framework",), fallback=True)
    assert "placeholder" in suggestion.explain()
    other = TopicSuggester([TopicInfo("misc", "Miscellaneous")]).suggest("Xyzzy plugh.")
    assert other.topics == ("misc",)


def test_the_suggester_works_with_any_taxonomy() -> None:
    suggester = TopicSuggester(
        [TopicInfo("ballot-design", "Ballot design", "Layout and wording of ballot papers")],
        cues={"ballot-design": ("ballot paper*",), "unknown-topic": ("anything",)},
    )
    suggestion = suggester.suggest("The layout of ballot papers should be simplified.")
    assert suggestion.topics == ("ballot-design",)


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("As previously recommended, the law should be revised.", "As previously recommended"),
        ("ODIHR reiterates its recommendation to review the lists.", "reiterates"),
        ("Prior ODIHR recommendations on media remain to be addressed.",
         "Prior ODIHR recommendations"),
        ("Как рекомендовалось ранее, следует отменить ограничения.", "Как рекомендовалось ранее"),
        ("The law should be revised.", None),
    ],
)  # fmt: skip
def test_restatement_cues(text: str, cue: str | None) -> None:
    assert restatement_cue(text) == cue


def test_comments_say_it_and_name_the_cue() -> None:
    draft = draft_document(load_document(FIXTURES / "report.md"), META, seed_taxonomy().topics)
    text = render_draft(draft)
    assert text.startswith("format: rectrack/1\n# Draft made by `rectrack extract` from report.md")
    assert '# the report says "As recommended in the previous ODIHR report": find the' in text
    assert text.count("# topics suggested, check them:") == 7
    assert "note: Drafted by rectrack extract from report.md; check texts, numbers and topics." in (
        text
    )
    document = yaml.safe_load(text)
    assert document["report"] == {
        "id": "ex-2022-presidential-odihr-final",
        "country": "NO",
        "election": {"type": "presidential", "date": "2022-10-09"},
        "observer": "ODIHR",
        "kind": "final-report",
        "note": "Drafted by rectrack extract from report.md; check texts, numbers and topics.",
    }
    assert list(document["recommendations"][0]) == ["number", "text", "priority", "topics"]
    assert "priority" not in document["recommendations"][3]


def test_doubtful_items_get_a_comment(tmp_path: Path) -> None:
    path = tmp_path / "odd.txt"
    path.write_text(
        "RECOMMENDATIONS\n\n1. The Code should be revised well before the next elections.\n\n"
        "3. Short.\n"
    )
    text = render_draft(draft_document(load_document(path), META, seed_taxonomy().topics))
    assert "  # CHECK the split of item 3: number 3 is out of sequence (expected 2)\n" in text
    assert "  # CHECK the split of item 3: very short (6 characters)" in text


@pytest.mark.parametrize("name", ["report.txt", "report.md", "report-ru.txt"])
def test_a_well_formed_report_drafts_into_a_file_that_imports_as_it_is(
    tmp_path: Path, name: str
) -> None:
    taxonomy = seed_taxonomy()
    draft = draft_document(load_document(FIXTURES / name), META, taxonomy.topics)
    target = tmp_path / "draft.yaml"
    target.write_text(render_draft(draft), encoding="utf-8")
    batch, issues = read_batch([seed_dir() / "topics.yaml", target])
    assert issues == []
    assert check_batch(batch, EMPTY_STORE, prune=False) == []


def _item(text: str) -> DraftItem:
    return DraftItem(
        number="1", text=text, priority=True, topics=TopicSuggestion(("media",)), page=1
    )


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=400))
def test_any_text_reads_back_exactly(text: str) -> None:
    draft = Draft(
        meta=META, source="x: #y.pdf", section_heading="R\n#x", section_page=1,
        items=(_item(text),), warnings=("a\nwarning: #",),
    )  # fmt: skip
    document = yaml.safe_load(render_draft(draft))
    assert document["recommendations"] == [
        {"number": "1", "text": text, "priority": True, "topics": ["media"]}
    ]


def test_comments_stay_comments() -> None:
    assert comment("one\ntwo\x85 three\u2028four", 2) == ["  # one two three four"]
    assert comment("", 0) == ["#"]


@pytest.mark.parametrize(
    ("numbers", "after", "checks"),
    [
        (["1", "2", "3"], [], ()),
        (["1", "2", "3"], [(2, 5), (7, 6)], ()),  # numbers it has, or not above the last: no end
        (["2", "3"], [], ("number 1 missing from the items numbered 1 to 3: look for them in the "
                          "report",)),
        (["1", "2", "5", "6", "9"], [], ("numbers 3-4, 7-8 missing from the items numbered 1 to "
                                         "9: look for them in the report",)),
        (["1", "2", "2", "3"], [], ("number 2 given to more than one item",)),
        (["1", "2"], [(3, 4)], ("the items end at 2, but lines numbered 3. (page 4) follow in the "
                                "file: the section may have been cut short",)),
        (["A", "B"], [], ()),
    ],
)  # fmt: skip
def test_numbering_checks(
    numbers: list[str], after: list[tuple[int, int]], checks: tuple[str, ...]
) -> None:
    from tracker.extracting.draft import numbering_checks

    assert numbering_checks(numbers, after) == checks
