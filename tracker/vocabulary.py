"""The words people see for the model's values, defined once for the CLI, the TUI and the
reports, so that a status reads the same wherever it is shown.

Three forms of a status, for three amounts of room:
- `STATUS_WORDS`: in running text and wherever there is room ("partially implemented").
- `STATUS_HEADINGS`: the column headings of the reports' tables, which have room for a word
  but not for a phrase ("Partially").
- `STATUS_SHORT`: narrow terminal columns and cells ("partly"); `SHORT_LEGEND` spells out the
  two that are not plain words. As narrow as the CLI's status tables need to fit 80 columns.
Keys are the stored values plus `NOT_ASSESSED`, the column of recommendations without a status.
"""

from __future__ import annotations

import datetime as dt

from tracker.enums import Status

# The column of recommendations without a status (not a stored value: no row holds it).
NOT_ASSESSED = "not-assessed"

STATUS_WORDS: dict[str, str] = {
    **{status.value: status.label.lower() for status in Status},
    NOT_ASSESSED: "not assessed",
}
STATUS_HEADINGS: dict[str, str] = {
    Status.FULLY.value: "Fully",
    Status.MOSTLY.value: "Mostly",
    Status.PARTIALLY.value: "Partially",
    Status.NOT.value: "Not",
    Status.NO_LONGER_RELEVANT.value: "No longer relevant",
    NOT_ASSESSED: "Not assessed",
}
STATUS_SHORT: dict[str, str] = {
    Status.FULLY.value: "fully",
    Status.MOSTLY.value: "mostly",
    Status.PARTIALLY.value: "partly",
    Status.NOT.value: "not",
    Status.NO_LONGER_RELEVANT.value: "n/r",
    NOT_ASSESSED: "n/a",
}
SHORT_LEGEND = "n/r: no longer relevant; n/a: not assessed"


def status_key(status: Status | str | None) -> str:
    """The key of the dictionaries above: a status's value, or NOT_ASSESSED for none."""
    if status is None:
        return NOT_ASSESSED
    return status.value if isinstance(status, Status) else str(status)


def status_words(status: Status | str | None) -> str:
    return STATUS_WORDS[status_key(status)]


def status_short(status: Status | str | None) -> str:
    return STATUS_SHORT[status_key(status)]


def election_label(date: dt.date, election_type: str) -> str:
    """An election as a person names it: `2021-01-10 parliamentary`."""
    return f"{date.isoformat()} {election_type}"
