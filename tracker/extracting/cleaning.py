"""Cleaning a loaded document into its body lines, and joining lines into running text.

What goes: running headers and footers (lines that recur at the top or bottom of the pages),
page numbers, footnotes at the foot of a PDF page (set smaller than the body), and footnote
markers. What stays: every other word as printed. Joining undoes the layout only: a line break
becomes a space, and a word hyphenated across two lines becomes one word again.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from tracker.extracting.furniture import drop_furniture, header_like, is_page_number
from tracker.extracting.model import Document, Line, Page, SourceKind

# The share of the page's height, from the top and from the bottom, where running headers,
# footers and page numbers live.
MARGIN_SHARE = 0.1
# How many lines at the top and bottom of a text page may be a running header or footer.
TEXT_MARGIN_LINES = 3
# A line set at most this share of the body size is footnote-sized.
FOOTNOTE_SIZE_SHARE = 0.9
# A gap this many times the usual line spacing starts a new paragraph.
PARAGRAPH_GAP = 1.35

_PAGE_NUMBER = re.compile(
    r"^(?:(?:page|p\.|pg\.|стр\.?|страница|seite|pagina)\s*[:.]?\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?"
    r"(?:\s*(?:of|/|из|von|de|sur)\s*\d{1,4})?$",
    re.IGNORECASE,
)
_DIGIT_RUN = re.compile(r"\d+")
# A footnote number stuck to the end of a word and its punctuation in copied text: "law.12 The".
_TEXT_MARKER = re.compile(r"(?:(?<=[^\W\d_][.,;:!?])|(?<=[)\]\"”»’]))\d{1,3}(?=\s|$)")


def clean(document: Document) -> list[Line]:
    """The document's body lines, in reading order, with running matter and footnotes gone."""
    if document.kind is not SourceKind.PDF:
        return _clean_text(document)
    pages = list(document.pages)
    running = _running_texts(pages, document.kind)
    body_size = body_font_size(document)
    kept: list[list[Line]] = []
    for page in pages:
        lines = [
            line
            for index, line in enumerate(page.lines)
            if not _is_running(line, index, page, running, document.kind)
        ]
        kept.append(_drop_footnotes(lines, body_size))
    usual = line_step(kept, body_size)
    kept = [
        _paragraph_breaks(lines, usual, first_page=index == 0) for index, lines in enumerate(kept)
    ]
    return [line for lines in kept for line in lines]


def _clean_text(document: Document) -> list[Line]:
    """A text or Markdown file: the margins of its pages where it keeps its page breaks, then
    page furniture wherever it falls (tracker.extracting.furniture)."""
    pages = list(document.pages)
    running = _running_texts(pages, document.kind)
    marked = [
        [
            line.heading_level is None
            and _is_running(line, index, page, running, document.kind)
            # A text has no type sizes to tell a footer from the last line of a paragraph.
            and (header_like(line.text) or is_page_number(line.text))
            for index, line in enumerate(page.lines)
        ]
        for page in pages
    ]
    kept = drop_furniture(pages, marked)
    if len(pages) == 1:
        kept = [_drop_repeated(kept[0])]
    lines = [line for page_lines in kept for line in page_lines]
    if document.kind is SourceKind.TEXT:
        lines = [replace(line, text=_TEXT_MARKER.sub("", line.text)) for line in lines]
    return lines


def body_font_size(document: Document) -> float | None:
    """The size most of the text is set in (PDF only)."""
    weights: Counter[float] = Counter()
    for line in document.lines:
        if line.size is not None:
            weights[line.size] += len(line.text)
    if not weights:
        return None
    return max(weights.items(), key=lambda item: (item[1], item[0]))[0]


def _margin_key(text: str) -> str:
    return _DIGIT_RUN.sub("#", text.casefold()).strip()


def _in_margin(line: Line, index: int, page: Page, kind: SourceKind) -> str | None:
    """'top' or 'bottom' where the line sits in the page's margin zone, else None."""
    if kind is SourceKind.PDF and page.height and line.top is not None and line.bottom is not None:
        if line.top <= page.height * MARGIN_SHARE:
            return "top"
        if line.bottom >= page.height * (1 - MARGIN_SHARE):
            return "bottom"
        return None
    if kind is SourceKind.PDF:
        return None
    if index < TEXT_MARGIN_LINES:
        return "top"
    if index >= len(page.lines) - TEXT_MARGIN_LINES:
        return "bottom"
    return None


def _running_texts(pages: Sequence[Page], kind: SourceKind) -> set[tuple[str, str]]:
    """(zone, text with digits masked) of the lines that recur in a margin on many pages."""
    if len(pages) < 2:
        return set()
    seen: Counter[tuple[str, str]] = Counter()
    for page in pages:
        keys = set()
        for index, line in enumerate(page.lines):
            zone = _in_margin(line, index, page, kind)
            if zone is not None:
                keys.add((zone, _margin_key(line.text)))
        seen.update(keys)
    needed = max(2, round(0.4 * len(pages)))
    return {key for key, count in seen.items() if count >= needed}


