"""Names of the full-text index that revision 0002 builds outside the models."""

from __future__ import annotations

FTS_TABLE = "recommendations_fts"
POSTGRES_SEARCH_INDEX = "ix_recommendations_text_search"
POSTGRES_SEARCH_CONFIG = "simple"


def is_search_index_object(name: str | None, type_: str) -> bool:
    if name is None:
        return False
    if type_ == "table":
        return name.startswith(FTS_TABLE)
    if type_ == "index":
        return name == POSTGRES_SEARCH_INDEX
    return False
