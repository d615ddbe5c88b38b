"""Page furniture in a text or Markdown file: page numbers, running headers and footers, and
footnote blocks, found wherever they fall.

A text copied out of a PDF may keep its page breaks (form feeds) or lose them. Where it loses
them, the furniture of a page break sits in the middle of the running text, often inside a
recommendation, and nothing marks where the page ended. So each piece is found by what it is,
not by where it sits:

- a page number on a line of its own ("Page 27", "Page: 27 of 40", "- 27 -", "27"), or at the
  end of a header line ("Republic of Examplia   Page: 27");
- a report's running title ("OSCE/ODIHR Election Observation Mission Final Report",
  "Parliamentary Elections, 12 March 2023"): RUNNING_TITLES, one table to extend;
- a short line that recurs (digits aside, so that a page number inside it may vary) next to
  two or more page breaks;
- a footnote block: a rule (`______`) and the numbered notes under it, each perhaps several
  lines long, up to the next page's furniture; or a run of notes numbered in sequence that
  ends at a page break.

Where the form feeds are kept, a page's end is known: what follows a rule runs to it.
Markdown headings (`#`) are the author's structure and never furniture.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from tracker.extracting.model import Line, Page

# Lines either side of a page break where its header, footer and page number sit.
NEAR = 3
# A running header or title is short: at most this many words.
MAX_WORDS = 12

_PAGE_WORD = r"(?:page|pg\.|p\.|стр\.?|страница|seite|página|pagina)"
_OF_TOTAL = r"(?:\s*(?:of|/|из|von|de|sur)\s*\d{1,4})?"
PAGE_NUMBER = re.compile(
    rf"^(?:{_PAGE_WORD}\s*[:.]?\s*)?[-–—]?\s*\d{{1,4}}\s*[-–—]?{_OF_TOTAL}$", re.IGNORECASE
)
# "Republic of Examplia Page: 27", "Page 27 of 40 ODIHR ... Final Report". The word must be
# capitalised as a header has it, so that "... on page 27" in a sentence stays.
_PAGED_HEADER = re.compile(
    rf"^(?P<before>\S.{{1,100}}?)\s+(?:Page|PAGE|Pg\.|Стр\.?|Страница|Seite|Página|Pagina)"
    rf"\s*[:.]?\s*\d{{1,4}}{_OF_TOTAL}$"
    rf"|^(?:Page|PAGE|Стр\.?|Страница|Seite|Página|Pagina)\s*[:.]?\s*\d{{1,4}}{_OF_TOTAL}"
    rf"\s+(?P<after>\S.{{1,100}})$"
)
_OPEN_END = re.compile(r"(?:[,;:(\[-]|\b(?:see|on|at|in|of|to|and|the))$", re.IGNORECASE)

_DATE = (
    r"\d{1,2}(?:\s*(?:and|и|&|[-–])\s*\d{1,2})?\s+[^\W\d_]+"
    r"(?:\s*(?:and|и|&|[-–])\s*\d{1,2}\s+[^\W\d_]+)?\s+\d{4}(?:\s*(?:г\.|года))?"
)
# Compared with the line case-folded, spaces collapsed, in full. The patterns end where a
# header ends (on "report", on a date) so that a sentence running on is never one.
RUNNING_TITLES: tuple[str, ...] = (
    # "ODIHR Election Observation Mission Final Report", "OSCE/ODIHR Limited Election
    # Observation Mission Final Report", "ODIHR Needs Assessment Mission Report"
    r"(?:osce/)?(?:odihr|osce|osce pa|eu|european union|pace)\b[^.;:]{0,60}"
    r"\b(?:mission|team|delegation|eom|leom|seam|eam|nam)\b[^.;:]{0,30}\breport",
    # "Окончательный отчет Миссии БДИПЧ по наблюдению за выборами"
    r"(?:окончательный|промежуточный|итоговый) отч[её]т\b[^.;:]{0,60}"
    r"\b(?:бдипч|обсе)\b[^.;:]{0,60}",
    # "[Republic of Examplia,] Parliamentary Elections, 12 March 2023"
    rf"(?:[^\W\d_][^,.;:]{{0,60}},\s*)?[^\W\d_][^,.;:]{{0,40}}"
    rf"\b(?:elections?|by-elections?|referendum|выборы|референдум)\b,?\s+{_DATE}",
)
_RUNNING_TITLE = re.compile("|".join(f"(?:{pattern})" for pattern in RUNNING_TITLES))

RULE = re.compile(r"^[_\-—–=*]{5,}$")
# A note: its number, then its text ("41 In paragraph 25 ..."), or its number alone on a line
# with the text below it.
_NOTE = re.compile(r"^(\d{1,3})(?:\s+(?=\S)|$)")
# A note that starts a run without a rule above it must look like one: a capital after it.
_NOTE_LIKE = re.compile(r"^(\d{1,3})\s+[A-ZА-ЯЁ\"“«(]")
_DIGITS = re.compile(r"\d+")


def page_key(text: str) -> str:
    """A line as a running header recurs: digits masked (the page number in it varies)."""
    return " ".join(_DIGITS.sub("#", text.casefold()).split())


def is_page_number(text: str) -> bool:
    """A page number on its own, or a header line that carries one at an end."""
    if PAGE_NUMBER.match(text):
        return True
    match = _PAGED_HEADER.match(text)
    if match is None:
        return False
    rest = match.group("before") or match.group("after") or ""
    return len(rest.split()) <= MAX_WORDS and not _OPEN_END.search(rest)


def is_running_title(text: str) -> bool:
    """A report's running title or election line, as headers repeat it on every page."""
    if len(text.split()) > MAX_WORDS or not text[:1].isupper():
        return False
    return _RUNNING_TITLE.fullmatch(" ".join(text.casefold().split())) is not None