def _is_running(
    line: Line, index: int, page: Page, running: set[tuple[str, str]], kind: SourceKind
) -> bool:
    zone = _in_margin(line, index, page, kind)
    if zone is None:
        return False  # a text's furniture elsewhere is tracker.extracting.furniture's
    return _PAGE_NUMBER.match(line.text) is not None or (zone, _margin_key(line.text)) in running


def _drop_footnotes(lines: list[Line], body_size: float | None) -> list[Line]:
    """Footnotes: the run of lines at the foot of the page set smaller than the body."""
    if body_size is None:
        return lines
    end = len(lines)
    while end > 0:
        size = lines[end - 1].size
        if size is None or size > body_size * FOOTNOTE_SIZE_SHARE:
            break
        end -= 1
    return lines[:end]


def line_step(pages: Sequence[Sequence[Line]], body_size: float | None) -> float | None:
    """The usual distance from one body line to the next: the smallest step that recurs."""
    steps: Counter[float] = Counter()
    for lines in pages:
        for previous, current in itertools.pairwise(lines):
            if (
                previous.top is not None
                and current.top is not None
                and previous.size == current.size == body_size
                and current.top > previous.top
            ):
                steps[round(current.top - previous.top, 1)] += 1
    if not steps:
        return None
    recurring = [step for step, count in steps.items() if count >= 2]
    return min(recurring or steps)


def _paragraph_breaks(lines: list[Line], usual: float | None, *, first_page: bool) -> list[Line]:
    """Marks the lines that start a paragraph: a gap above them wider than the usual step.
    The first line of a page (after its header) is not marked: a page break says nothing."""
    result: list[Line] = []
    for index, line in enumerate(lines):
        gap = index == 0 and first_page
        if index > 0 and usual is not None and line.top is not None:
            previous_top = lines[index - 1].top
            if previous_top is not None:
                gap = line.top - previous_top > usual * PARAGRAPH_GAP
        result.append(replace(line, gap_before=gap))
    return result


def _drop_repeated(lines: list[Line]) -> list[Line]:
    """In a text with no page breaks, a header copied with every page recurs verbatim."""
    counts = Counter(_margin_key(line.text) for line in lines if line.words <= 12)
    repeated = {key for key, count in counts.items() if count >= 3}
    if not repeated:
        return lines
    return [
        line
        for line in lines
        if _margin_key(line.text) not in repeated or re.match(r"^\(?\d{1,3}[.)]", line.text)
    ]


# --- joining ----------------------------------------------------------------------------------

# First parts that keep their hyphen when a compound is broken after it: "long-/standing".
_KEEP_HYPHEN_AFTER = """non self ex co long follow well decision cross anti post pre vice mid
multi semi quasi socio gender election polling party third first same vote cost country"""
KEEP_HYPHEN_AFTER = frozenset(_KEEP_HYPHEN_AFTER.split())
_WORD_TAIL = re.compile(r"([^\W\d_]+(?:-[^\W\d_]+)*)-$")
_WORD_HEAD = re.compile(r"^([^\W\d_]+)")
_HYPHENATED = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Lexicon:
    """Words as the document itself spells them, to tell a hyphenated compound broken at its
    hyphen ("long-/standing") from a word hyphenated by the layout ("regis-/tration")."""

    hyphenated: frozenset[str]
    plain: frozenset[str]

    @classmethod
    def of(cls, texts: Iterable[str]) -> Lexicon:
        hyphenated: set[str] = set()
        plain: set[str] = set()
        for text in texts:
            inner = text[:-1] if text.endswith("-") else text
            hyphenated.update(word.casefold() for word in _HYPHENATED.findall(inner))
            words = _WORD.findall(inner)
            # The first and last word of a line may be halves of a hyphenated word.
            plain.update(word.casefold() for word in words[1:-1])
        return cls(frozenset(hyphenated), frozenset(plain))


EMPTY_LEXICON = Lexicon(frozenset(), frozenset())


def join_lines(texts: Sequence[str], lexicon: Lexicon = EMPTY_LEXICON) -> str:
    """The lines as one running text: breaks become spaces, hyphenation is undone."""
    result = ""
    for text in texts:
        text = text.strip()
        if not text:
            continue
        if not result:
            result = text
            continue
        drop_hyphen, separator = _joint(result, text, lexicon)
        result = (result[:-1] if drop_hyphen else result) + separator + text
    return result


def _joint(before: str, after: str, lexicon: Lexicon) -> tuple[bool, str]:
    """Whether the hyphen ending `before` goes, and what goes between the two lines."""
    if before.endswith("-") and len(before) >= 2 and before[-2].isalpha():
        tail = _WORD_TAIL.search(before)
        head = _WORD_HEAD.match(after)
        if not head or not tail or not after[0].islower():
            return False, ""  # "COVID-/19", "pre-/Election": the hyphen belongs to the word
        first, second = tail.group(1), head.group(1)
        compound = f"{first}-{second}".casefold()
        whole = f"{first}{second}".casefold()
        if compound in lexicon.hyphenated and whole not in lexicon.plain:
            return False, ""
        if whole in lexicon.plain:
            return True, ""
        if first.rsplit("-", 1)[-1].casefold() in KEEP_HYPHEN_AFTER:
            return False, ""
        return True, ""
    if before.endswith(("–", "—", "/")) and not before[-2:-1].isspace():
        return False, ""
    return False, " "
