"""Loading a report's file into pages of lines: PDF through pdfminer.six, text and Markdown as
they are.

pdfminer.six is used (not pypdf) because drafting needs the layout, not just the text: each
character's position, size and font tell a running header from the body, a footnote from the
text above it, a superscript footnote marker from the word it is attached to, and a bold heading
from a paragraph. pdfminer groups characters into lines and inserts the spaces between words;
this module rebuilds rows from those lines, drops superscript markers and keeps the geometry for
the cleaning step.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tracker.errors import ExtractionFailed
from tracker.extracting.model import Document, Line, Page, SourceKind

SUPPORTED_SUFFIXES = {
    ".pdf": SourceKind.PDF,
    ".txt": SourceKind.TEXT,
    ".text": SourceKind.TEXT,
    ".md": SourceKind.MARKDOWN,
    ".markdown": SourceKind.MARKDOWN,
}
MAX_TEXT_BYTES = 20 * 1024 * 1024
# Fewer visible characters than this on a page: the page has no usable text layer.
MIN_PAGE_CHARS = 20

_LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_SPACES = re.compile(r"[^\S\n]+")
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
# Superscript glyphs that make up footnote markers: "3", "12", "3,4", "*", "†".
_MARKER_GLYPHS = set("0123456789,*†‡–-")
_CID = re.compile(r"\(cid:\d+\)")


def load_document(path: Path) -> Document:
    """The file's pages of lines; `ExtractionFailed` names the file when it cannot be read."""
    name = path.name
    kind = SUPPORTED_SUFFIXES.get(path.suffix.lower())
    if kind is None:
        supported = ", ".join(sorted({".pdf", ".txt", ".md"}))
        raise ExtractionFailed(
            f"{name}: unsupported file type {path.suffix or '(none)'!r}: use one of {supported}"
        )
    if not path.is_file():
        raise ExtractionFailed(f"{path}: no such file")
    if kind is SourceKind.PDF:
        return load_pdf(path)
    return load_text(path, kind)


def normalise_text(text: str) -> str:
    """Ligatures and invisible characters out, runs of spaces as one; wording untouched."""
    for ligature, letters in _LIGATURES.items():
        text = text.replace(ligature, letters)
    text = text.translate(_INVISIBLE).replace("\u00a0", " ")
    return _SPACES.sub(" ", text).strip()


# --- text and Markdown ------------------------------------------------------------------------


def load_text(path: Path, kind: SourceKind) -> Document:
    name = path.name
    raw = path.read_bytes()
    if len(raw) > MAX_TEXT_BYTES:
        raise ExtractionFailed(f"{name}: larger than {MAX_TEXT_BYTES // (1024 * 1024)} MB")
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ExtractionFailed(
            f"{name}: not UTF-8 text (byte {exc.start}); save it as UTF-8 first"
        ) from None
    content = content.replace("\r\n", "\n").replace("\r", "\n")
    pages = tuple(
        Page(number=number, lines=tuple(_text_lines(chunk, number, kind)))
        for number, chunk in enumerate(content.split("\f"), start=1)
    )
    if not any(page.lines for page in pages):
        raise ExtractionFailed(f"{name}: the file is empty")
    return Document(name=name, kind=kind, pages=pages)


_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_MD_FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]+\]")
_MD_FOOTNOTE_DEF = re.compile(r"^\s{0,3}\[\^[^\]\s]+\]:")
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])")
_MD_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()\s]+)\)")
_MD_BLOCKQUOTE = re.compile(r"^\s{0,3}>\s?")
_MD_HTML_COMMENT = re.compile(r"<!--.*?-->")