def header_like(text: str) -> bool:
    """Not a piece of a sentence: a line that starts in lower case or ends with punctuation
    (" the media.", "and applied consistently;") may well recur at two page breaks."""
    return not text[:1].islower() and not text.endswith((".", ",", ";", ":", "!", "?"))


def drop_furniture(pages: Sequence[Page], marked: Sequence[Sequence[bool]]) -> list[list[Line]]:
    """Each page's lines without its furniture; `marked` holds what the caller already found to
    be furniture (the margins of a paged text), line by line."""
    finder = _Finder(pages, marked)
    finder.find()
    kept: list[list[Line]] = [[] for _ in pages]
    after_break = False
    for index, line in enumerate(finder.lines):
        if finder.drop[index]:
            after_break = True
            continue
        if after_break and not line.gap_before:
            # The first line after a page break may start a paragraph or a heading, as the
            # first line of a page (after a form feed) may.
            line = replace(line, gap_before=True)
        after_break = False
        kept[finder.page_of[index]].append(line)
    return kept


class _Finder:
    def __init__(self, pages: Sequence[Page], marked: Sequence[Sequence[bool]]) -> None:
        self.lines: list[Line] = []
        self.page_of: list[int] = []
        self.drop: list[bool] = []
        self.page_end: list[int] = []
        self.page_start: list[int] = []
        for number, (page, flags) in enumerate(zip(pages, marked, strict=True)):
            start = len(self.lines)
            self.lines.extend(page.lines)
            self.drop.extend(flags)
            self.page_of.extend([number] * len(page.lines))
            end = len(self.lines)
            self.page_start.extend([start] * len(page.lines))
            self.page_end.extend([end] * len(page.lines))
        self.paged = len(pages) > 1
        self.last_page = len(pages) - 1

    def structural(self, index: int) -> bool:
        return self.lines[index].heading_level is not None

    def find(self) -> None:
        # Imported here: sections imports cleaning, which imports this module.
        from tracker.extracting.sections import ITEM_START, heading_role

        self.item_start = ITEM_START
        for index, line in enumerate(self.lines):
            if self.structural(index):
                continue
            if is_page_number(line.text) or is_running_title(line.text):
                self.drop[index] = True
        for index, line in enumerate(self.lines):
            if RULE.match(line.text) and not self.structural(index):
                end = self.page_end[index] if self.paged else self.notes_end(index + 1)
                self.mark(index, end)
        for _round in range(2):  # a header found next to a break makes its neighbours near one
            near = self.near_breaks()
            candidates = [
                index
                for index in near
                if not self.drop[index]
                and not self.structural(index)
                and self.lines[index].words <= MAX_WORDS
                and header_like(self.lines[index].text)
                and not ITEM_START.match(self.lines[index].text)
                and heading_role(self.lines[index].text) is None
            ]
            counts = Counter(page_key(self.lines[index].text) for index in candidates)
            for index in candidates:
                if counts[page_key(self.lines[index].text)] >= 2:
                    self.drop[index] = True
        self.drop_note_runs()

    def mark(self, start: int, end: int) -> None:
        for index in range(start, end):
            self.drop[index] = True

    def notes_end(self, start: int) -> int:
        """Where the notes that start at `start` end: at the next page's furniture, an item, a
        heading, or a paragraph that is not the next note."""
        stop = self.page_end[start] if start < len(self.lines) else start
        expected: int | None = None
        text_follows = False  # the note's number stood alone: its text comes next
        index = start
        while index < stop:
            line = self.lines[index]
            note = _NOTE.match(line.text)
            if note and (expected is None or int(note.group(1)) == expected):
                expected = int(note.group(1)) + 1
                text_follows = note.end() == len(line.text)
            elif (
                self.drop[index]
                or self.structural(index)
                or self.item_start.match(line.text)
                or (line.gap_before and not text_follows)
            ):
                break
            else:
                text_follows = False
            index += 1
        return index

    def near_breaks(self) -> list[int]:
        """The lines within NEAR of a page break: of furniture found so far, or of a page's
        edge where the text keeps its page breaks."""
        count = len(self.lines)
        near = [False] * count
        for index in range(count):
            edge = self.paged and (
                index - self.page_start[index] < NEAR or self.page_end[index] - index <= NEAR
            )
            if edge or self.drop[index]:
                for other in range(max(0, index - NEAR), min(count, index + NEAR + 1)):
                    near[other] = True
        return [index for index in range(count) if near[index]]

    def drop_note_runs(self) -> None:
        """Notes without a rule above them: a run numbered in sequence that a page break ends."""
        index = 0
        while index < len(self.lines):
            line = self.lines[index]
            if self.drop[index] or not line.gap_before or not _NOTE_LIKE.match(line.text):
                index += 1
                continue
            end = self.notes_end(index)
            page_ends = end == self.page_end[index] and self.page_of[index] != self.last_page
            if end > index and (page_ends or (end < len(self.lines) and self.drop[end])):
                self.mark(index, end)
            # A run that is not notes is not notes from any later line of it either: one pass.
            index = max(end, index + 1)
