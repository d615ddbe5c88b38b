"""Normalisation: framing, list markers, case and punctuation, synonyms; Unicode throughout."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.matching.blocking import MatchRecord
from tracker.matching.config import default_config
from tracker.matching.engine import run_matching
from tracker.matching.normalise import Normaliser, detect_language


@pytest.fixture(scope="module")
def normaliser() -> Normaliser:
    return Normaliser.from_config(default_config())


ASK = "Voter lists should be published for public scrutiny."


@pytest.mark.parametrize(
    "wrapped",
    [
        "The report recommends that voter lists should be published for public scrutiny.",
        "Consideration should be given to publishing the voter lists for public scrutiny.",
        "Key recommendations include: voter lists should be published for public scrutiny.",
        "It is recommended to publish voter lists for public scrutiny.",
        "  3.2  Voter lists should be published for public scrutiny.",
        "• VOTER LISTS should be published — for public scrutiny!",
        "(b) As previously recommended, voter lists should be published for public scrutiny, "
        "in line with OSCE commitments and international standards.",
        "Long-standing recommendations remain to be addressed: voter lists should be published "
        "for public scrutiny well in advance of the next elections.",
        "The ODIHR reiterates its previous recommendation that voter lists be published for "
        "public scrutiny. See paragraph 7.8 of the 1990 OSCE Copenhagen Document.",
    ],
)
def test_framing_numbering_case_and_punctuation_fall_away(
    normaliser: Normaliser, wrapped: str
) -> None:
    # Word order is free in a restatement; the stems are what must agree.
    assert sorted(normaliser.normalise(wrapped).tokens) == sorted(normaliser.normalise(ASK).tokens)


def test_the_ask_itself_survives(normaliser: Normaliser) -> None:
    tokens = normaliser.normalise(
        "The authorities should consider lifting undue restrictions on the right to stand."
    ).tokens
    assert {"lift", "undu", "restrict", "right", "stand"} <= set(tokens)


def test_synonym_phrases_become_one_concept(normaliser: Normaliser) -> None:
    roll = normaliser.normalise("The electoral roll should be audited.").tokens
    lists = normaliser.normalise("The voters' lists should be audited.").tokens
    register = normaliser.normalise("The register of voters should be audited.").tokens
    assert roll == lists == register
    assert normaliser.normalise("Candidate lists should be audited.").tokens != roll


def test_cyrillic_text_is_stemmed_and_unframed(normaliser: Normaliser) -> None:
    first = normaliser.normalise(
        "а) Рекомендуется отменить чрезмерные ограничения на проведение мирных собраний."
    )
    second = normaliser.normalise(
        "Как было рекомендовано ранее, следует устранить необоснованные ограничения "
        "проведения собраний."
    )
    assert first.language == second.language == "russian"
    assert "рекомендует" not in first.bare and "рекомендовано" not in second.bare
    assert not first.bare.startswith("а")
    assert {"отмен", "чрезмерн", "ограничен", "собран"} <= set(first.tokens)
    assert {"отмен", "чрезмерн", "ограничен", "собран"} <= set(second.tokens)
    # Nothing of the Cyrillic text is lost to an ASCII-only pattern.
    assert all(token.isalpha() for token in first.tokens)


def test_language_detection_by_script_and_function_words() -> None:
    assert detect_language(["избирательные", "комиссии"]) == "russian"
    assert detect_language(["the", "commissions", "of", "the", "state"]) == "english"
    assert detect_language(["les", "commissions", "de", "la", "république"]) == "french"
    assert detect_language(["ψηφοφόροι"]) == "greek"


def _record(rec_id: int, key: str, text: str, year: int, topics: tuple[str, ...]) -> MatchRecord:
    return MatchRecord(
        id=rec_id,
        key=key,
        country="BY",
        election_date=dt.date(year, 9, 1),
        report_id=key.split("#")[0],
        text=text,
        topics=frozenset(topics),
    )


def test_cyrillic_restatements_are_matched() -> None:
    earlier = [
        _record(
            1,
            "by-2015#1",
            "Рекомендуется изменить порядок формирования избирательных "
            "комиссий, чтобы обеспечить представительство в них оппозиционных партий.",
            2015,
            ("election-administration",),
        ),
        _record(
            2,
            "by-2015#2",
            "Следует отменить пятидневное досрочное голосование или "
            "обеспечить сохранность бюллетеней.",
            2015,
            ("election-day",),
        ),
        _record(
            3,
            "by-2015#3",
            "Необходимо обеспечить гласность подсчёта голосов: каждый бюллетень должен оглашаться.",
            2015,
            ("election-day", "results"),
        ),
        _record(
            4,
            "by-2015#4",
            "Государственные СМИ должны предоставлять всем кандидатам равный доступ к эфиру.",
            2015,
            ("media",),
        ),
    ]
    later = [
        _record(
            11,
            "by-2019#1",
            "БДИПЧ вновь рекомендует пересмотреть порядок формирования "
            "избирательных комиссий с участием представителей оппозиционных партий.",
            2019,
            ("election-administration",),
        ),
        _record(
            12,
            "by-2019#2",
            "Досрочное голосование следует отменить либо ограничить одним "
            "днём и обеспечить надёжное хранение бюллетеней.",
            2019,
            ("election-day",),
        ),
        _record(
            13,
            "by-2019#3",
            "Ключевые рекомендации остаются невыполненными: подсчёт "
            "голосов должен быть гласным, с оглашением каждого бюллетеня.",
            2019,
            ("election-day", "results"),
        ),
    ]
    run = run_matching(later, earlier + later, default_config())
    best = {items[0].source.key: items[0].target.key for items in run.by_source().values()}
    assert best == {
        "by-2019#1": "by-2015#1",
        "by-2019#2": "by-2015#2",
        "by-2019#3": "by-2015#3",
    }
