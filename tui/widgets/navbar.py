"""The row of screens under the header: which one is open, and the key (or click) for each."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.widget import Widget
from textual.widgets import Static

SCREENS: tuple[tuple[str, str], ...] = (
    ("overview", "Overview"),
    ("browse", "Browse"),
    ("triage", "Triage"),
    ("assess", "Assess"),
    ("briefing", "Briefing"),
)


class NavBar(Static):
    """Click a name, or press its key, to switch screens."""

    DEFAULT_CSS = """
    NavBar { height: 1; width: 1fr; background: $panel; color: $text-muted; }
    """

    def __init__(self, current: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.current = current
        self._spans: list[tuple[int, int, str]] = []

    def on_mount(self) -> None:
        self.refresh_keys()

    def refresh_keys(self) -> None:
        key_of = getattr(self.app, "key_display_for", None)
        text = Text(no_wrap=True, overflow="ellipsis")
        self._spans = []
        for mode, label in SCREENS:
            key = key_of(f"nav.{mode}") if key_of else ""
            start = len(text)
            if text:
                text.append(" ")
                start += 1
            current = mode == self.current
            text.append(f" {key} ", style="reverse" if current else "bold")
            text.append(f"{label} ", style="bold" if current else "")
            self._spans.append((start, len(text), mode))
        self.update(text)

    def on_click(self, event: events.Click) -> None:
        for start, end, mode in self._spans:
            if start <= event.x < end:
                go = getattr(self.app, "action_go", None)
                if go is not None:
                    self.app.call_later(go, mode)
                break


def nav_bar(current: str) -> Widget:
    return NavBar(current, id="navbar")
