"""From a found section to a draft: topics, the checks a reviewer should know about, and the
report's own data. `render_draft` writes it in the rectrack/1 format (seed-format.md).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from tracker import fieldrules
from tracker.countries import parse as parse_country
from tracker.enums import ElectionType, ReportKind
from tracker.errors import InvalidInput
from tracker.extracting.model import FoundItem, FoundSection
from tracker.extracting.topics import TopicSuggester, TopicSuggestion

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
        # The import's own rules (a slug, and short enough for the store and a file name),
        # checked before anything is read or written.
        report_id = fieldrules.report_id(report_id.strip())
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
        observer = fieldrules.OBSERVER.check(" ".join(observer.split()))
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
    # What is wrong with the items' numbers taken together (gaps, repeats, a sudden end).
    numbering: tuple[str, ...] = ()

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
            "numbering": list(self.numbering),
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


def _spans(numbers: Sequence[int]) -> str:
    """1, 2, 3, 5 -> "1-3, 5"."""
    spans: list[str] = []
    ordered = sorted(set(numbers))
    start = 0
    for index in range(1, len(ordered) + 1):
        if index == len(ordered) or ordered[index] != ordered[index - 1] + 1:
            first, last = ordered[start], ordered[index - 1]
            spans.append(str(first) if first == last else f"{first}-{last}")
            start = index
    return ", ".join(spans)


def numbering_checks(
    numbers: Sequence[str], numbered_after: Sequence[tuple[int, int]] = ()
) -> tuple[str, ...]:
    """The items' numbers against the sequence 1..N that a report numbers them in: the numbers
    missing from it, the ones that repeat, and numbers after the last item that carry the
    numbering on (the section ended, or was cut, before its end)."""
    found = [int(number) for number in numbers if number.isdigit()]
    if not found:
        return ()
    checks: list[str] = []
    highest = max(found)
    missing = sorted(set(range(1, highest + 1)) - set(found))
    if missing:
        label = "number" if len(missing) == 1 else "numbers"
        checks.append(
            f"{label} {_spans(missing)} missing from the items numbered 1 to {highest}: "
            "look for them in the report"
        )
    counts = Counter(found)
    repeated = sorted(number for number, count in counts.items() if count > 1)
    if repeated:
        checks.append(
            f"{'number' if len(repeated) == 1 else 'numbers'} {_spans(repeated)} "
            "given to more than one item"
        )
    after = [(number, page) for number, page in numbered_after if number > highest]
    # Only the next number says the numbering goes on: a "7." after items 1-3 is a list of
    # something else.
    if any(number == highest + 1 for number, _page in after):
        shown = ", ".join(f"{number}. (page {page})" for number, page in after[:5])
        more = f" and {len(after) - 5} more" if len(after) > 5 else ""
        checks.append(
            f"the items end at {highest}, but lines numbered {shown}{more} follow in the file: "
            "the section may have been cut short"
        )
    return tuple(checks)


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
        numbering=numbering_checks([item.number for item in section.items], section.numbered_after),
    )
