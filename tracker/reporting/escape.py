"""Text from the store is data: one escape function per output that is not HTML.

HTML is escaped by Jinja's autoescape (markupsafe) for everything a template prints.
"""

from __future__ import annotations

import re

# Characters that Markdown (CommonMark, GitHub tables) reads as markup anywhere in a line.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
# `&lt;` and `&#60;` would be read as entities.
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
# What starts a block (a list, an ordered list, a heading) at the start of a line or cell.
_MD_LEADING_MARKER = re.compile(r"^( ?)(?:([-+]|#{1,6})|(\d{1,9})([.)]))(?=\s|$)")
_WHITESPACE = re.compile(r"\s+")
# Cells that spreadsheets would run as formulas.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class MdText(str):
    """Text already written as Markdown: the Markdown templates print it as it is."""

    __slots__ = ()


def md(text: object) -> str:
    """Plain text made safe to put anywhere in a Markdown line, a table cell included: every
    run of whitespace (newlines too) becomes one space, markup characters are escaped, and a
    leading list or heading marker too, so that the text reads the same once rendered and
    breaks no table."""
    flat = _WHITESPACE.sub(" ", str(text))
    escaped = _MD_ENTITY.sub(r"\\&", _MD_INLINE.sub(r"\\\1", flat))
    return _MD_LEADING_MARKER.sub(_escape_marker, escaped)


def _escape_marker(match: re.Match[str]) -> str:
    space, bullet, digits, delimiter = match.groups()
    return f"{space}\\{bullet}" if bullet else f"{space}{digits}\\{delimiter}"


def md_code(text: object) -> MdText:
    """A Markdown code span holding `text` literally (its fence is longer than any run of
    backticks inside it)."""
    flat = _WHITESPACE.sub(" ", str(text)).strip()
    longest = max((len(run) for run in re.findall(r"`+", flat)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return MdText(f"{fence}{pad}{flat}{pad}{fence}")


def csv_cell(value: object) -> object:
    """A value for a CSV cell: text that a spreadsheet would evaluate as a formula gets a
    leading apostrophe; other values are left as they are."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
