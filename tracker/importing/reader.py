"""Reading one YAML file into a tree of text nodes, without constructing any Python object.

The format's rules (seed-format.md) at this level:
- a file is at most MAX_FILE_BYTES long, UTF-8 (a byte-order mark is ignored), one document;
- every scalar is text: there are no implicit types, the schema converts text to values;
- anchors, aliases and tags are refused at their line. The check runs on the parser's events,
  so an alias bomb is refused before anything could expand it: nothing here ever follows an
  alias, and no Python object is constructed from the YAML.

PyYAML's libyaml parser (CSafeLoader) is used where it is available, else the pure-Python one.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple, Protocol

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from tracker.importing.issues import FILE_PATH, ImportIssue

MAX_FILE_BYTES = 5 * 1024 * 1024
"""The size limit of one input file (5 MiB): ten times the largest real report, and small
enough that a hostile file cannot exhaust memory. Larger reports can be split: the
recommendations of a report must be in one file, but its assessments may not be enormous."""

MAX_READER_ISSUES = 20
"""Anchors, aliases and tags reported per file before the reader stops looking."""

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
USING_LIBYAML = _BaseLoader is not yaml.SafeLoader


class TextLoader(_BaseLoader):  # type: ignore[misc]
    """A safe loader without implicit resolvers: every scalar resolves to text. Only its parser
    is used here (events); it never constructs."""

    yaml_implicit_resolvers: dict[str, list[object]] = {}


class Scalar(NamedTuple):
    value: str
    line: int
    column: int

    @property
    def kind(self) -> str:
        return "text"


class Sequence(NamedTuple):
    items: tuple[Node, ...]
    line: int
    column: int

    @property
    def kind(self) -> str:
        return "a list"


class Mapping(NamedTuple):
    """Entries in their order, duplicates included: the schema names them with their path."""

    entries: tuple[tuple[Node, Node], ...]
    line: int
    column: int

    @property
    def kind(self) -> str:
        return "a mapping"


Node = Scalar | Sequence | Mapping


def describe(node: Node) -> str:
    """How an error message names what it found instead of what it expected."""
    if isinstance(node, Scalar):
        shown = node.value if len(node.value) <= 40 else node.value[:37] + "..."
        return f"text {shown!r}" if node.value else "an empty value"
    return node.kind


def read_file(path: Path, name: str) -> tuple[Node | None, list[ImportIssue]]:
    """The file's document as nodes, or None and the issues that stopped the reading."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [_too_large(name, size)]
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return None, [ImportIssue(name, 1, 1, FILE_PATH, f"cannot read: {exc.strerror or exc}")]
    if len(data) > MAX_FILE_BYTES:
        return None, [_too_large(name, len(data))]
    return read_bytes(data, name)


def _too_large(name: str, size: int) -> ImportIssue:
    return ImportIssue(
        name,
        1,
        1,
        FILE_PATH,
        f"the file is {size:,} bytes, over the limit of {MAX_FILE_BYTES:,} bytes (5 MiB); "
        "split it into smaller files",
    )


def read_bytes(data: bytes, name: str) -> tuple[Node | None, list[ImportIssue]]:
    text, issue = decode(data, name)
    if issue is not None:
        return None, [issue]
    return parse_text(text, name)


def decode(data: bytes, name: str) -> tuple[str, ImportIssue | None]:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        line_start = before.rfind(b"\n") + 1
        column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
        return "", ImportIssue(
            name,
            line,
            column,
            FILE_PATH,
            f"not UTF-8: byte 0x{data[exc.start]:02x} cannot be decoded; save the file as UTF-8",
        )


class _Mark(Protocol):
    """A position in the stream, 0-based, from either parser."""

    @property
    def line(self) -> int: ...

    @property
    def column(self) -> int: ...


class _Frame:
    """A collection being built: its children so far (keys and values alternate in a mapping)."""

    __slots__ = ("children", "column", "is_mapping", "line")

    def __init__(self, is_mapping: bool, line: int, column: int) -> None:
        self.is_mapping = is_mapping
        self.line = line
        self.column = column
        self.children: list[Node] = []


