"""Finding the recommendations section among a document's body lines and splitting it into its
numbered items.

A section starts at a heading such as "RECOMMENDATIONS" ("XV. RECOMMENDATIONS",
"## Recommendations", "РЕКОМЕНДАЦИИ"), or directly at one of its parts ("PRIORITY
RECOMMENDATIONS", "OTHER RECOMMENDATIONS"). It ends at an annex or "About ODIHR" heading, at a
heading of the same rank as the one it started at (unless the numbering carries on after it), or
at the end of the document. Where several headings qualify (a table of contents, a summary), the
one whose section holds the most numbered items wins.

An item starts at a line that begins with a number ("12.", "12)", "(12)"). A number that does
not follow the previous one starts an item only where the layout says so too (a paragraph break,
or the previous line ends a sentence), so that "... adopted in May / 2020. The law ..." stays one
item.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum

from tracker.errors import ExtractionFailed
from tracker.extracting.cleaning import Lexicon, join_lines
from tracker.extracting.model import FoundItem, FoundSection, Line, SourceKind


class Role(Enum):
    MAIN = "main"
    PRIORITY = "priority"
    OTHER = "other"
    END = "end"


# Heading texts, compared after the enumerator ("XV.", "A.") and a final colon are taken off and
# the case is folded. One table so that another observer's wording is one line to add.
HEADING_PATTERNS: dict[Role, tuple[str, ...]] = {
    Role.MAIN: (
        r"(?:(?:summary|list|table|overview) of (?:the )?)?recommendations",
        r"(?:conclusions and|findings and) recommendations",
        r"(?:(?:перечень|список|сводка) )?рекомендаци[ий]",
        r"выводы и рекомендации",
        r"recommandations",
        r"empfehlungen",
        r"recomendaciones",
    ),
    Role.PRIORITY: (
        r"(?:priority|key|main|principal|core|primary) recommendations",
        r"(?:приоритетные|основные|ключевые|первоочередные|главные) рекомендации",
        r"recommandations (?:prioritaires|principales|clés)",
        r"recomendaciones prioritarias",
    ),
    Role.OTHER: (
        r"(?:other|additional|further|secondary|remaining|specific|detailed) recommendations",
        r"(?:другие|прочие|дополнительные|остальные|иные|прочие) рекомендации",
        r"(?:autres recommandations|recommandations (?:supplémentaires|additionnelles))",
        r"otras recomendaciones",
    ),
    Role.END: (
        r"(?:annex|annexe|appendix|attachment|anhang|anexo|приложение)\b.*",
        r"about (?:the )?(?:osce|odihr|osce/odihr|office for democratic|mission)\b.*",
        r"о (?:бдипч|миссии|обсе)\b.*",
        r"(?:list of )?(?:abbreviations|acronyms)",
    ),
}
_COMPILED = {
    role: re.compile("|".join(f"(?:{p})" for p in patterns))
    for role, patterns in HEADING_PATTERNS.items()
}
_ENUMERATOR = re.compile(
    r"^(?:(?:chapter|section|part|глава|раздел|часть)\s+)?"
    r"(?:[IVXLC]+|[^\W\d_]|\d{1,2}(?:\.\d{1,2})*)[.):]\s+",
    re.IGNORECASE,
)
_ROMAN_BARE = re.compile(r"^[IVXLC]+\s+(?=\S)")
ITEM_START = re.compile(r"^(?:\((\d{1,3})\)|(\d{1,3})[.)])(?=\s|$)\s*")
_SENTENCE_END = re.compile(r"[.;:!?…][)\"'”»’]*$|[)\"”»’]$")
# A heading is short: at most this many words.
HEADING_MAX_WORDS = 15
# A PDF line set this many times the body size or larger is a heading.
HEADING_SIZE_SHARE = 1.12


def heading_role(text: str) -> Role | None:
    """What a heading's text says it is, if it is one of the section's headings."""
    key = _ENUMERATOR.sub("", text.strip(), count=1)
    key = _ROMAN_BARE.sub("", key, count=1)
    key = re.sub(r"\s+", " ", key).strip().rstrip(":").strip().casefold()
    for role, pattern in _COMPILED.items():
        if pattern.fullmatch(key):
            return role
    return None


def is_caps(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    return len(letters) >= 3 and all(char.isupper() for char in letters)


@dataclass
class _Open:
    number: str
    page: int
    priority: bool
    heading: str | None
    texts: list[str] = field(default_factory=list)


class SectionFinder:
    """Reads the body lines of one document."""

    def __init__(
        self, lines: Sequence[Line], kind: SourceKind, body_size: float | None, name: str
    ) -> None:
        self.lines = list(lines)
        self.kind = kind
        self.body_size = body_size
        self.name = name
        self.lexicon = Lexicon.of(line.text for line in self.lines)
        self._headings: dict[int, bool] = {}
        for index in range(len(self.lines)):  # in order: each line looks at the one before
            self.is_heading(index)

    # --- headings -----------------------------------------------------------------------------

    def is_heading(self, index: int) -> bool:
        """Whether the line at `index` is set or placed as a heading."""
        if index not in self._headings:
            self._headings[index] = self._is_heading(index)
        return self._headings[index]

    def _is_heading(self, index: int) -> bool:
        line = self.lines[index]
        if line.heading_level is not None:
            return True
        if line.words > HEADING_MAX_WORDS or ITEM_START.match(line.text):
            return False
        if line.text.endswith((",", ";")):
            return False
        if self.kind is SourceKind.PDF:
            big = (
                line.size is not None
                and self.body_size is not None
                and line.size >= self.body_size * HEADING_SIZE_SHARE
            )
            return line.bold or big
        if line.bold:
            return True
        standalone = (line.gap_before or index == 0) and self._gap_after(index)
        if not standalone:
            return False
        previous = self.lines[index - 1].text if index > 0 else ""
        ends_open = bool(previous) and not _SENTENCE_END.search(previous)
        if ends_open and not self._heading_before(index):
            return False
        return is_caps(line.text) or not _SENTENCE_END.search(line.text)

    def _heading_before(self, index: int) -> bool:
        if index == 0:
            return False
        previous = self.lines[index - 1]
        return heading_role(previous.text) is not None or self.is_heading(index - 1)

    def _gap_after(self, index: int) -> bool:
        if index + 1 >= len(self.lines):
            return True
        following = self.lines[index + 1]
        return following.gap_before or ITEM_START.match(following.text) is not None

    def role(self, index: int) -> Role | None:
        """The section heading this line is, if it is one."""
        line = self.lines[index]
        role = heading_role(line.text)
        if role is None:
            return None
        if self.is_heading(index) or is_caps(line.text):
            return role
        if role is not Role.END and (line.gap_before or index == 0):
            return role
        return None

    def _outranks(self, index: int, start: int) -> bool:
        """Whether a heading at `index` is of the rank of the section's own heading or higher."""
        line, opening = self.lines[index], self.lines[start]
        if line.heading_level is not None or opening.heading_level is not None:
            return (
                line.heading_level is not None
                and opening.heading_level is not None
                and line.heading_level <= opening.heading_level
            )
        if is_caps(opening.text) and not is_caps(line.text):
            return False
        if self.kind is SourceKind.PDF:
            if line.size is None or opening.size is None:
                return False
            return line.size >= opening.size - 0.25
        return is_caps(line.text)

    # --- the section --------------------------------------------------------------------------

    def find(self) -> FoundSection:
        candidates = [i for i in range(len(self.lines)) if self.role(i) in _STARTS]
        if not candidates:
            raise ExtractionFailed(
                f"{self.name}: no recommendations section found (looked for a heading such as "
                '"RECOMMENDATIONS", "PRIORITY RECOMMENDATIONS" or "РЕКОМЕНДАЦИИ")'
            )
        best: FoundSection | None = None
        for start in candidates:
            section = self.read(start)
            if best is None or len(section.items) > len(best.items):
                best = section
        assert best is not None
        if not best.items:
            raise ExtractionFailed(
                f'{self.name}: the recommendations section ("{best.heading}", page {best.page}) '
                "holds no numbered items"
            )
        return best

    def read(self, start: int) -> FoundSection:
        """The section that starts at the heading at `start`, with its items."""
        opening = self.lines[start]
        priority = self.role(start) is Role.PRIORITY
        items: list[FoundItem] = []
        headings: list[str] = []
        current: _Open | None = None
        subject: str | None = None
        last_number: int | None = None

        def close() -> None:
            nonlocal current
            if current is not None:
                items.append(
                    FoundItem(
                        number=current.number,
                        text=join_lines(current.texts, self.lexicon),
                        priority=current.priority,
                        page=current.page,
                        heading=current.heading,
                        lines=len(current.texts),
                    )
                )
            current = None

        for index in range(start + 1, len(self.lines)):
            line = self.lines[index]
            role = self.role(index)
            if role is Role.MAIN and (items or current):
                break
            if role in (Role.MAIN, Role.PRIORITY, Role.OTHER):
                close()
                priority = role is Role.PRIORITY
                subject = None
                continue
            if role is Role.END:
                break
            match = ITEM_START.match(line.text)
            if match and self._starts_item(index, match, current, last_number):
                close()
                number = match.group(1) or match.group(2)
                last_number = int(number)
                current = _Open(number, line.page, priority, subject)
                rest = line.text[match.end() :]
                if rest:
                    current.texts.append(rest)
                continue
            if self.is_heading(index):
                if self._outranks(index, start) and not self._numbering_goes_on(index, last_number):
                    break
                close()
                subject = line.text
                headings.append(line.text)
                continue
            if current is not None:
                current.texts.append(line.text)
        close()
        return FoundSection(
            heading=opening.text, page=opening.page, items=tuple(items), headings=tuple(headings)
        )

    def _starts_item(
        self, index: int, match: re.Match[str], current: _Open | None, last: int | None
    ) -> bool:
        number = int(match.group(1) or match.group(2))
        if number == 0:
            return False
        if last is None or number == last + 1:
            return True
        line = self.lines[index]
        if line.gap_before:
            return True
        if current is None or not current.texts:
            return True
        return _SENTENCE_END.search(current.texts[-1]) is not None

    def _numbering_goes_on(self, index: int, last: int | None) -> bool:
        """Whether the next numbered line after `index` carries on the numbering."""
        if last is None:
            return False
        for line in self.lines[index + 1 :]:
            match = ITEM_START.match(line.text)
            if match:
                return int(match.group(1) or match.group(2)) == last + 1
            if heading_role(line.text) is Role.END:
                return False
        return False


