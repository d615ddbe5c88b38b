"""Every key binding of the app, each with an id, and the user's overrides.

Overrides live in a TOML file, `keys.toml` in the user's config folder (or the file named by
`RECTRACK_KEYS`):

    [keys]
    triage.restates = "y"
    triage.distinct = "x,delete"      # several keys: comma-separated
    nav.browse = "f3,ctrl+b"

An id is `<screen>.<action>` (`help` and the `nav.*` ids are app-wide). Textual's keymap
(`App.set_keymap`) applies them, so the footer and the help screen show the user's keys.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs
from textual.binding import Binding, BindingType
from textual.keys import KEY_NAME_REPLACEMENTS, Keys, key_to_character

from tracker.matching.review import Decision

KEYS_ENV = "RECTRACK_KEYS"


def default_keys_path() -> Path:
    return Path(platformdirs.user_config_dir("rectrack", appauthor=False)) / "keys.toml"


APP: list[BindingType] = [
    Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True, show=False),
    Binding("question_mark,f1", "help", "Help", id="help", key_display="?"),
    Binding("f2", "go('overview')", "Overview", id="nav.overview", show=False),
    Binding("f3", "go('browse')", "Browse", id="nav.browse", show=False),
    Binding("f4", "go('triage')", "Triage", id="nav.triage", show=False),
    Binding("f5", "go('assess')", "Assess", id="nav.assess", show=False),
    Binding("f6", "go('briefing')", "Briefing", id="nav.briefing", show=False),
]

OVERVIEW: list[BindingType] = [
    Binding(
        "enter",
        "browse_country",
        "Browse",
        id="overview.browse",
        tooltip="Browse the selected country's recommendations",
    ),
    Binding(
        "t",
        "triage_country",
        "Triage",
        id="overview.triage",
        tooltip="Triage the selected country's proposals",
    ),
    Binding(
        "a",
        "assess_country",
        "Assess",
        id="overview.assess",
        tooltip="Assess with the selected country's latest report",
    ),
    Binding(
        "b",
        "briefing_country",
        "Briefing",
        id="overview.briefing",
        tooltip="The selected country's briefing",
    ),
    Binding(
        "ctrl+r", "refresh", "Reload", id="overview.reload", tooltip="Reload the counts", show=False
    ),
]

BROWSE: list[BindingType] = [
    Binding(
        "slash",
        "focus_search",
        "Search",
        id="browse.search",
        tooltip="Type words to search the texts (the last word may be partial)",
        key_display="/",
    ),
    Binding(
        "f",
        "filters",
        "Filters",
        id="browse.filters",
        tooltip="Filter by country, election, observer, topic, status, priority, flag",
    ),
    Binding(
        "x",
        "clear_filters",
        "Clear",
        id="browse.clear",
        tooltip="Clear every filter (keeps the search words)",
    ),
    Binding(
        "e",
        "edit",
        "Edit",
        id="browse.edit",
        tooltip="Correct the text, topics, priority, addressees (kept in the history)",
    ),
    Binding(
        "t",
        "thread",
        "Thread",
        id="browse.thread",
        tooltip="The thread: its wordings, their differences, its timeline",
    ),
    Binding("o", "order", "Order", id="browse.order", tooltip="Order: newest, oldest, best match"),
    Binding(
        "u", "undo", "Undo", id="browse.undo", tooltip="Undo your last action (from the history)"
    ),
    Binding(
        "d,enter",
        "toggle_detail",
        "Detail",
        id="browse.detail",
        tooltip="Enlarge the detail pane (and back)",
        show=False,
    ),
    Binding("ctrl+r", "refresh", "Reload", id="browse.reload", tooltip="Search again", show=False),
]

# The search field keeps every printable key; these leave it.
SEARCH_FIELD: list[BindingType] = [
    Binding(
        "escape",
        "leave_search",
        "To the table",
        id="browse.leave_search",
        tooltip="Leave the search field for the table",
    ),
    Binding("down", "leave_search", "To the table", id="browse.search_down", show=False),
]

TRIAGE: list[BindingType] = [
    # A decision is per recommendation: a digit says which candidate it restates, 0 none of
    # them; l, d, s decide the selected candidate alone. `u` is undo on every screen.
    *(
        Binding(
            str(rank),
            f"pick({rank})",
            "Restates" if rank == 1 else f"Restates {rank}",
            id=f"triage.pick{rank}",
            tooltip=f"Restates candidate {rank}; the other candidates are closed",
            show=rank == 1,
        )
        for rank in range(1, 10)
    ),
    Binding("0", "none", "None", id="triage.none", tooltip="Restates none of them: close them all"),
    Binding(
        Decision.RESTATES.key,
        "pick_selected",
        "Restates selected",
        id="triage.restates",
        tooltip="Restates the selected candidate; the others are closed",
        show=False,
    ),
    Binding(
        "space",
        "mark",
        "Mark",
        id="triage.mark",
        tooltip="Mark the selected candidate for a merge (Enter records the marked ones)",
        show=False,
    ),
    Binding(
        "enter",
        "pick_marked",
        "Restates marked",
        id="triage.merge",
        tooltip="Restates every marked candidate (a merge)",
        show=False,
    ),
    Binding(
        Decision.RELATED.key,
        "pair('related')",
        "Related",
        id="triage.related",
        tooltip="The selected candidate: overlapping subject, different ask",
    ),
    Binding(
        Decision.DISTINCT.key,
        "pair('distinct')",
        "Distinct",
        id="triage.distinct",
        tooltip="The selected candidate: not the same ask (never proposed again)",
    ),
    Binding(
        "s",
        "unsure",
        "Unsure",
        id="triage.skip",
        tooltip="Unsure: leave the candidates open; your queue passes this one by",
        show=False,
    ),
    Binding(
        "u", "undo", "Undo", id="triage.undo", tooltip="Undo your last decision (from the history)"
    ),
    Binding(
        "down,j",
        "select(1)",
        "Select",
        id="triage.candidate",
        tooltip="Select the next candidate (its differences and thread show)",
        key_display="↓",
        show=False,
    ),
    Binding(
        "up,k",
        "select(-1)",
        "Select up",
        id="triage.candidate_up",
        tooltip="Select the previous candidate",
        show=False,
    ),
    Binding(
        "n,right",
        "step(1)",
        "Next",
        id="triage.next",
        tooltip="Next recommendation, leaving this one for later",
        key_display="n",
    ),
    Binding(
        "p,left",
        "step(-1)",
        "Prev",
        id="triage.previous",
        tooltip="Previous recommendation of this session",
        key_display="p",
    ),
    Binding(
        "t",
        "thread",
        "Thread",
        id="triage.thread",
        tooltip="The selected candidate's thread",
        show=False,
    ),
    Binding(
        "A",
        "bulk_accept",
        "Accept strong",
        id="triage.bulk",
        tooltip="Accept every strong proposal, after a confirmation",
        show=False,
    ),
    Binding(
        "ctrl+r",
        "refresh",
        "Reload",
        id="triage.reload",
        tooltip="Start the queue again from the store",
        show=False,
    ),
]

ASSESS: list[BindingType] = [
    Binding(
        "1", "assess('fully-implemented')", "Fully", id="assess.fully", tooltip="Fully implemented"
    ),
    Binding(
        "2",
        "assess('mostly-implemented')",
        "Mostly",
        id="assess.mostly",
        tooltip="Mostly implemented",
    ),
    Binding(
        "3",
        "assess('partially-implemented')",
        "Partly",
        id="assess.partially",
        tooltip="Partially implemented",
    ),
    Binding("4", "assess('not-implemented')", "Not", id="assess.not", tooltip="Not implemented"),
    Binding(
        "5",
        "assess('no-longer-relevant')",
        "N/R",
        id="assess.no_longer_relevant",
        tooltip="No longer relevant",
    ),
    Binding(
        "e",
        "evidence",
        "Evidence",
        id="assess.evidence",
        tooltip="Write the evidence for this assessment",
    ),
    Binding(
        "u", "undo", "Undo", id="assess.undo", tooltip="Undo your last action (from the history)"
    ),
    Binding(
        "n",
        "next_pending",
        "Next",
        id="assess.next",
        tooltip="Next recommendation not yet assessed",
    ),
    Binding(
        "r", "pick_report", "Report", id="assess.report", tooltip="Choose the assessing report"
    ),
    Binding(
        "s",
        "scope",
        "Scope",
        id="assess.scope",
        tooltip="Previous election only, or every earlier election",
        show=False,
    ),
    Binding(
        "t",
        "thread",
        "Thread",
        id="assess.thread",
        tooltip="The recommendation's thread",
        show=False,
    ),
    Binding(
        "ctrl+r", "refresh", "Reload", id="assess.reload", tooltip="Reload the queue", show=False
    ),
]

BRIEFING: list[BindingType] = [
    Binding(
        "x",
        "export",
        "Export",
        id="briefing.export",
        tooltip="Save the briefing as a Markdown file",
    ),
    Binding("c", "pick_country", "Country", id="briefing.country", tooltip="Choose the country"),
    Binding(
        "ctrl+r",
        "refresh",
        "Reload",
        id="briefing.reload",
        tooltip="Build the briefing again",
        show=False,
    ),
]

THREAD: list[BindingType] = [
    Binding("escape,backspace", "close", "Back", id="thread.close", key_display="esc"),
]

EDIT: list[BindingType] = [
    Binding("ctrl+s", "save", "Save", id="edit.save", priority=True),
    Binding("escape", "cancel", "Cancel", id="edit.cancel"),
]

EVIDENCE: list[BindingType] = [
    Binding("ctrl+s", "save", "Save", id="evidence.save", priority=True),
    Binding("escape", "cancel", "Cancel", id="evidence.cancel"),
]

HELP: list[BindingType] = [
    Binding("escape,question_mark,q", "close", "Close", id="help.close", key_display="esc"),
]

CONFIRM: list[BindingType] = [
    Binding("y", "answer(True)", "Yes", id="confirm.yes"),
    Binding("n,escape", "answer(False)", "No", id="confirm.no", key_display="n"),
]

PICK: list[BindingType] = [
    Binding("escape", "cancel", "Cancel", id="pick.cancel"),
]

FILTERS: list[BindingType] = [
    Binding("ctrl+s", "apply", "Apply", id="filters.apply", priority=True),
    Binding("escape", "cancel", "Cancel", id="filters.cancel"),
]

ALL: tuple[list[BindingType], ...] = (
    APP,
    OVERVIEW,
    BROWSE,
    SEARCH_FIELD,
    TRIAGE,
    ASSESS,
    BRIEFING,
    THREAD,
    EDIT,
    EVIDENCE,
    HELP,
    CONFIRM,
    PICK,
    FILTERS,
)


def binding_ids() -> dict[str, Binding]:
    found: dict[str, Binding] = {}
    for group in ALL:
        for binding in group:
            assert isinstance(binding, Binding) and binding.id is not None, binding
            assert binding.id not in found, f"duplicate binding id {binding.id}"
            found[binding.id] = binding
    return found


@dataclass
class Keymap:
    """The user's overrides: binding id -> keys; `problems` says what was ignored and why."""

    keys: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    path: Path | None = None


