"""Dialogs: confirm, pick from a list, write evidence, edit a recommendation, set filters.

Each returns its answer through `dismiss`; none touches the store (the screen that opened it
does, in a worker, with the answer)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, OptionList, Select, SelectionList, Static, TextArea
from textual.widgets.option_list import Option

from tracker.followup.threads import Flag
from tracker.services import editing
from tracker.services.browse import STATUS_CHOICES, BrowseQuery, FilterOptions
from tracker.vocabulary import STATUS_WORDS
from tui import keys


def hint(text: str) -> Static:
    return Static(Text(text, style="dim"), classes="dialog-hint")


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = keys.CONFIRM

    def __init__(self, title: str, message: str) -> None:
        super().__init__()
        self.title_text = title
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog", classes="dialog"):
            yield Static(Text(self.message), id="confirm-message")
            yield hint("y: yes · n or Esc: no")

    def on_mount(self) -> None:
        self.query_one("#confirm-dialog").border_title = Text(self.title_text)

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


@dataclass(frozen=True)
class Choice:
    value: str
    label: Text
    search: str  # what typing filters on


class PickScreen(ModalScreen[str | None]):
    """Pick one of many: type to narrow, arrows to move, Enter to choose, Esc to cancel."""

    BINDINGS = [
        *keys.PICK,
        Binding("down", "to_list", "List", show=False),
    ]

    def __init__(self, title: str, choices: Sequence[Choice], current: str | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.choices = list(choices)
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="pick-dialog", classes="dialog"):
            yield Input(placeholder="type to narrow", id="pick-filter", compact=True)
            yield OptionList(id="pick-list")
            yield hint("Enter: choose · Esc: cancel")

    def on_mount(self) -> None:
        self.query_one("#pick-dialog").border_title = Text(self.title_text)
        self._fill("")
        self.query_one("#pick-filter", Input).focus()

    def _fill(self, text: str) -> None:
        words = text.lower().split()
        options = self.query_one("#pick-list", OptionList)
        options.clear_options()
        shown = [c for c in self.choices if all(word in c.search.lower() for word in words)]
        options.add_options([Option(choice.label, id=choice.value) for choice in shown])
        if shown:
            index = next((i for i, c in enumerate(shown) if c.value == self.current), 0)
            options.highlighted = index

    @on(Input.Changed, "#pick-filter")
    def _narrow(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#pick-filter")
    def _choose_highlighted(self) -> None:
        options = self.query_one("#pick-list", OptionList)
        if options.highlighted is not None:
            self.dismiss(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected, "#pick-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_to_list(self) -> None:
        self.query_one("#pick-list", OptionList).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)


class EvidenceScreen(ModalScreen[str | None]):
    BINDINGS = keys.EVIDENCE

    def __init__(self, title: str, evidence: str | None) -> None:
        super().__init__()
        self.title_text = title
        self.evidence = evidence or ""

    def compose(self) -> ComposeResult:
        with Vertical(id="evidence-dialog", classes="dialog"):
            yield TextArea(self.evidence, id="evidence-text", soft_wrap=True, compact=True)
            yield hint("Ctrl+S: save · Esc: cancel")

    def on_mount(self) -> None:
        self.query_one("#evidence-dialog").border_title = Text(self.title_text)
        area = self.query_one("#evidence-text", TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        self.dismiss(self.query_one("#evidence-text", TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True)
class EditValues:
    text: str
    topics: list[str]
    priority: bool
    addressees: list[str]


class EditScreen(ModalScreen[EditValues | None]):
    """Correct a recommendation: text, topics, priority, addressees."""

    BINDINGS = keys.EDIT

    def __init__(
        self,
        key: str,
        version: int,
        values: EditValues,
        topics: Sequence[tuple[str, str]],
    ) -> None:
        super().__init__()
        self.key = key
        self.version = version
        self.values = values
        self.topics = list(topics)
        self.discard_asked = False

    def compose(self) -> ComposeResult:
        with Vertical(id="edit-dialog", classes="dialog"):
            yield TextArea(self.values.text, id="edit-text", soft_wrap=True, compact=True)
            with Horizontal(id="edit-row"):
                yield Checkbox(
                    self._priority_label(self.values.priority),
                    self.values.priority,
                    id="edit-priority",
                    compact=True,
                )
                yield Static("Addressees", classes="field-label")
                yield Input(
                    ", ".join(self.values.addressees),
                    id="edit-addressees",
                    placeholder="parliament, cec",
                    compact=True,
                )
            yield Static(self._topics_label(self.values.topics), id="edit-topics-label")
            chosen = set(self.values.topics)
            ordered = sorted(self.topics, key=lambda topic: (topic[0] not in chosen, topic[1]))
            yield SelectionList[str](
                *[
                    (Text(f"{label} ({topic_id})"), topic_id, topic_id in chosen)
                    for topic_id, label in ordered
                ],
                id="edit-topics",
                compact=True,
            )
            yield hint("Tab: next field · Ctrl+S: save · Esc: cancel")

    def on_mount(self) -> None:
        self.query_one("#edit-dialog").border_title = Text(f"Edit {self.key}")  # data: no markup
        self.query_one("#edit-text", TextArea).focus()

    @staticmethod
    def _priority_label(value: bool) -> str:
        return "Priority: yes" if value else "Priority: no"

    def _topics_label(self, chosen: Sequence[str]) -> Text:
        labels = dict(self.topics)
        text = Text("Topics: ", style="bold")
        text.append(", ".join(labels.get(topic, topic) for topic in chosen) or "none")
        text.append("  (space toggles)", style="dim")
        return text

    @on(Checkbox.Changed, "#edit-priority")
    def _priority_changed(self, event: Checkbox.Changed) -> None:
        event.checkbox.label = self._priority_label(event.value)

    @on(SelectionList.SelectedChanged, "#edit-topics")
    def _topics_changed(self, event: SelectionList.SelectedChanged[str]) -> None:
        chosen = [topic for topic, _ in self.topics if topic in set(event.selection_list.selected)]
        self.query_one("#edit-topics-label", Static).update(self._topics_label(chosen))

    def _current(self) -> EditValues:
        addressees = self.query_one("#edit-addressees", Input).value
        return EditValues(
            text=self.query_one("#edit-text", TextArea).text,
            topics=list(self.query_one("#edit-topics", SelectionList).selected),
            priority=self.query_one("#edit-priority", Checkbox).value,
            addressees=[word.strip() for word in addressees.split(",") if word.strip()],
        )

    def action_save(self) -> None:
        values = self._current()
        problem = editing.values_problem(values.text, values.topics, values.addressees)
        if problem:  # stay open: the other changes are not lost
            self.notify(f"Not saved: {problem}", severity="error")
            return
        self.dismiss(values)

    def action_cancel(self) -> None:
        changed = self._current() != self.values
        if changed and not self.discard_asked:
            self.discard_asked = True
            self.notify("Unsaved changes: Esc again discards them, Ctrl+S saves.")
            return
        self.dismiss(None)


ANY = "any"


class FiltersScreen(ModalScreen[BrowseQuery | None]):
    """The filters of Browse; Ctrl+S (or Enter on a field) applies, Esc cancels."""

    BINDINGS = keys.FILTERS

    def __init__(self, query: BrowseQuery, options: FilterOptions) -> None:
        super().__init__()
        self.query_value = query
        self.options = options

    def _select(self, id: str, choices: list[tuple[str, str]], value: str | None) -> Select[str]:
        return Select[str](
            [(Text(label), key) for label, key in choices],
            value=value if value is not None else ANY,
            allow_blank=False,
            id=id,
            compact=True,
        )

    def _election_choices(self, country: str | None) -> list[tuple[str, str]]:
        return [("any election", ANY)] + [
            (f"{e.country} {e.label}", str(e.id)) for e in self.options.elections_of(country)
        ]

    def compose(self) -> ComposeResult:
        query = self.query_value
        with Vertical(id="filters-dialog", classes="dialog"):
            with Grid(id="filters-grid"):
                yield Static("Country", classes="field-label")
                yield self._select(
                    "filter-country",
                    [("any country", ANY)] + [(c, c) for c in self.options.countries],
                    query.country,
                )
                yield Static("Election", classes="field-label")
                yield self._select(
                    "filter-election",
                    self._election_choices(query.country),
                    str(query.election_id) if query.election_id is not None else None,
                )
                yield Static("Observer", classes="field-label")
                yield self._select(
                    "filter-observer",
                    [("any observer", ANY)] + [(o, o) for o in self.options.observers],
                    query.observer,
                )
                yield Static("Topic", classes="field-label")
                yield self._select(
                    "filter-topic",
                    [("any topic", ANY)] + [(label, t) for t, label in self.options.topics],
                    query.topic,
                )
                yield Static("Last status", classes="field-label")
                yield self._select(
                    "filter-status",
                    [("any status", ANY)] + [(STATUS_WORDS[s], s) for s in STATUS_CHOICES],
                    query.status,
                )
                yield Static("Priority", classes="field-label")
                yield self._select(
                    "filter-priority",
                    [("any", ANY), ("priority only", "yes"), ("not priority", "no")],
                    None if query.priority is None else ("yes" if query.priority else "no"),
                )
                yield Static("Thread flag", classes="field-label")
                yield self._select(
                    "filter-flag",
                    [("any", ANY)] + [(flag.value, flag.value) for flag in Flag],
                    query.flag.value if query.flag else None,
                )
            yield hint("Enter opens a list · Ctrl+S: apply · Esc: cancel")

    def on_mount(self) -> None:
        self.query_one("#filters-dialog").border_title = "Filters"
        self.query_one("#filter-country", Select).focus()

    @on(Select.Changed, "#filter-country")
    def _country_changed(self, event: Select.Changed) -> None:
        country = None if event.value in (ANY, Select.NULL) else str(event.value)
        election = self.query_one("#filter-election", Select)
        current = election.value
        choices = self._election_choices(country)
        election.set_options([(Text(label), value) for label, value in choices])
        if current in {value for _, value in choices}:
            election.value = current
        else:
            election.value = ANY

    def _value(self, id: str) -> str | None:
        value = self.query_one(f"#{id}", Select).value
        return None if value in (ANY, Select.NULL) else str(value)

    def action_apply(self) -> None:
        election = self._value("filter-election")
        priority = self._value("filter-priority")
        flag = self._value("filter-flag")
        self.dismiss(
            self.query_value.with_changes(
                country=self._value("filter-country"),
                election_id=int(election) if election else None,
                observer=self._value("filter-observer"),
                topic=self._value("filter-topic"),
                status=self._value("filter-status"),
                priority=None if priority is None else priority == "yes",
                flag=Flag(flag) if flag else None,
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
