"""The core never imports the UI: checked in a fresh interpreter, for every tracker module."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import tracker

REPO = Path(__file__).resolve().parents[2]

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


def _imported_modules(path: Path) -> set[str]:
    """Every module an `import` statement of `path` names, at module level or inside a
    function (a lazy import is an import all the same)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_no_import_statement_of_tracker_names_the_ui() -> None:
    """Also what only runs later, inside a function: the UI's commands are found by name."""
    offenders = {
        str(path.relative_to(REPO)): sorted(
            name for name in _imported_modules(path) if name.split(".")[0] in ("textual", "tui")
        )
        for path in sorted((REPO / "tracker").rglob("*.py"))
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_only_the_ui_commands_use_the_cli() -> None:
    """The screens, widgets and app talk to the services; `tui/commands.py` is a command of
    the CLI (options, the store and its roles) that starts the UI."""
    users = sorted(
        str(path.relative_to(REPO))
        for path in (REPO / "tui").rglob("*.py")
        if any(name.startswith("tracker.cli") for name in _imported_modules(path))
    )
    assert users == ["tui/commands.py"]
