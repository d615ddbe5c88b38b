"""Briefing: the country's Markdown status report, in the app, and exported with one key.

The export is the report as `rectrack report` writes it. On screen, a table too wide for the
window is shown narrower (`fit_tables`): first with short headers and counts without their
shares; where even that does not fit, each row becomes a list item ("transposed"), so that no
column is squeezed to nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.events import Resize
from textual.widgets import Markdown, Static

from tracker.errors import TrackerError
from tracker.followup.summary import STATUS_COLUMNS
from tracker.services import browse, reporting
from tracker.services.overview import country_name
from tracker.vocabulary import STATUS_HEADINGS, STATUS_SHORT
from tui import keys
from tui.screens.base import RectrackScreen
from tui.screens.modals import Choice, PickScreen

# What a Markdown table costs besides its cells: each column's padding (2) and rule (1), and
# the closing rule (Textual's MarkdownTable).
COLUMN_COST = 3
# The widths around the Markdown's text: #briefing-body's padding (2), its scroll bar (2) and
# the Markdown widget's own padding (4).
BODY_MARGINS = 8
# A column of prose (a recommendation's wording) may wrap, but not to fewer cells than this.
PROSE_MIN = 24
PROSE_LENGTH = 40  # a cell this long, with spaces, is prose

# A compact table heads a status column with the short word the CLI and the other screens use.
SHORT_HEADERS = {
    **{
        STATUS_HEADINGS[column]: STATUS_SHORT[column].capitalize()
        for column in STATUS_COLUMNS
        if STATUS_HEADINGS[column].casefold() != STATUS_SHORT[column]
    },
    "First raised": "First",
    "Times raised": "Times",
    "Years outstanding": "Years",
    "Latest status": "Status",
    "Latest wording": "Wording",
}
_ALIGNMENT = re.compile(r"^:?-{3,}:?$")
_SHARE = re.compile(r"^(\d+) \(\d+%\)$")
_ZERO = re.compile(r"^0(?: \(0%\))?$")
_ESCAPED = re.compile(r"\\(.)")


@dataclass(frozen=True)
class Table:
    headers: list[str]
    alignments: list[str]
    rows: list[list[str]]


def split_row(line: str) -> list[str]:
    """The cells of a table row, split on the pipes that are not escaped (`\\|` is text)."""
    cells: list[str] = []
    current: list[str] = []
    chars = iter(line.strip())
    for char in chars:
        if char == "\\":
            current.append(char + next(chars, ""))
        elif char == "|":
            cells.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    cells.append("".join(current).strip())
    if cells and cells[0] == "" and line.strip().startswith("|"):
        cells = cells[1:]
    if cells and cells[-1] == "":
        cells = cells[:-1]
    return cells


def plain(cell: str) -> str:
    """What a cell shows: its Markdown escapes, emphasis and code fences taken away."""
    return _ESCAPED.sub(r"\1", cell.replace("**", "").replace("`", "")).strip()


def _is_bar(cells: list[str]) -> bool:
    filled = [cell for cell in cells if cell]
    return bool(filled) and all(c.startswith("`") and c.endswith("`") for c in filled)


def _is_prose(cells: list[str]) -> bool:
    return any(len(plain(cell)) > PROSE_LENGTH and " " in plain(cell) for cell in cells)


def _columns(table: Table) -> list[list[str]]:
    return [
        [row[i] if i < len(row) else "" for row in table.rows] for i in range(len(table.headers))
    ]


def least_width(table: Table) -> int:
    """The narrowest the table can be drawn with every word of every cell whole: Textual wraps
    cells at spaces, so a column needs its longest word; prose columns a bit more."""
    total = 1
    for header, cells in zip(table.headers, _columns(table), strict=True):
        texts = [plain(header), *(plain(cell) for cell in cells)]
        word = max((cell_len(w) for text in texts for w in text.split()), default=0)
        need = max(3, word)
        if _is_prose(cells):
            natural = max(cell_len(text) for text in texts)
            need = max(need, min(natural, PROSE_MIN))
        total += need + COLUMN_COST
    return total


def compact(table: Table) -> Table:
    """Short headers, counts without their shares, no bar column."""
    keep = [i for i, cells in enumerate(_columns(table)) if not _is_bar(cells)]
    return Table(
        headers=[SHORT_HEADERS.get(plain(table.headers[i]), table.headers[i]) for i in keep],
        alignments=[table.alignments[i] for i in keep],
        rows=[
            [_SHARE.sub(r"\1", row[i]) if i < len(row) else "" for i in keep] for row in table.rows
        ],
    )


def _label(header: str) -> str:
    text = header.strip()
    if len(text) > 1 and text[1].isupper():  # an acronym keeps its case
        return text
    return text[:1].lower() + text[1:]


def as_records(table: Table) -> list[str]:
    """Each row as a list item: the first cell in bold, then "header value" pairs, and any
    prose on a line of its own. Zero counts are left out: the item says what there is."""
    columns = _columns(table)
    prose = [_is_prose(cells) for cells in columns]
    numeric = [alignment.endswith(":") for alignment in table.alignments]
    lines: list[str] = []
    for row in table.rows:
        cells = [row[i] if i < len(row) else "" for i in range(len(table.headers))]
        facts: list[str] = []
        texts: list[str] = []
        for index, (header, cell) in enumerate(zip(table.headers, cells, strict=True)):
            if index == 0 or not cell or (numeric[index] and _ZERO.match(plain(cell))):
                continue
            if prose[index]:
                texts.append(cell)
            else:
                facts.append(f"{_label(header)} {cell}")
        first = f"**{cells[0]}**" if cells[0] else ""
        line = " · ".join(part for part in (first, *facts) if part)
        # A hard line break (a trailing backslash) keeps the prose inside the same item.
        lines.append("- " + "\\\n  ".join([line, *texts]))
    return lines


def render_table(table: Table) -> list[str]:
    return [
        "| " + " | ".join(table.headers) + " |",
        "| " + " | ".join(table.alignments) + " |",
        *("| " + " | ".join(row) + " |" for row in table.rows),
    ]


def _blocks(markdown: str) -> Iterator[Table | str]:
    """The Markdown's lines, with each table read into a `Table`."""
    lines = markdown.split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if line.startswith("|") and following.startswith("|"):
            alignments = split_row(following)
            if alignments and all(_ALIGNMENT.match(cell) for cell in alignments):
                end = index + 2
                while end < len(lines) and lines[end].startswith("|"):
                    end += 1
                yield Table(
                    headers=split_row(line),
                    alignments=alignments,
                    rows=[split_row(row) for row in lines[index + 2 : end]],
                )
                index = end
                continue
        yield line
        index += 1