def _flatten(table: Mapping[str, Any], prefix: str = "") -> Iterable[tuple[str, Any]]:
    for name, value in table.items():
        full = f"{prefix}{name}"
        if isinstance(value, Mapping):
            yield from _flatten(value, f"{full}.")
        else:
            yield full, value


def parse_keymap(text: str, path: Path | None = None) -> Keymap:
    where = str(path) if path else "the key file"
    keymap = Keymap(path=path)
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        keymap.problems.append(f"{where}: not valid TOML ({exc}); default keys are used")
        return keymap
    table = document.get("keys", {})
    if not isinstance(table, Mapping):
        keymap.problems.append(f"{where}: [keys] must be a table")
        return keymap
    known = binding_ids()
    for binding_id, value in _flatten(table):
        if binding_id not in known:
            keymap.problems.append(f"{where}: unknown binding id {binding_id!r}")
            continue
        if not isinstance(value, str) or not value.strip():
            keymap.problems.append(f'{where}: {binding_id} must be a key, like "r" or "ctrl+r"')
            continue
        wanted = [key.strip() for key in value.split(",") if key.strip()]
        unknown = [key for key in wanted if not is_key(key)]
        if unknown:
            keymap.problems.append(
                f'{where}: {binding_id}: {unknown[0]!r} is not a key name (like "r", '
                '"ctrl+r", "f5", "delete" or "question_mark"); its default keys are kept'
            )
            continue
        keymap.keys[binding_id] = ",".join(wanted)
    _drop_clashes(keymap, known, where)
    return keymap


MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
NAMED_KEYS = (
    frozenset(key.value.rpartition("+")[2] for key in Keys)
    | frozenset(KEY_NAME_REPLACEMENTS.values())
    | {"space"}
)


def is_key(key: str) -> bool:
    """Whether Textual knows the key: modifiers, then one character or a key name ("enter",
    "f5") or the name of an ASCII character ("question_mark")."""
    *modifiers, base = key.lower().split("+")
    if not base or any(modifier not in MODIFIERS for modifier in modifiers):
        return False
    if len(key.rpartition("+")[2]) == 1 or base in NAMED_KEYS:
        return True
    character = key_to_character(base)
    return character is not None and character.isascii()


def _drop_clashes(keymap: Keymap, known: Mapping[str, Binding], where: str) -> None:
    """An override that takes a key another binding of the same screen (or an app-wide one)
    holds would silently leave that one without it: such overrides are ignored, and said."""

    def split(value: str) -> set[str]:
        return {key.strip() for key in value.split(",") if key.strip()}

    def keys_of(binding_id: str) -> set[str]:
        return split(keymap.keys.get(binding_id, known[binding_id].key))

    def shared_by_default(first: str, second: str) -> set[str]:
        return split(known[first].key) & split(known[second].key)

    app_ids = [str(binding.id) for binding in APP if isinstance(binding, Binding)]
    for group in ALL[1:]:
        ids = [str(binding.id) for binding in group if isinstance(binding, Binding)] + app_ids
        for binding_id in ids:
            if binding_id not in keymap.keys:
                continue
            for other in ids:
                if other == binding_id:
                    continue
                # Keys the two shared already (help and help.close: '?') are no clash.
                shared = sorted(
                    keys_of(binding_id) & keys_of(other) - shared_by_default(binding_id, other)
                )
                if shared:
                    keymap.problems.append(
                        f"{where}: {binding_id} = {keymap.keys[binding_id]!r} takes {shared[0]!r}, "
                        f"the key of {other}: ignored (give {other} another key too)"
                    )
                    del keymap.keys[binding_id]
                    break


def load_keymap(path: Path | None = None) -> Keymap:
    """The overrides from `path`, `RECTRACK_KEYS` or the default file (none if the default
    file is absent)."""
    named = path or (Path(os.environ[KEYS_ENV]) if os.environ.get(KEYS_ENV) else None)
    chosen = named or default_keys_path()
    try:
        text = chosen.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        if named is None:  # the default file is optional; a file the user named is not
            return Keymap(path=None)
        return Keymap(problems=[f"{chosen}: no such key file; default keys are used"], path=chosen)
    except OSError as exc:
        return Keymap(problems=[f"{chosen}: cannot be read ({exc.strerror})"], path=chosen)
    return parse_keymap(text, chosen)
