"""Mutated valid documents: either a clean batch or errors with file and line, never a crash."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.import_support import EARLIER, LATER, TOPICS
from tracker.importing.batch import StoreSnapshot, check_batch, read_batch

TOKENS = [
    "yes",
    "no",
    "~",
    "null",
    "2030-02-30",
    "[]",
    "{}",
    "''",
    '"\\0"',
    "&a x",
    "*a",
    "!!python/object:os.system",
    "!tag",
    "- ",
    ": ",
    "#",
    "\t",
    "[",
    "]",
    "{",
    "'",
    '"',
    "é",
    "voter-registation",
    "kz-2016-parliamentary-odihr-final#9",
    "kz-2021-parliamentary-odihr-final#1",
    "partly-implemented",
    "rectrack/2",
    "XX",
    "\ufeff",
    "\x85",
    "0" * 40,
]


@st.composite
def mutated(draw: st.DrawFn, text: str) -> bytes:
    lines = text.splitlines(keepends=True)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        if not lines:
            lines = ["\n"]
        index = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        operation = draw(st.sampled_from(["delete", "duplicate", "swap", "token", "indent", "cut"]))
        line = lines[index]
        if operation == "delete":
            del lines[index]
        elif operation == "duplicate":
            lines.insert(index, line)
        elif operation == "swap":
            other = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif operation == "token":
            position = draw(st.integers(min_value=0, max_value=max(0, len(line) - 1)))
            token = draw(st.sampled_from(TOKENS))
            replace = draw(st.booleans())
            end = len(line.rstrip("\n")) if replace else position
            lines[index] = line[:position] + token + line[end:]
        elif operation == "indent":
            lines[index] = draw(st.sampled_from(["", " ", "  ", "    "])) + line.lstrip(" ")
        else:
            cut = draw(st.integers(min_value=0, max_value=len(line)))
            lines[index] = line[:cut] + "\n"
    data = "".join(lines).encode("utf-8")
    if draw(st.integers(min_value=0, max_value=20)) == 0:
        data = data.replace(b"\xc3\xa9", b"\xe9")  # now and then, not UTF-8
    return data


DOCUMENTS = {"topics.yaml": TOPICS, "kz/earlier.yaml": EARLIER, "kz/later.yaml": LATER}


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    which=st.sampled_from(sorted(DOCUMENTS)),
    data=st.data(),
)
def test_mutated_documents_give_clean_batches_or_located_errors(
    which: str, data: st.DataObject
) -> None:
    mutation = data.draw(mutated(DOCUMENTS[which]))
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for relative, text in DOCUMENTS.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            if relative == which:
                path.write_bytes(mutation)
            else:
                path.write_text(text, encoding="utf-8")
        batch, issues = read_batch([root])
        if not issues:
            issues = check_batch(batch, StoreSnapshot())
        names = {str(root / relative) for relative in DOCUMENTS}
        for issue in issues:
            assert issue.file in names
            assert issue.line >= 1 and issue.column >= 1
            assert issue.path and issue.message
            assert str(issue).startswith(f"{issue.file}:{issue.line}:{issue.column}: ")
