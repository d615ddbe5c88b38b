"""The help screen: every key of the screen it was opened over, as the keymap has them."""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui import keys


@dataclass(frozen=True)
class KeyRow:
    keys: str
    description: str
    binding_id: str


def _merged(rows: list[KeyRow]) -> list[KeyRow]:
    """One row per binding: its keys joined ("n, →")."""
    merged: dict[tuple[str, str], KeyRow] = {}
    for row in rows:
        group = (row.binding_id or row.description, row.description)
        if group in merged:
            before = merged[group]
            merged[group] = KeyRow(f"{before.keys}, {row.keys}", row.description, row.binding_id)
        else:
            merged[group] = row
    return list(merged.values())


class HelpScreen(ModalScreen[None]):
    """A list of the keys that apply where the reviewer is; Escape closes it."""

    BINDINGS = keys.HELP
    TITLE = "Help"

    def __init__(
        self, screen_name: str, sections: list[tuple[str, list[KeyRow]]], notes: list[str]
    ) -> None:
        super().__init__()
        self.screen_name = screen_name
        self.sections = sections
        self.notes = notes

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog", classes="dialog"):
            with VerticalScroll(id="help-body"):
                yield Static(self._table(), id="help-keys")
                yield Static(self._notes(), id="help-notes")
            yield Static(Text("Esc closes this help", style="dim"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#help-dialog").border_title = Text(f"Help: {self.screen_name}")

    @property
    def rows(self) -> list[KeyRow]:
        return [row for _, rows in self.sections for row in rows]

    def _table(self) -> Table:
        table = Table(box=None, show_header=False, expand=True, pad_edge=False)
        table.add_column("keys", no_wrap=True, style="bold")
        table.add_column("what", ratio=1)
        table.add_column("id", no_wrap=True, style="dim")
        first = True
        for title, rows in self.sections:
            if not rows:
                continue
            if not first:
                table.add_row("", "", "")
            first = False
            table.add_row(Text(title, style="bold underline"), "", "")
            for row in _merged(rows):
                table.add_row(Text(row.keys), Text(row.description), Text(row.binding_id))
        return table

    def _notes(self) -> Text:
        return Text("\n".join(self.notes), style="italic dim")

    def action_close(self) -> None:
        self.dismiss(None)