def _text_lines(chunk: str, page: int, kind: SourceKind) -> Iterator[Line]:
    raw_lines = chunk.split("\n")
    gap = True
    skip_next = False
    in_footnote = False
    for index, raw in enumerate(raw_lines):
        if skip_next:
            skip_next = False
            continue
        level: int | None = None
        bold = False
        text = raw
        if kind is SourceKind.MARKDOWN:
            if _MD_FOOTNOTE_DEF.match(text):
                in_footnote = True
                continue
            if in_footnote:
                if text.strip() and (text.startswith((" ", "\t"))):
                    continue
                in_footnote = False
            text = _MD_HTML_COMMENT.sub("", _MD_BLOCKQUOTE.sub("", text))
            heading = _MD_HEADING.match(text)
            following = raw_lines[index + 1] if index + 1 < len(raw_lines) else ""
            setext = _MD_SETEXT.match(following)
            if heading:
                level = len(heading.group(1))
                text = heading.group(2)
            elif text.strip() and setext and not _is_list_item(text):
                level = 1 if setext.group(1).startswith("=") else 2
                skip_next = True
            elif re.fullmatch(r"\s*(\*\*|__)(.+)\1\s*", text):
                bold = True
            text = _clean_markdown(text)
        text = normalise_text(text)
        if not text:
            gap = True
            continue
        yield Line(text=text, page=page, gap_before=gap, heading_level=level, bold=bold)
        gap = level is not None


def _is_list_item(text: str) -> bool:
    return re.match(r"^\s*(?:[-*+]|\d{1,3}[.)])\s", text) is not None


def _clean_markdown(text: str) -> str:
    text = _MD_FOOTNOTE_REF.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_STRONG.sub(r"\2", text)
    text = _MD_EMPHASIS.sub(r"\1", text)
    return _MD_ESCAPE.sub(r"\1", text)


# --- PDF --------------------------------------------------------------------------------------


@dataclass
class _Glyph:
    text: str
    x0: float
    x1: float
    y0: float
    y1: float
    size: float
    bold: bool
    virtual: bool = False  # a space or line end that pdfminer inserted


def load_pdf(path: Path) -> Document:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams

    name = path.name
    pages: list[Page] = []
    try:
        for number, layout in enumerate(
            extract_pages(str(path), laparams=LAParams(boxes_flow=None)), start=1
        ):
            lines = tuple(_pdf_rows(layout, number))
            pages.append(Page(number=number, lines=lines, height=float(layout.height)))
    except ExtractionFailed:
        raise
    except Exception as exc:  # pdfminer raises many types for a damaged or encrypted file
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ExtractionFailed(f"{name}: not a readable PDF ({detail})") from exc
    if not pages:
        raise ExtractionFailed(f"{name}: the PDF has no pages")
    return Document(
        name=name, kind=SourceKind.PDF, pages=tuple(pages), warnings=_text_layer_check(name, pages)
    )


def _text_layer_check(name: str, pages: list[Page]) -> tuple[str, ...]:
    counts = [sum(len(line.text.replace(" ", "")) for line in page.lines) for page in pages]
    if sum(counts) < MIN_PAGE_CHARS:
        raise ExtractionFailed(
            f"{name}: the PDF has no text layer (a scanned document?); run OCR on it first "
            "(for example `ocrmypdf in.pdf out.pdf`) or give the text as a .txt file"
        )
    text = " ".join(line.text for page in pages for line in page.lines)
    if sum(map(len, _CID.findall(text))) > len(text) / 3:
        raise ExtractionFailed(
            f"{name}: the PDF's text layer cannot be read (its fonts map no characters); "
            "run OCR on it first or give the text as a .txt file"
        )
    empty = [page.number for page, count in zip(pages, counts, strict=True) if count == 0]
    if not empty:
        return ()
    shown = ", ".join(map(str, empty[:10])) + (" ..." if len(empty) > 10 else "")
    return (f"{name}: no text layer on page(s) {shown}; their text is missing from the draft",)


def _text_lines_of(container: Iterable[object]) -> Iterator[object]:
    from pdfminer.layout import LTTextLineHorizontal

    for child in container:
        if isinstance(child, LTTextLineHorizontal):
            yield child
        elif isinstance(child, Iterable) and not isinstance(child, str | bytes):
            yield from _text_lines_of(child)


