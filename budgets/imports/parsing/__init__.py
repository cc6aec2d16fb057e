"""Reading bank and prepaid card statements (CSV, OFX, QFX and Santander's TXT) into ``BankTransaction``s.

Pure functions, no ORM: ``budgets.imports.services`` turns them into ledger entries. ``read_statement``
is the single entry point for an uploaded file; it reads the bytes once, and what it returns is kept
with the import (``as_dict``), so no later step reads the file again.
"""

from __future__ import annotations

from dataclasses import dataclass

from .csvfile import (
    MAX_COLUMNS,
    ColumnMapping,
    CsvTable,
    information_reason,
    parse_csv,
    read_table,
    state_reason,
    suggest_mapping,
)
from .duplicates import KnownEntry, find_duplicates, normalise_payee
from .encoding import DEFAULT_MAX_BYTES, check_size, decode_text
from .errors import ImportProblem, RowError, RowErrors
from .ofx import looks_like_ofx, parse_ofx
from .santander import looks_like_santander_text, parse_santander_text
from .transactions import BankTransaction, InformationLine, ParseResult
from .values import DATE_FORMAT_CHOICES, parse_amount, parse_date

__all__ = [
    "DATE_FORMAT_CHOICES",
    "DEFAULT_MAX_BYTES",
    "MAX_COLUMNS",
    "BankTransaction",
    "ColumnMapping",
    "CsvTable",
    "ImportProblem",
    "InformationLine",
    "KnownEntry",
    "ParseResult",
    "RowError",
    "RowErrors",
    "Statement",
    "check_size",
    "decode_text",
    "detect_kind",
    "find_duplicates",
    "information_reason",
    "load_csv_table",
    "normalise_payee",
    "parse_amount",
    "parse_csv",
    "parse_date",
    "parse_ofx",
    "parse_santander_text",
    "read_statement",
    "read_table",
    "state_reason",
    "suggest_mapping",
]

OFX_EXTENSIONS = (".ofx", ".qfx")


def detect_kind(filename: str, data: bytes) -> str:
    """ "ofx", "txt" (Santander's text download) or "csv"."""
    if filename.lower().endswith(OFX_EXTENSIONS) or looks_like_ofx(data):
        return "ofx"
    if filename.lower().endswith(".txt") or data.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"From:"):
        text, _ = decode_text(data)
        if looks_like_santander_text(text):
            return "txt"
    return "csv"


def load_csv_table(data: bytes) -> CsvTable:
    text, encoding = decode_text(data)
    return read_table(text, encoding)


@dataclass
class Statement:
    """An uploaded file, read once: a CSV table still to be mapped, or transactions read already."""

    kind: str  # "csv", "ofx" or "txt"
    table: CsvTable | None = None
    result: ParseResult | None = None

    def as_dict(self) -> dict:
        if self.table is not None:
            return {"kind": self.kind, "table": self.table.as_dict()}
        return {"kind": self.kind, "result": self.result.as_dict()}

    @classmethod
    def from_dict(cls, data: dict) -> Statement:
        if "table" in data:
            return cls(data["kind"], table=CsvTable.from_dict(data["table"]))
        return cls(data["kind"], result=ParseResult.from_dict(data["result"]))

    def transactions(self, mapping: ColumnMapping | None = None) -> ParseResult:
        """Every line, read with the family's mapping for a CSV (no mapping is needed for OFX or TXT)."""
        if self.table is not None:
            return parse_csv(self.table, mapping or suggest_mapping(self.table))
        return self.result


def read_statement(filename: str, data: bytes) -> Statement:
    """Read an uploaded file. Raises ImportProblem, saying what to do, if it is not a statement we can read."""
    kind = detect_kind(filename, data)
    if kind == "ofx":
        return Statement(kind, result=parse_ofx(data))
    if kind == "txt":
        text, _ = decode_text(data)
        result = parse_santander_text(text)
        if not result.transactions and not result.errors:
            raise ImportProblem("The text file has no transactions in it. Check the dates you downloaded.")
        return Statement(kind, result=result)
    return Statement(kind, table=load_csv_table(data))
