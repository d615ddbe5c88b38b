"""From a found section to a draft: topics, the checks a reviewer should know about, and the
report's own data. `render_draft` writes it in the rectrack/1 format (seed-format.md).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from tracker.countries import parse as parse_country
from tracker.enums import ElectionType, ReportKind
from tracker.errors import InvalidInput
from tracker.extracting.model import FoundItem, FoundSection
from tracker.extracting.topics import TopicSuggester, TopicSuggestion

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# An item shorter than this (characters or words) or longer than this looks mis-split.
SHORT_CHARS = 40
SHORT_WORDS = 6
LONG_CHARS = 1500

# Wording by which a report says that it repeats an earlier recommendation.
RESTATEMENT_CUES: tuple[str, ...] = (
    r"(?:as|was|were|has been|have been|had been)?\s*previously recommended",
    r"as (?:was )?recommended (?:previously|before|earlier)",
    r"as (?:was )?recommended in (?:the |its )?(?:previous|prior|past|earlier)\b[^.,;]*",
    r"reiterat\w*",
    r"(?:previous|prior|earlier|past) (?:ODIHR |OSCE/ODIHR )?recommendations?",
    r"long-standing recommendations?",
    r"remains? to be addressed",
    r"recommended (?:again|once more)",
    r"ранее рекомендова\w*",
    r"как (?:и )?(?:ранее )?рекомендовалось(?: ранее)?",
    r"предыдущ\w* рекомендаци\w*",
    r"повторно рекоменду\w*",
    r"вновь рекоменду\w*",
)  # fmt: skip
_RESTATEMENT = re.compile("|".join(f"(?:{cue})" for cue in RESTATEMENT_CUES), re.IGNORECASE)


@dataclass(frozen=True)
class ReportMeta:
    """What the reviewer says about the report on the command line."""

    report_id: str
    country: str
    election_type: str
    election_date: str
    observer: str = "ODIHR"
    kind: str = "final-report"

    @classmethod
    def checked(
        cls,
        *,
        report_id: str,
        country: str,
        election_type: str,
        election_date: str,
        observer: str = "ODIHR",
        kind: str = "final-report",
    ) -> ReportMeta:
        """The values, checked as `rectrack import` will check them, so that the draft imports."""
        report_id = report_id.strip()
        if not SLUG.match(report_id):
            raise InvalidInput(
                f"report id {report_id!r} is not a slug (lower-case letters, digits and single "
                "hyphens, e.g. kz-2021-parliamentary-odihr-final)"
            )
        code = parse_country(country)
        if election_type not in ElectionType.values():
            raise InvalidInput(
                f"election type {election_type!r}: expected one of "
                + ", ".join(ElectionType.values())
            )
        try:
            day = date.fromisoformat(election_date.strip())
        except ValueError:
            raise InvalidInput(
                f"election date {election_date!r} is not a date (YYYY-MM-DD)"
            ) from None
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", election_date.strip()):
            raise InvalidInput(f"election date {election_date!r}: write it as YYYY-MM-DD")
        if kind not in ReportKind.values():
            raise InvalidInput(
                f"report kind {kind!r}: expected one of " + ", ".join(ReportKind.values())
            )
        observer = " ".join(observer.split())
        if not observer:
            raise InvalidInput("the observer must not be empty")
        return cls(report_id, code, election_type, day.isoformat(), observer, kind)


@dataclass(frozen=True)
class DraftItem:
    number: str
    text: str
    priority: bool
    topics: TopicSuggestion
    page: int
    heading: str | None = None
    doubts: tuple[str, ...] = ()
    restatement: str | None = None


@dataclass(frozen=True)
class Draft:
    meta: ReportMeta
    source: str
    section_heading: str
    section_page: int
    items: tuple[DraftItem, ...]
    warnings: tuple[str, ...] = ()

    @property
    def priority_count(self) -> int:
        return sum(item.priority for item in self.items)

    @property
    def doubtful(self) -> tuple[DraftItem, ...]:
        return tuple(item for item in self.items if item.doubts)

    @property
    def restating(self) -> tuple[DraftItem, ...]:
        return tuple(item for item in self.items if item.restatement)

    @property
    def note(self) -> str:
        return f"Drafted by rectrack extract from {self.source}; check texts, numbers and topics."

    def summary(self) -> dict[str, object]:
        return {
            "source": self.source,
            "report": self.meta.report_id,
            "section": self.section_heading,
            "section_page": self.section_page,
            "items": len(self.items),
            "priority": self.priority_count,
            "doubtful": [item.number for item in self.doubtful],
            "restating": [item.number for item in self.restating],
            "warnings": list(self.warnings),
        }


def restatement_cue(text: str) -> str | None:
    """The words by which the item says it repeats an earlier recommendation, if any."""
    match = _RESTATEMENT.search(text)
    return " ".join(match.group(0).split()) if match else None


def doubts(items: Sequence[FoundItem]) -> list[tuple[str, ...]]:
    """For each item, what makes its split look doubtful."""
    result: list[tuple[str, ...]] = []
    seen: set[str] = set()
    previous: int | None = None
    for item in items:
        found: list[str] = []
        number = int(item.number) if item.number.isdigit() else None
        if item.number in seen:
            found.append(f"number {item.number} repeats an earlier item's (numbers must be unique)")
        elif number is not None:
            expected = 1 if previous is None else previous + 1
            if number != expected:
                found.append(f"number {number} is out of sequence (expected {expected})")
        seen.add(item.number)
        if number is not None:
            previous = number
        text = item.text
        if not text:
            found.append("no text: the split found a number only")
        elif len(text) < SHORT_CHARS or len(text.split()) < SHORT_WORDS:
            found.append(f"very short ({len(text)} characters): is it a whole recommendation?")
        elif len(text) > LONG_CHARS:
            found.append(
                f"very long ({len(text)} characters): it may hold more than one item, "
                "or text that follows the section"
            )
        if text and not re.search(r"[.!?…;:][)\"'”»’]*$|[)\"”»’]$", text):
            found.append("does not end a sentence: the split may have cut it short")
        result.append(tuple(found))
    return result


def build_draft(
    section: FoundSection,
    meta: ReportMeta,
    suggester: TopicSuggester,
    *,
    source: str,
    warnings: Sequence[str] = (),
) -> Draft:
    items = tuple(
        DraftItem(
            number=item.number,
            text=item.text,
            priority=item.priority,
            topics=suggester.suggest(item.text, item.heading),
            page=item.page,
            heading=item.heading,
            doubts=found,
            restatement=restatement_cue(item.text),
        )
        for item, found in zip(section.items, doubts(section.items), strict=True)
    )
    return Draft(
        meta=meta,
        source=source,
        section_heading=section.heading,
        section_page=section.page,
        items=items,
        warnings=tuple(warnings),
    )
