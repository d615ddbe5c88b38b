"""Writing a draft as rectrack/1 YAML, with comments for the reviewer.

`yaml.safe_dump` cannot write comments, so the document is put together here from fragments that
PyYAML emits itself: every value is quoted the way PyYAML decides, and every item's fragment is
read back and compared before it is used (falling back to a double-quoted text if PyYAML's folded
style would not give the same text back). Whatever a text holds, it round-trips.
"""

from __future__ import annotations

import textwrap
from typing import Any

import yaml

from tracker.extracting.draft import Draft, DraftItem

FORMAT = "rectrack/1"
WIDTH = 96


class _Folded(str):
    """A text to write as a folded block (`>-`) where PyYAML can."""


class _Quoted(str):
    """A text to write double-quoted."""


class _Flow(list[str]):
    """A list to write on one line: `[a, b]`."""


class _Dumper(yaml.SafeDumper):
    pass


def _folded(dumper: yaml.SafeDumper, value: _Folded) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style=">")


def _quoted(dumper: yaml.SafeDumper, value: _Quoted) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style='"')


def _flow(dumper: yaml.SafeDumper, value: _Flow) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", list(value), flow_style=True)


_Dumper.add_representer(_Folded, _folded)
_Dumper.add_representer(_Quoted, _quoted)
_Dumper.add_representer(_Flow, _flow)


def _dump(value: Any) -> str:
    return yaml.dump(
        value, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=WIDTH, indent=2
    )


def comment(text: str, indent: int) -> list[str]:
    """`text` as YAML comment lines: one line of words, printable characters only."""
    clean = "".join(char if char.isprintable() else " " for char in text)
    clean = " ".join(clean.split())
    prefix = " " * indent + "# "
    return textwrap.wrap(
        clean,
        width=WIDTH,
        initial_indent=prefix,
        subsequent_indent=prefix + "  ",
        break_long_words=False,
        break_on_hyphens=False,
    ) or [prefix.rstrip()]


def item_data(item: DraftItem) -> dict[str, Any]:
    """The item as the format has it: number, text, priority (only when true), topics."""
    data: dict[str, Any] = {"number": item.number, "text": item.text}
    if item.priority:
        data["priority"] = True
    data["topics"] = list(item.topics.topics)
    return data


def _item_fragment(item: DraftItem) -> list[str]:
    """The item's lines, indented under `recommendations:`, checked to read back as it is."""
    expected = item_data(item)
    for style in (_Folded, _Quoted):
        shaped = dict(expected, text=style(item.text), topics=_Flow(expected["topics"]))
        lines = ["  " + line if line else line for line in _dump([shaped]).splitlines()]
        if yaml.safe_load("recommendations:\n" + "\n".join(lines)) == {
            "recommendations": [expected]
        }:
            return lines
    raise AssertionError(f"item {item.number}: its text does not survive YAML")  # pragma: no cover


def item_comments(item: DraftItem) -> list[str]:
    lines: list[str] = []
    for doubt in item.doubts:
        lines += comment(f"CHECK the split of item {item.number}: {doubt}", 2)
    if item.restatement:
        lines += comment(
            f'the report says "{item.restatement}": find the earlier recommendation and add '
            "`restates: [<report id>#<number>]`",
            2,
        )
    return lines


def topics_comment(item: DraftItem) -> list[str]:
    return comment(f"topics suggested, check them: {item.topics.explain()}", 4)


def render_draft(draft: Draft) -> str:
    """The draft as a rectrack/1 document with the reviewer's comments."""
    meta = draft.meta
    report = {
        "id": meta.report_id,
        "country": meta.country,
        "election": {"type": meta.election_type, "date": meta.election_date},
        "observer": meta.observer,
        "kind": meta.kind,
        "note": draft.note,
    }
    doubtful = len(draft.doubtful)
    lines = [f"format: {FORMAT}"]
    lines += comment(
        f"Draft made by `rectrack extract` from {draft.source} "
        f'(section "{draft.section_heading}", page {draft.section_page}): '
        f"{len(draft.items)} recommendations, {draft.priority_count} priority"
        + (f", {doubtful} to check (marked CHECK)" if doubtful else "")
        + ". Check every text, number and topic against the report, then `rectrack import` it.",
        0,
    )
    for problem in draft.numbering:
        lines += comment(f"CHECK numbering: {problem}", 0)
    for warning in draft.warnings:
        lines += comment(f"warning: {warning}", 0)
    lines += _dump({"report": report}).splitlines()
    lines.append("recommendations:")
    for item in draft.items:
        fragment = _item_fragment(item)
        topics_at = next(i for i, line in enumerate(fragment) if line.startswith("    topics:"))
        lines += item_comments(item)
        lines += fragment[:topics_at] + topics_comment(item) + fragment[topics_at:]
    return "\n".join(lines) + "\n"
