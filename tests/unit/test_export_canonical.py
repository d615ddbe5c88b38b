"""The canonical writer (tracker/exporting/render.py) writes exactly the bytes of PyYAML's
emitter (`dump`), which export wrote before it: on every file of a generated corpus, and on
random texts made of the characters that decide a scalar's style and folding."""

from __future__ import annotations

import datetime as dt
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tracker.exporting.render import canonical, dump, written_directly

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    out = tmp_path_factory.mktemp("corpus") / "corpus"
    done = subprocess.run(
        [
            *(sys.executable, str(REPO / "bench" / "generate.py"), "--countries", "4"),
            *("--cycles", "4", "--per-report", "40", "--seed", "3", "--jobs", "1"),
            *("--out", str(out)),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    files = sorted(out.glob("*/*.yaml"))
    assert len(files) == 16
    return [yaml.safe_load(path.read_text(encoding="utf-8")) for path in files]


def test_every_generated_report_is_written_directly_as_the_emitter_writes_it(
    corpus: list[dict[str, Any]],
) -> None:
    for document in corpus:
        written = written_directly(document)
        assert written is not None  # no fallback: these are what export writes
        assert written == dump(document)


ALPHABET = (
    ["a", "b", "Z", "é", "д", "0", "1", "9"] * 6
    + [" "] * 14
    + list(":#-'\"?,[]{}&*!|>%@`.~=+<\\/")
    + ["\t", "\n", "\x85", "\u2028", "\ufeff", "\x7f", "\U0001f600", "\xa0"]
)
WORDS = ["yes", "no", "null", "true", "1", "1.5", "2021-10-02", "~", "0x1F", "on", ".inf"]


def _text(rng: random.Random) -> str:
    if rng.random() < 0.15:
        return rng.choice(WORDS) + ("" if rng.random() < 0.7 else " " + rng.choice(WORDS))
    if rng.random() < 0.05:
        return ""
    length = rng.choice([1, 3, 10, 60, 99, 100, 101, 150, 260])
    return "".join(rng.choice(ALPHABET) for _ in range(length))


def _document(rng: random.Random) -> dict[str, Any]:
    """A small report document with one random text in one of its places."""
    text = _text(rng)
    report: dict[str, Any] = {
        "id": "x-2021-odihr-final",
        "election": {"type": "local", "date": dt.date(2021, 10, 2), "early": True},
        "observer": "ODIHR",
    }
    rec: dict[str, Any] = {"number": "1", "text": "Publish results.", "topics": []}
    document: dict[str, Any] = {"format": "rectrack/1", "report": report, "recommendations": [rec]}
    place = rng.randrange(5)
    if place == 0:
        report["title"] = text
    elif place == 1:
        rec["text"] = text
    elif place == 2:
        rec["topics"] = [text, "media"]
    elif place == 3:
        rec["number"] = text
    else:
        document["assessments"] = [{"recommendation": "a#1", "status": "not", "evidence": text}]
    return document


def test_random_texts_come_out_as_the_emitter_writes_them() -> None:
    rng = random.Random(19)
    direct = 0
    for _ in range(4000):
        document = _document(rng)
        assert canonical(document) == dump(document)
        direct += written_directly(document) is not None
    assert direct > 400  # the direct path is taken, not only the fallback


def test_long_plain_and_quoted_texts_fold_where_the_emitter_folds() -> None:
    words = " ".join(f"word{index}" for index in range(80))
    for text in (words, "Note: " + words, words.replace(" ", "  ", 3), "It's " + words + " '"):
        document = {"format": "rectrack/1", "recommendations": [{"number": "1", "text": text}]}
        assert written_directly(document) == dump(document)