def fit_tables(markdown: str, width: int) -> str:
    """`markdown` with every table drawn to fit `width` cells: as it is, compact, or as a
    list of records; the other lines as they are."""
    out: list[str] = []
    for block in _blocks(markdown):
        if isinstance(block, str):
            out.append(block)
        elif least_width(block) <= width:
            out.extend(render_table(block))
        elif least_width(small := compact(block)) <= width:
            out.extend(render_table(small))
        else:
            out.extend(as_records(block))
    return "\n".join(out)


class BriefingScreen(RectrackScreen):
    MODE = "briefing"
    BINDINGS = keys.BRIEFING
    FOLLOWS_COUNTRY = True

    def __init__(self) -> None:
        super().__init__()
        self.country: str | None = None
        self.countries: list[str] = []
        self.markdown: str | None = None  # the report as exported
        self.shown: str | None = None  # what the Markdown widget holds: tables fitted
        self._generation = 0  # of the briefing asked for last; older results are dropped

    def compose(self) -> ComposeResult:
        yield from self.chrome()
        yield Static(Text("Loading…", style="dim"), id="briefing-head")
        with VerticalScroll(id="briefing-body"):
            yield Static(id="briefing-loading")
            yield Markdown(id="briefing")
        yield self.footer()

    def on_mount(self) -> None:
        self.country = self.rapp.current_country
        if self.country:
            self.show_country(self.country)
        self.query_one("#briefing-body", VerticalScroll).focus()
        store = self.store

        def got(options: browse.FilterOptions) -> None:
            self.countries = options.countries
            if self.country is None and self.countries:
                self.show_country(self.countries[0])
            elif not self.countries:
                self.query_one("#briefing-head", Static).update(
                    Text("The store holds no country yet.", style="dim")
                )

        self.read(lambda: browse.filter_options(store), got, group="briefing-countries")

    def activate(self, **context: Any) -> None:
        country = context.get("country")
        if country and country != self.country:
            self.show_country(str(country))

    @property
    def waiting(self) -> bool:
        """Whether the body shows a note (loading, failed) in place of a briefing."""
        return bool(self.query_one("#briefing-loading", Static).display)

    def _set_loading(self, message: Text | None) -> None:
        """Show `message` in place of the body (the old country's briefing hidden at once),
        or, with None, the body again."""
        note = self.query_one("#briefing-loading", Static)
        note.update(message or "")
        note.display = message is not None
        self.query_one("#briefing", Markdown).display = message is None
        self.query_one("#briefing-body", VerticalScroll).scroll_home(animate=False)

    def show_country(self, country: str) -> None:
        self.country = country
        self.markdown = None
        self._generation += 1
        generation = self._generation
        self._head(loading=True)
        self._set_loading(Text(f"Loading {country_name(country)} ({country})…", style="dim"))
        store = self.store

        def got(text: str) -> None:
            if generation != self._generation:
                return  # a briefing for a country the reviewer has since left
            self.markdown = text
            self.run_worker(
                self._display(text, generation), group="briefing-display", exclusive=True
            )

        def failed(_error: TrackerError) -> None:
            if generation == self._generation:
                self._set_loading(Text("The briefing could not be built (see above).", "dim"))

        self.read(
            lambda: reporting.briefing_markdown(store, country),
            got,
            group="briefing-render",
            on_error=failed,
        )

    def table_room(self) -> int:
        """The cells a table may take across the body."""
        body = self.query_one("#briefing-body", VerticalScroll)
        return max(20, (body.size.width or self.app.size.width) - BODY_MARGINS)

    async def _display(self, text: str, generation: int) -> None:
        fitted = fit_tables(text, self.table_room())
        await self.query_one("#briefing", Markdown).update(fitted)
        if generation != self._generation:
            return
        self.shown = fitted
        self._set_loading(None)
        self._head()

    def on_resize(self, event: Resize) -> None:
        # After this layout the body has its new width; the tables follow it.
        self.call_after_refresh(self._refit)

    def _refit(self) -> None:
        if self.markdown is None or self.waiting:
            return
        fitted = fit_tables(self.markdown, self.table_room())
        if fitted != self.shown:
            self.shown = fitted
            self.run_worker(
                self.query_one("#briefing", Markdown).update(fitted),
                group="briefing-display",
                exclusive=True,
            )

    def export_path(self) -> Path:
        assert self.country is not None
        stamp = dt.date.today().isoformat()
        return self.rapp.export_dir / f"briefing-{self.country.lower()}-{stamp}.md"

    def _head(self, *, loading: bool = False) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        if self.country is None:
            return
        text.append(f"{country_name(self.country)} ({self.country})", style="bold")
        if loading:
            text.append(" · building the briefing…", style="dim")
        else:
            text.append(f" · x saves {self.export_path()}", style="dim")
        self.query_one("#briefing-head", Static).update(text)

    def action_export(self) -> None:
        if self.country is None or self.markdown is None:
            self.notify("The briefing is still being built.", timeout=2)
            return
        path, text = self.export_path(), self.markdown
        verb = "Replaced today's briefing in" if path.exists() else "Saved the briefing to"

        def saved(written: Path) -> None:
            self.notify(f"{verb} {written}", markup=False, timeout=6)

        self.write(lambda: reporting.save_text(path, text), saved)

    def action_pick_country(self) -> None:
        if not self.countries:
            return
        choices = [
            Choice(code, Text(f"{code} {country_name(code)}"), f"{code} {country_name(code)}")
            for code in self.countries
        ]

        def chosen(code: str | None) -> None:
            if code:
                self.rapp.current_country = code
                self.show_country(code)

        self.app.push_screen(PickScreen("Country", choices, self.country), chosen)

    def action_refresh(self) -> None:
        if self.country:
            self.show_country(self.country)
