"""How store data looks: statuses in colour and word, word differences, bars.

Everything returns `rich.text.Text` built with `append`, never markup: recommendation text is
data, and `[bold]` in it shows as `[bold]`. Colours come from the current theme's text colours,
which Textual keeps readable on both light and dark backgrounds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from rich.style import Style
from rich.text import Text
from textual.app import App
from textual.color import Color

from tracker.enums import Status
from tracker.followup.summary import NOT_ASSESSED, STATUS_COLUMNS
from tracker.wording import Op, Piece

STATUS_WORDS: dict[str, str] = {
    Status.FULLY.value: "fully implemented",
    Status.MOSTLY.value: "mostly implemented",
    Status.PARTIALLY.value: "partially implemented",
    Status.NOT.value: "not implemented",
    Status.NO_LONGER_RELEVANT.value: "no longer relevant",
    NOT_ASSESSED: "not assessed",
}
STATUS_SHORT: dict[str, str] = {
    Status.FULLY.value: "fully",
    Status.MOSTLY.value: "mostly",
    Status.PARTIALLY.value: "partly",
    Status.NOT.value: "not",
    Status.NO_LONGER_RELEVANT.value: "n/rel",
    NOT_ASSESSED: "—",
}
STATUS_MARKS: dict[str, str] = {
    Status.FULLY.value: "●",
    Status.MOSTLY.value: "◕",
    Status.PARTIALLY.value: "◑",
    Status.NOT.value: "○",
    Status.NO_LONGER_RELEVANT.value: "×",
    NOT_ASSESSED: "·",
}


def _value(status: Status | str | None) -> str:
    if status is None:
        return NOT_ASSESSED
    return status.value if isinstance(status, Status) else str(status)


def _colour(app: App[Any], name: str, fallback: str) -> Color:
    raw = app.theme_variables.get(name, fallback)
    try:
        return Color.parse(raw)
    except Exception:
        return Color.parse(fallback)


def status_colours(app: App[Any]) -> dict[str, str]:
    """Hex colours of each status in the current theme."""
    success = _colour(app, "text-success", "#4EBF71")
    warning = _colour(app, "text-warning", "#FEA62B")
    error = _colour(app, "text-error", "#B93C5B")
    muted = _colour(app, "foreground-muted", "#888888")
    background = _colour(app, "background", "#121212")
    muted = background.blend(muted.with_alpha(1.0), muted.a)
    return {
        Status.FULLY.value: success.hex,
        Status.MOSTLY.value: success.blend(warning, 0.45).hex,
        Status.PARTIALLY.value: warning.hex,
        Status.NOT.value: error.hex,
        Status.NO_LONGER_RELEVANT.value: muted.hex,
        NOT_ASSESSED: muted.hex,
    }


def status_style(app: App[Any], status: Status | str | None) -> Style:
    return Style(color=status_colours(app)[_value(status)])


def status_text(
    app: App[Any], status: Status | str | None, *, short: bool = False, mark: bool = True
) -> Text:
    value = _value(status)
    words = (STATUS_SHORT if short else STATUS_WORDS)[value]
    text = Text()
    if mark:
        text.append(STATUS_MARKS[value] + " ", style=status_style(app, value))
    text.append(words, style=status_style(app, value))
    return text


def mix_bar(app: App[Any], counts: Mapping[str, int], width: int) -> Text:
    """A bar of `width` cells split by status, largest remainders rounding."""
    total = sum(counts.get(column, 0) for column in STATUS_COLUMNS)
    bar = Text()
    if total == 0 or width <= 0:
        bar.append("·" * max(width, 0), style="dim")
        return bar
    colours = status_colours(app)
    exact = [(column, counts.get(column, 0) * width / total) for column in STATUS_COLUMNS]
    cells = {column: int(share) for column, share in exact}
    left = width - sum(cells.values())
    for column, share in sorted(exact, key=lambda item: item[1] - int(item[1]), reverse=True):
        if left <= 0:
            break
        if share > 0:
            cells[column] += 1
            left -= 1
    for column in STATUS_COLUMNS:
        if cells[column]:
            glyph = "░" if column == NOT_ASSESSED else "█"
            bar.append(glyph * cells[column], style=Style(color=colours[column]))
    return bar


def plain(text: str) -> Text:
    """Store text as a Text: never parsed as markup."""
    return Text(text)


def one_line(text: str, limit: int = 200) -> Text:
    flat = " ".join(text.split())
    if len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    return Text(flat, no_wrap=True, overflow="ellipsis")


INSERTED = Style(underline=True)
REMOVED = Style(strike=True)


def diff_text(
    app: App[Any], pieces: Iterable[Piece], *, show: tuple[Op, ...] = (Op.INSERT, Op.DELETE)
) -> Text:
    """The pieces as one Text: equal words plain, inserted words underlined and in the
    success colour, removed words struck through and in the error colour. Without INSERT in
    `show` the older wording is shown (its own spelling of the equal words)."""
    colours = status_colours(app)
    inserted = INSERTED + Style(color=colours[Status.FULLY.value])
    removed = REMOVED + Style(color=colours[Status.NOT.value])
    text = Text()
    for piece in pieces:
        if piece.op is not Op.EQUAL and piece.op not in show:
            continue
        if text:
            text.append(" ")
        if piece.op is Op.EQUAL:
            text.append(piece.text if Op.INSERT in show else piece.as_old)
        elif piece.op is Op.INSERT:
            text.append(piece.text, style=inserted)
        else:
            text.append(piece.text, style=removed)
    return text


def labelled(label: str, value: str | Text, *, label_style: str = "bold") -> Text:
    text = Text()
    text.append(label, style=label_style)
    text.append(" ")
    text.append(value if isinstance(value, Text) else Text(value))
    return text


def describe_undo(action: str, keys: tuple[str, ...]) -> str:
    """What an undo reverted, in words: "Undone: your decision on A → B"."""
    what = {
        "decide": "decision on",
        "unsure": "'unsure' on",
        "assess": "assessment of",
        "edit": "edit of",
        "split": "split of",
        "merge": "merge of",
    }.get(action, f"{action} of")
    if not keys:
        return f"Undone: your {what.removesuffix(' of').removesuffix(' on')}"
    first = keys[0].replace(" -> ", " → ").replace(" @ ", " at ")
    more = f" (and {len(keys) - 1} more)" if len(keys) > 1 else ""
    return f"Undone: your {what} {first}{more}"
