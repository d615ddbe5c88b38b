"""What is wrong with an input file, and where: `FILE:LINE:COLUMN: PATH: message`.

Lines and columns are 1-based. An error about a whole file or document points at 1:1; its path
is `(file)` for a file that cannot be read as YAML at all and `(document)` for the document's
top level.
"""

from __future__ import annotations

from dataclasses import dataclass

FILE_PATH = "(file)"
DOCUMENT_PATH = "(document)"


@dataclass(frozen=True, slots=True, order=True)
class ImportIssue:
    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.path}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "message": self.message,
        }


def sorted_issues(issues: list[ImportIssue]) -> list[ImportIssue]:
    """In file order, then line and column; duplicates dropped."""
    return sorted(set(issues), key=lambda i: (i.file, i.line, i.column, i.path, i.message))
