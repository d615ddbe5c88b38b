"""The plain objects that drafting passes along: a loaded document's lines, and what is found in
them. No I/O here."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class SourceKind(StrEnum):
    PDF = "pdf"
    TEXT = "text"
    MARKDOWN = "markdown"


@dataclass(frozen=True)
class Line:
    """One line of a page, as laid out in the source.

    PDF lines carry their geometry (points, measured from the page's top) and type; text lines
    carry what the text itself says (a blank line before them, a Markdown heading level).
    """

    text: str
    page: int
    top: float | None = None
    bottom: float | None = None
    x0: float | None = None
    size: float | None = None
    bold: bool = False
    gap_before: bool = False
    heading_level: int | None = None

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True)
class Page:
    number: int
    lines: tuple[Line, ...]
    height: float | None = None


@dataclass(frozen=True)
class Document:
    """A loaded source: its pages of lines, and what the loader noticed on the way."""

    name: str
    kind: SourceKind
    pages: tuple[Page, ...]
    warnings: tuple[str, ...] = ()

    @property
    def lines(self) -> list[Line]:
        return [line for page in self.pages for line in page.lines]


@dataclass(frozen=True)
class FoundItem:
    """A numbered item of the recommendations section, before topics and checks."""

    number: str
    text: str
    priority: bool
    page: int
    heading: str | None = None
    lines: int = 1


@dataclass(frozen=True)
class FoundSection:
    """The recommendations section: the heading it starts at and its numbered items."""

    heading: str
    page: int
    items: tuple[FoundItem, ...]
    headings: tuple[str, ...] = field(default=())
    # Numbered lines of the file (as loaded, before cleaning) after the last item that carry its
    # numbering on: (number, page). Where there are any, the section ended too early.
    numbered_after: tuple[tuple[int, int], ...] = field(default=())
