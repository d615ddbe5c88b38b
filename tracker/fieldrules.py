"""The rules a single value follows, in one place: the import and every write path use them.

The YAML format (seed-format.md) says what each field may hold; `tracker.importing.validate`
checks a file's values with these rules, and the services check what a person gives them
(`assess`, `edit`, the reviewer's name) with the same ones, so that whatever the store holds
exports to files that import again. A rule returns the value it accepts, or raises `BadValue`
with a message that names the field and says what is wrong; the import adds the file, line and
path, a service the key it was writing.

What a person types is cleaned first (`TextField.from_person`): surrounding whitespace is
dropped, nothing else is changed; a control character is refused, never silently removed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import Enum
from typing import Any, TypeVar

from tracker.enums import Status
from tracker.errors import InvalidInput
from tracker.importing.suggest import did_you_mean, one_of

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
URL = re.compile(r"^https?://[^\s/?#]+[^\s]*$")
# C0 and C1 controls other than tab and line feed, and lone surrogates: a database cannot hold
# some of them (PostgreSQL refuses NUL) and none of them belongs in a text.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")

# Lengths that the store's columns hold, kept small enough that a link's history key
# (`<key> -> <key>`) fits its column too.
MAX_REPORT_ID = 120
MAX_NUMBER = 40
MAX_TOPIC_ID = 100
MAX_LABEL = 200
MAX_OBSERVER = 100
MAX_ASSESSOR = 200
MAX_ADDRESSEE = 100

E = TypeVar("E", bound=Enum)


class BadValue(InvalidInput):
    """A value that breaks its field's rule; the message names the field."""


@dataclass(frozen=True)
class TextField:
    """A text field: never empty or blank, no control characters, maybe one line, maybe
    limited in length."""

    what: str
    single_line: bool = True
    max_length: int | None = None

    def problem(self, value: str) -> str | None:
        """What is wrong with `value` as this field, or None."""
        what = self.what
        if not value.strip():
            return f"empty {what}: expected some text"
        bad = CONTROL.search(value)
        if bad is not None:
            return self._control(bad.group())
        if self.single_line and ("\n" in value or "\t" in value):
            return f"{what} must be one line"
        if self.max_length is not None and len(value) > self.max_length:
            return f"{what} is {len(value)} characters long, over {self.max_length}"
        return None

    def _control(self, char: str) -> str:
        return f"{self.what} holds a control character (U+{ord(char):04X})"

    def person_problem(self, value: str) -> str | None:
        """What is wrong with `value` as a person typed it (see `from_person`), or None."""
        # Before stripping: str.strip() takes some controls (U+001C..U+001F, U+0085) for
        # spaces, and a control character is refused, never silently dropped.
        bad = CONTROL.search(value)
        if bad is not None:
            return self._control(bad.group())
        return self.problem(value.strip())

    def check(self, value: str) -> str:
        problem = self.problem(value)
        if problem is not None:
            raise BadValue(problem)
        return value

    def from_person(self, value: str, where: str) -> str:
        """`value` as a person typed it, stripped and checked; `where` (the key being
        written, the option it came from) starts the message of an `InvalidInput`."""
        problem = self.person_problem(value)
        if problem is not None:
            raise BadValue(f"{where}: {problem}")
        return value.strip()

    def optional_from_person(self, value: str, where: str) -> str | None:
        """As `from_person`, for an optional field: blank means none (the export leaves an
        empty optional field out), where the value holds no control character."""
        if not value.strip() and CONTROL.search(value) is None:
            return None
        return self.from_person(value, where)


# The format's text fields (seed-format.md), by the name its messages give them.
TOPIC_LABEL = TextField("label", max_length=MAX_LABEL)
TOPIC_DESCRIPTION = TextField("description", single_line=False)
OBSERVER = TextField("observer", max_length=MAX_OBSERVER)
TITLE = TextField("title")
NOTE = TextField("note", single_line=False)
URL_TEXT = TextField("url")
NUMBER = TextField("number", max_length=MAX_NUMBER)
TEXT = TextField("text", single_line=False)
ADDRESSEE = TextField("addressee", max_length=MAX_ADDRESSEE)
EVIDENCE = TextField("evidence", single_line=False)
ASSESSOR = TextField("assessor", max_length=MAX_ASSESSOR)
# The acting reviewer's name becomes the assessor of what they assess (and the export writes
# it): the assessor's rule, worded for where the name comes from.
REVIEWER = TextField("reviewer name", max_length=MAX_ASSESSOR)


def slug(value: str, what: str, max_length: int) -> str:
    if not SLUG.match(value):
        suggestion = _slugify(value)
        hint = f" (did you mean {suggestion!r}?)" if suggestion and suggestion != value else ""
        raise BadValue(
            f"{what} {value!r} is not a slug{hint}: expected lower-case letters and digits "
            "in words joined by single hyphens"
        )
    if len(value) > max_length:
        raise BadValue(f"{what} is {len(value)} characters long, over {max_length}")
    return value


def topic_id(value: str) -> str:
    return slug(value, "topic id", MAX_TOPIC_ID)


def report_id(value: str) -> str:
    return slug(value, "report id", MAX_REPORT_ID)


def _slugify(value: str) -> str:
    words = re.findall(r"[a-z0-9]+", value.lower())
    return "-".join(words)


def number(value: str) -> str:
    """A recommendation's number as printed: text, without '#' or surrounding spaces."""
    NUMBER.check(value)
    if "#" in value or value != value.strip():
        raise BadValue(f"number {value!r} must not contain '#' or begin or end with a space")
    return value


def url(value: str) -> str:
    URL_TEXT.check(value)
    if not URL.match(value):
        raise BadValue(f"expected a web address starting with https:// or http://, found {value!r}")
    return value


def boolean(value: str) -> bool:
    if value == "true":
        return True
    if value == "false":
        return False
    raise BadValue(f"expected true or false, found {value!r}")


def date(value: str) -> dt.date:
    if not DATE.match(value):
        raise BadValue(f"expected a date as YYYY-MM-DD, found {value!r}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise BadValue(f"not a valid date: {value!r} ({exc})") from None


def choice(value: str, enum: type[E], what: str) -> E:
    """The member of `enum` whose value is `value` (a status, a report kind ...)."""
    members = _members(enum)
    if value in members:
        return members[value]
    values = list(members)
    raise BadValue(
        f"unknown {what} {value!r}{did_you_mean(value, values)}; expected one of: {one_of(values)}"
    )


_MEMBERS: dict[type[Enum], dict[str, Any]] = {}


def _members(enum: type[E]) -> dict[str, E]:
    """The enum's members by value, computed once."""
    found = _MEMBERS.get(enum)
    if found is None:
        found = _MEMBERS[enum] = {str(member.value): member for member in enum}
    return found


def parse_reference(key: str) -> tuple[str, str] | None:
    """`<report id>#<number>` -> (report id, number), or None where it is not one."""
    report, sep, num = key.partition("#")
    if not sep or not SLUG.match(report) or not num or "#" in num:
        return None
    if num != num.strip() or len(report) > MAX_REPORT_ID or len(num) > MAX_NUMBER:
        return None
    return report, num


def reference(value: str) -> str:
    if parse_reference(value) is None:
        raise BadValue(f"expected a recommendation key '<report id>#<number>', found {value!r}")
    return value


def status(value: str) -> Status:
    return choice(value, Status, "status")