_STARTS = (Role.MAIN, Role.PRIORITY, Role.OTHER)


def numbered_after(lines: Sequence[Line], section: FoundSection) -> tuple[tuple[int, int], ...]:
    """The lines after the section's last item, up to an annex or "About" heading, that start
    with a number the section lacks and that is above its last: (number, page).

    `lines` are the file's lines as loaded, before cleaning, so that an item that cleaning or
    the section's end took away is still seen."""
    last = section.items[-1] if section.items else None
    if last is None or not last.number.isdigit():
        return ()
    words = last.text.split()[:3]
    start: int | None = None
    for index, line in enumerate(lines):
        match = ITEM_START.match(line.text)
        if (
            match
            and (match.group(1) or match.group(2)) == last.number
            and line.page == last.page
            and line.text[match.end() :].split()[: len(words)] == words
        ):
            start = index + 1
    if start is None:
        return ()
    have = {item.number for item in section.items}
    found: dict[int, int] = {}
    for line in lines[start:]:
        if heading_role(line.text) is Role.END:
            break
        match = ITEM_START.match(line.text)
        if match is None or not line.text[match.end() :].strip():
            continue
        number = int(match.group(1) or match.group(2))
        if number > int(last.number) and str(number) not in have:
            found.setdefault(number, line.page)
    return tuple(sorted(found.items()))


def find_section(
    lines: Sequence[Line], kind: SourceKind, body_size: float | None, name: str
) -> FoundSection:
    """The recommendations section of the document's body lines; `ExtractionFailed` if none."""
    return SectionFinder(lines, kind, body_size, name).find()
