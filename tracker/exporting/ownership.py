"""Which files in an export folder `rectrack export` wrote: the only ones it may ever remove.

An export writes `<cc>/<report id>.yaml`: a two-letter lower-case country folder, a slug file
name, and a rectrack/1 report document (a `format:` key and a `report:` mapping) whose
`report.id` is the file name's stem and whose `report.country` is the folder's code, in the
canonical form (`render_report` of its own content, byte for byte). A file that is anything
else (other YAML, another suffix, a file that does not parse, a report filed under another name
or country, a report written or edited by hand, a draft from `rectrack extract`) was put there
by someone else, or changed since, and is never export's to delete.
"""

from __future__ import annotations

import re

from tracker.exporting.render import render_report
from tracker.importing.documents import FORMAT, ReportDoc
from tracker.importing.reader import Mapping, Node, Scalar, parse_text
from tracker.importing.validate import SLUG, validate_document

COUNTRY_FOLDER = re.compile(r"^[a-z]{2}$")
REPORT_SUFFIX = ".yaml"


def candidate_report_id(country_folder: str, file_name: str) -> str | None:
    """The report id that `<country_folder>/<file_name>` would hold if export wrote it, judged by
    its name alone; None where export never writes such a name (no need to read the file)."""
    if not COUNTRY_FOLDER.match(country_folder) or not file_name.endswith(REPORT_SUFFIX):
        return None
    stem = file_name[: -len(REPORT_SUFFIX)]
    return stem if SLUG.match(stem) else None


def exported_report_id(country_folder: str, file_name: str, document: Node | None) -> str | None:
    """The report id of a file that export would have written at `<country_folder>/<file_name>`
    with this content (the parsed document, None where it does not parse), else None."""
    report_id = candidate_report_id(country_folder, file_name)
    if report_id is None or not isinstance(document, Mapping):
        return None
    top = _single_entries(document)
    if top is None or _text(top.get("format")) != FORMAT:
        return None
    head = top.get("report")
    if not isinstance(head, Mapping):
        return None
    fields = _single_entries(head)
    if fields is None:
        return None
    if _text(fields.get("id")) != report_id:
        return None
    if _text(fields.get("country")) != country_folder.upper():
        return None
    return report_id


def written_by_export(country_folder: str, file_name: str, data: bytes) -> str | None:
    """The report id of a file that an export wrote at `<country_folder>/<file_name>` and nobody
    changed since: a report of the right name and country, valid, in the canonical form."""
    if candidate_report_id(country_folder, file_name) is None:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    name = f"{country_folder}/{file_name}"
    root, issues = parse_text(text, name)
    report_id = exported_report_id(country_folder, file_name, root)
    if report_id is None or issues or root is None:
        return None
    document, problems = validate_document(root, name)
    if problems or not isinstance(document, ReportDoc) or render_report(document) != text:
        return None
    return report_id


def _single_entries(mapping: Mapping) -> dict[str, Node] | None:
    """The mapping's entries by key; None where a key is not text or appears twice (not a
    document that export writes)."""
    entries: dict[str, Node] = {}
    for key, value in mapping.entries:
        if not isinstance(key, Scalar) or key.value in entries:
            return None
        entries[key.value] = value
    return entries


def _text(node: Node | None) -> str | None:
    return node.value if isinstance(node, Scalar) else None