def _glyphs(line: object) -> list[_Glyph]:
    from pdfminer.layout import LTAnno, LTChar

    glyphs: list[_Glyph] = []
    assert isinstance(line, Iterable)
    for item in line:
        if isinstance(item, LTChar):
            glyphs.append(
                _Glyph(
                    text=item.get_text(),
                    x0=item.x0,
                    x1=item.x1,
                    y0=item.y0,
                    y1=item.y1,
                    size=round(item.size, 1),
                    bold=bool(_BOLD_FONT.search(item.fontname)),
                )
            )
        elif isinstance(item, LTAnno):
            text = item.get_text()
            if text != "\n":
                last = glyphs[-1] if glyphs else None
                x = last.x1 if last else 0.0
                y0, y1 = (last.y0, last.y1) if last else (0.0, 0.0)
                size = last.size if last else 0.0
                glyphs.append(_Glyph(text, x, x, y0, y1, size, False, virtual=True))
    return glyphs


def _pdf_rows(layout: object, page: int) -> Iterator[Line]:
    """The page's lines top to bottom; pieces of one row (a number in the margin, a marker set
    apart) are merged into one line."""
    from pdfminer.layout import LTPage

    assert isinstance(layout, LTPage)
    height = float(layout.height)
    pieces = [glyphs for glyphs in map(_glyphs, _text_lines_of(layout)) if _visible(glyphs)]
    pieces.sort(key=lambda glyphs: (-max(g.y1 for g in glyphs), min(g.x0 for g in glyphs)))
    rows: list[tuple[list[float], list[list[_Glyph]]]] = []  # ([low, high], pieces)
    for glyphs in pieces:
        low, high = _vertical(glyphs)
        # Pieces come top down: only the last few rows can overlap this one.
        for bounds, row in reversed(rows[-3:]):
            overlap = min(high, bounds[1]) - max(low, bounds[0])
            if overlap > 0.5 * min(high - low, bounds[1] - bounds[0]):
                row.append(glyphs)
                bounds[0], bounds[1] = min(low, bounds[0]), max(high, bounds[1])
                break
        else:
            rows.append(([low, high], [glyphs]))
    for _bounds, row in rows:
        row.sort(key=lambda glyphs: min(g.x0 for g in glyphs))
        line = _row_line(row, page, height)
        if line is not None:
            yield line


def _visible(glyphs: list[_Glyph]) -> bool:
    return any(not g.virtual and g.text.strip() for g in glyphs)


def _vertical(glyphs: list[_Glyph]) -> tuple[float, float]:
    real = [g for g in glyphs if not g.virtual] or glyphs
    return min(g.y0 for g in real), max(g.y1 for g in real)


def _row_line(row: list[list[_Glyph]], page: int, height: float) -> Line | None:
    glyphs: list[_Glyph] = []
    for piece in row:
        if glyphs and piece and not glyphs[-1].text.isspace() and not piece[0].text.isspace():
            last = glyphs[-1]
            glyphs.append(_Glyph(" ", last.x1, last.x1, last.y0, last.y1, last.size, False, True))
        glyphs.extend(piece)
    real = [g for g in glyphs if not g.virtual and g.text.strip()]
    sizes = Counter(g.size for g in real)
    main_size = max(sizes.items(), key=lambda item: (item[1], item[0]))[0]
    baseline = statistics.median(g.y0 for g in real if g.size == main_size)
    kept = [g for g in glyphs if not _is_marker(g, main_size, baseline)]
    text = normalise_text("".join(g.text for g in kept))
    text = unicodedata.normalize("NFC", text)
    if not text:
        return None
    body = [g for g in kept if not g.virtual and g.text.strip()]
    return Line(
        text=text,
        page=page,
        top=round(height - max(g.y1 for g in body), 2),
        bottom=round(height - min(g.y0 for g in body), 2),
        x0=round(min(g.x0 for g in body), 2),
        size=main_size,
        bold=all(g.bold for g in body),
    )


def _is_marker(glyph: _Glyph, main_size: float, baseline: float) -> bool:
    """A footnote marker: a small glyph set above the line's baseline."""
    if glyph.virtual or glyph.text not in _MARKER_GLYPHS:
        return False
    return glyph.size <= 0.85 * main_size and glyph.y0 >= baseline + 0.2 * main_size
