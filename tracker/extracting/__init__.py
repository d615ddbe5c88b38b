"""Drafting a report's YAML from its PDF, text or Markdown file: pure logic, no store.

load_document (loading)  ->  clean (cleaning)  ->  find_section (sections)
->  build_draft with topic suggestions (draft, topics)  ->  render_draft (rendering)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from tracker.extracting.cleaning import body_font_size, clean
from tracker.extracting.draft import Draft, ReportMeta, build_draft
from tracker.extracting.loading import SUPPORTED_SUFFIXES, load_document
from tracker.extracting.model import Document
from tracker.extracting.rendering import render_draft
from tracker.extracting.sections import find_section, numbered_after
from tracker.extracting.topics import TopicInfo, TopicSuggester

__all__ = [
    "SUPPORTED_SUFFIXES",
    "Draft",
    "ReportMeta",
    "TopicInfo",
    "draft_document",
    "load_document",
    "render_draft",
]


def draft_document(document: Document, meta: ReportMeta, topics: Sequence[TopicInfo]) -> Draft:
    """The draft of a loaded document: its recommendations section, split, with topics."""
    lines = clean(document)
    section = find_section(lines, document.kind, body_font_size(document), document.name)
    section = replace(section, numbered_after=numbered_after(document.lines, section))
    return build_draft(
        section,
        meta,
        TopicSuggester(topics),
        source=document.name,
        warnings=document.warnings,
    )
