"""`rectrack export`: the store as YAML files, in the format that import reads.

`DIR/topics.yaml` and `DIR/<country lower-case>/<report id>.yaml`, each in the canonical form of
tracker.exporting.render. A file whose content is already right is left as it is (its mtime
too). A whole-store export (no `countries`, no `report_ids`) also removes the `*.yaml` files of
reports no longer in the store from the `<cc>/` folders it manages, so that a git diff shows
the deletion; nothing else in DIR is touched.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tracker.countries import parse as parse_country
from tracker.errors import InvalidInput, NotFound, TrackerError
from tracker.exporting.render import TOPICS_FILE, render_report, render_topics, report_path
from tracker.repositories import catalog
from tracker.store import Store

COUNTRY_FOLDER = re.compile(r"^[a-z]{2}$")


@dataclass(frozen=True)
class ExportSummary:
    folder: Path
    reports: int
    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "folder": str(self.folder),
            "reports": self.reports,
            "written": list(self.written),
            "unchanged": len(self.unchanged),
            "removed": list(self.removed),
        }


def export_store(
    store: Store,
    folder: Path,
    *,
    countries: Sequence[str] = (),
    report_ids: Sequence[str] = (),
) -> ExportSummary:
    codes = sorted({parse_country(code) for code in countries})
    if folder.exists() and not folder.is_dir():
        raise InvalidInput(f"{folder} is a file, not a folder")
    with store.read() as session:
        if codes:
            missing = sorted(set(codes) - catalog.countries_held(session, codes))
            if missing:
                raise NotFound.no_elections(*missing)
        if report_ids:
            unknown = sorted(
                set(report_ids) - set(catalog.selected_report_ids(session, (), report_ids))
            )
            if unknown:
                raise NotFound(f"no report {', '.join(map(repr, unknown))} in the store")
        selected = catalog.selected_report_ids(session, codes, report_ids)
        documents = catalog.report_documents(session, selected)
        topics = catalog.topics(session)
    files: dict[str, str] = {TOPICS_FILE: render_topics(topics.values())}
    for document in documents:
        files[str(report_path(document))] = render_report(document)
    written: list[str] = []
    unchanged: list[str] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for relative, text in files.items():
            if _write_if_changed(folder / relative, text):
                written.append(relative)
            else:
                unchanged.append(relative)
        removed = _remove_stale(folder, set(files)) if not codes and not report_ids else []
    except OSError as exc:
        raise TrackerError(f"cannot write the export to {folder}: {exc}") from exc
    return ExportSummary(
        folder=folder,
        reports=len(documents),
        written=tuple(written),
        unchanged=tuple(unchanged),
        removed=tuple(removed),
    )


def _write_if_changed(path: Path, text: str) -> bool:
    data = text.encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True


def _remove_stale(folder: Path, current: set[str]) -> list[str]:
    removed: list[str] = []
    for child in sorted(folder.iterdir()):
        if not child.is_dir() or not COUNTRY_FOLDER.match(child.name):
            continue
        for file in sorted(child.glob("*.yaml")):
            relative = f"{child.name}/{file.name}"
            if relative not in current and file.is_file():
                file.unlink()
                removed.append(relative)
        if not any(child.iterdir()):
            child.rmdir()
    return removed
