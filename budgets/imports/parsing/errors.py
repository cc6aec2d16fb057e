"""Problems found while reading a bank file, each with a message a family can act on."""

from __future__ import annotations

from dataclasses import dataclass


class ImportProblem(Exception):
    """The whole file cannot be used (too big, wrong encoding, not CSV/OFX, missing columns)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class RowError:
    """One row that cannot be read. ``row`` is the row number a spreadsheet would show."""

    row: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"Row {self.row}, {self.field}: {self.message}"


class RowErrors(Exception):
    """Raised when a caller needs every row to be readable (commit is all-or-nothing)."""

    def __init__(self, errors: list[RowError]):
        self.errors = list(errors)
        first = self.errors[0] if self.errors else None
        summary = str(first) if first else "The file has rows that cannot be read."
        if len(self.errors) > 1:
            summary += f" (and {len(self.errors) - 1} more)"
        super().__init__(summary)