def parse_text(text: str, name: str) -> tuple[Node | None, list[ImportIssue]]:
    """Compose the nodes from the parser's events, iteratively (no recursion limit to hit)."""
    issues: list[ImportIssue] = []
    loader = TextLoader(text)
    stack: list[_Frame] = []
    root: Node | None = None
    documents = 0

    def refuse(mark: _Mark | None, message: str) -> None:
        line, column = _at(mark)
        issues.append(ImportIssue(name, line, column, _stack_path(stack), message))

    get_event = loader.get_event
    try:
        while True:
            event = get_event()
            cls = event.__class__
            node: Node | None = None
            if cls is ScalarEvent:
                mark = event.start_mark
                if event.anchor is not None or event.tag is not None:
                    _refuse_anchor_and_tag(event, refuse)
                node = Scalar(event.value, mark.line + 1, mark.column + 1)
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                mark = event.start_mark
                if event.anchor is not None or event.tag is not None:
                    _refuse_anchor_and_tag(event, refuse)
                stack.append(_Frame(cls is MappingStartEvent, mark.line + 1, mark.column + 1))
                continue
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                frame = stack.pop()
                if frame.is_mapping:
                    node = _mapping(frame)
                else:
                    node = Sequence(tuple(frame.children), frame.line, frame.column)
            elif cls is AliasEvent:
                refuse(
                    event.start_mark,
                    f"aliases (*{event.anchor}) are not part of the format: write the value out",
                )
                node = Scalar("", *_at(event.start_mark))
            elif cls is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    refuse(
                        event.start_mark,
                        "a second YAML document: a file holds exactly one document",
                    )
                    break
                continue
            elif event is None or cls is StreamEndEvent:
                break
            else:
                continue
            if len(issues) >= MAX_READER_ISSUES:
                break
            if stack:
                stack[-1].children.append(node)
            else:
                root = node
    except yaml.MarkedYAMLError as exc:
        line, column = _at(exc.problem_mark or exc.context_mark)
        problem = exc.problem or "cannot be parsed"
        context = f" ({exc.context})" if exc.context else ""
        return None, [
            *issues,
            ImportIssue(name, line, column, FILE_PATH, _yaml_message(problem, context)),
        ]
    except yaml.reader.ReaderError as exc:
        line, column = _position(text, exc.position)
        return None, [
            *issues,
            ImportIssue(name, line, column, FILE_PATH, f"not valid YAML: {exc.reason}"),
        ]
    except yaml.YAMLError as exc:
        return None, [*issues, ImportIssue(name, 1, 1, FILE_PATH, f"not valid YAML: {exc}")]
    finally:
        loader.dispose()
    if issues:
        return None, issues
    if root is None:
        return None, [
            ImportIssue(
                name,
                1,
                1,
                FILE_PATH,
                "the file is empty: expected a document that starts with 'format: rectrack/1'",
            )
        ]
    return root, []


def _at(mark: _Mark | None) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _stack_path(stack: list[_Frame]) -> str:
    """The document path of the node being parsed, e.g. `recommendations[3].topics`."""
    path = ""
    for frame in stack:
        children = frame.children
        if frame.is_mapping:
            if len(children) % 2 == 0:
                break  # at a key
            key = children[-1]
            part = key.value if isinstance(key, Scalar) else "?"
            path = f"{path}.{part}" if path else part
        else:
            path = f"{path}[{len(children)}]"
    return path or FILE_PATH


def _yaml_message(problem: str, context: str) -> str:
    return f"not valid YAML: {problem}{context}"


def _position(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def _refuse_anchor_and_tag(
    event: yaml.NodeEvent, refuse: Callable[[_Mark | None, str], None]
) -> None:
    if event.anchor is not None:
        refuse(
            event.start_mark,
            f"anchors (&{event.anchor}) are not part of the format: write the value out",
        )
    tag = getattr(event, "tag", None)
    if tag is not None:
        refuse(event.start_mark, f"tags ({_short_tag(tag)}) are not part of the format")


def _short_tag(tag: str) -> str:
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix) :] if tag.startswith(prefix) else tag


def _mapping(frame: _Frame) -> Mapping:
    children = frame.children
    entries = tuple(
        (children[index], children[index + 1]) for index in range(0, len(children) - 1, 2)
    )
    return Mapping(entries, frame.line, frame.column)
