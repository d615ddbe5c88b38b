"""Opening the terminal UI on a store: what `rectrack review` and `rectrack demo`
(tui/commands.py) call once they have the store, the reviewer and the options."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tracker.store import Store
from tui.app import RectrackApp
from tui.keys import load_keymap


def run_app(
    store: Store,
    *,
    reviewer: str,
    keys_file: Path | None,
    start: str,
    context: dict[str, Any],
    label: str,
) -> None:
    """Run the UI until the reviewer quits; the key file's problems are the UI's to show."""
    app = RectrackApp(
        store,
        reviewer=reviewer,
        keymap=load_keymap(keys_file),
        start=start,
        start_context=context,
        store_label=label,
    )
    app.run()
