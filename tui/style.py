"""How store data looks: statuses in colour and word, word differences, bars.

Everything returns `rich.text.Text` built with `append`, never markup: recommendation text is
data, and `[bold]` in it shows as `[bold]`. Colours come from the current theme's text colours,
which Textual keeps readable on both light and dark backgrounds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from rich.style import Style
from rich.text import Text
from textual.app import App
from textual.color import Color

from tracker.enums import Status
from tracker.followup.summary import STATUS_COLUMNS
from tracker.history_entries import HistoryKey
from tracker.services.history import UndoResult
from tracker.vocabulary import NOT_ASSESSED, STATUS_SHORT, STATUS_WORDS, status_key
from tracker.wording import Op, Piece

STATUS_MARKS: dict[str, str] = {
    Status.FULLY.value: "●",
    Status.MOSTLY.value: "◕",
    Status.PARTIALLY.value: "◑",
    Status.NOT.value: "○",
    Status.NO_LONGER_RELEVANT.value: "×",
    NOT_ASSESSED: "·",
}


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
    return Style(color=status_colours(app)[status_key(status)])


def status_text(
    app: App[Any], status: Status | str | None, *, short: bool = False, mark: bool = True
) -> Text:
    value = status_key(status)
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


UNDO_ACTIONS: dict[str, str] = {
    "decide": "decision",
    "unsure": "'unsure'",
    "assess": "assessment",
    "edit": "edit",
    "split": "split",
    "merge": "merge",
}
# Written beside the field that matters; named only when nothing else changed.
_QUIET_FIELDS = frozenset({"assessor", "decided_by", "decided_at"})


class Change(Protocol):
    """One reverted history entry (`tracker.services.history.UndoChange` has this shape)."""

    @property
    def entity(self) -> str: ...
    @property
    def key(self) -> HistoryKey: ...
    @property
    def field(self) -> str | None: ...
    @property
    def undone(self) -> Any: ...
    @property
    def restored(self) -> Any: ...


def value_words(field: str | None, value: Any, *, limit: int = 32) -> str:
    """A history value in a few words: statuses in words, long text cut, nothing as "none"."""
    if value is None or value == "" or value == []:
        return "none"
    if field == "status" and isinstance(value, str):
        return STATUS_WORDS.get(value, value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(" ".join(str(item).split()) for item in value)
    if isinstance(value, dict):
        if "status" in value:
            return value_words("status", value["status"])
        if "state" in value:
            return " ".join(str(value[name]) for name in ("state", "kind") if value.get(name))
        return "a row"
    flat = " ".join(str(value).split())
    if not isinstance(value, str) or field in {"kind", "state"}:
        return flat
    if len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    return f"'{flat}'"


def _value_pair(change: Change, limit: int = 32) -> str:
    """ "before → after"; two long texts that begin alike are shown from a little before
    where they differ, so that two undos of the same field never read the same."""
    before, after = change.undone, change.restored
    if not (isinstance(before, str) and isinstance(after, str)):
        return f"{value_words(change.field, before)} → {value_words(change.field, after)}"
    before, after = " ".join(before.split()), " ".join(after.split())
    if max(len(before), len(after)) <= limit:
        return f"{value_words(change.field, before)} → {value_words(change.field, after)}"
    same = next(
        (i for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b),
        min(len(before), len(after)),
    )
    start = before.rfind(" ", 0, max(0, same - 12)) + 1 if same > limit // 2 else 0

    def part(text: str) -> str:
        if not text:
            return "none"
        cut = ("…" if start else "") + text[start : start + limit]
        return f"'{cut}…'" if len(text) > start + limit else f"'{cut}'"

    return f"{part(before)} → {part(after)}"


def _absent(entity: str) -> str:
    return "not assessed" if entity == "assessment" else "none"


def _row_change(change: Change) -> str:
    """A whole row the action created (undo removed it) or removed (undo put it back)."""
    before = _absent(change.entity) if change.undone is None else value_words(None, change.undone)
    after = (
        _absent(change.entity) if change.restored is None else value_words(None, change.restored)
    )
    return f"{before} → {after}"


def describe_undo(action: str, keys: tuple[HistoryKey, ...], changes: Iterable[Change] = ()) -> str:
    """What an undo reverted, in words, naming the action, the key, the fields and their
    values: "Undid assessment: status of K at R (mostly implemented → not implemented)".
    Without `changes` (an older caller) it names the action and the key only."""
    what = UNDO_ACTIONS.get(action, action)
    if not keys:
        return f"Undid your {what}"
    first = keys[0]
    more = f" (and {len(keys) - 1} more)" if len(keys) > 1 else ""
    mine = [change for change in changes if change.key == first]
    if not mine:
        on = "on" if action in {"decide", "unsure"} else "of"
        return f"Undid your {what} {on} {first.shown}{more}"
    rows = [change for change in mine if change.field is None]
    if rows:
        on = "on" if action in {"decide", "unsure"} else "of"
        return f"Undid {what} {on} {first.shown} ({_row_change(rows[-1])}){more}"
    fields = [change for change in mine if change.field not in _QUIET_FIELDS] or mine
    names = " and ".join(dict.fromkeys(str(change.field) for change in fields))
    values = "; ".join(
        (f"{change.field} " if len(fields) > 1 else "") + _value_pair(change) for change in fields
    )
    return f"Undid {what}: {names} of {first.shown} ({values}){more}"


def undo_message(result: UndoResult) -> str:
    """The toast after `history.undo_last`."""
    return describe_undo(result.action, result.keys, result.changes)


def assessed_message(
    key: str,
    old: Status | None,
    new: Status,
    *,
    old_assessor: str | None,
    actor: str,
) -> str:
    """What a status key recorded: "K: partially implemented → fully implemented (was bob's)"."""
    if old is None:
        return f"{key}: not assessed → {STATUS_WORDS[new.value]}"
    if old == new:
        return f"{key}: {STATUS_WORDS[new.value]}, as it was"
    if old_assessor is None:
        who = ""
    elif old_assessor == actor:
        who = " (was yours)"
    else:
        who = f" (was by {old_assessor})"
    return f"{key}: {STATUS_WORDS[old.value]} → {STATUS_WORDS[new.value]}{who}"
