"""The core never imports the UI: checked in a fresh interpreter, for every tracker module."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import tracker

SCRIPT = """
import importlib, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
leaked = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'tui'))
print(','.join(leaked))
"""


def test_tracker_imports_neither_textual_nor_tui() -> None:
    modules = [
        info.name
        for info in pkgutil.walk_packages(tracker.__path__, prefix="tracker.")
        if not info.name.startswith("tracker._")
    ]
    assert "tracker.cli" in modules and "tracker.store" in modules
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, *modules], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
