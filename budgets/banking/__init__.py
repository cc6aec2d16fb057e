"""Reading bank and prepaid card statements (CSV, OFX, QFX) into ``BankTransaction``s.

Pure functions, no ORM: the import service in ``budgets/banking/service.py`` turns them into
ledger entries. ``read_upload`` is the single entry point for an uploaded file.
"""

from __future__ import annotations

from .csvfile import ColumnMapping, CsvTable, parse_csv, read_table, suggest_mapping
from .duplicates import KnownEntry, find_duplicates, normalise_payee
from .encoding import DEFAULT_MAX_BYTES, check_size, decode_text
from .errors import ImportProblem, RowError, RowErrors
from .ofx import looks_like_ofx, parse_ofx
from .transactions import BankTransaction, ParseResult
from .values import DATE_FORMAT_CHOICES, parse_amount, parse_date

__all__ = [
    "DATE_FORMAT_CHOICES",
    "DEFAULT_MAX_BYTES",
    "BankTransaction",
    "ColumnMapping",
    "CsvTable",
    "ImportProblem",
    "KnownEntry",
    "ParseResult",
    "RowError",
    "RowErrors",
    "check_size",
    "decode_text",
    "detect_kind",
    "find_duplicates",
    "load_csv_table",
    "normalise_payee",
    "parse_amount",
    "parse_csv",
    "parse_date",
    "parse_ofx",
    "read_table",
    "suggest_mapping",
]

OFX_EXTENSIONS = (".ofx", ".qfx")


def detect_kind(filename: str, data: bytes) -> str:
    """ "ofx" or "csv". A file named .ofx/.qfx must be OFX; anything else that starts like OFX is too."""
    if filename.lower().endswith(OFX_EXTENSIONS) or looks_like_ofx(data):
        return "ofx"
    return "csv"


def load_csv_table(data: bytes) -> CsvTable:
    text, encoding = decode_text(data)
    return read_table(text, encoding)
