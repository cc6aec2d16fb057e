"""Reading Ofsted's "Childcare providers and inspections: management information" file.

Ofsted publishes the file on GOV.UK (statistical data set "Childcare providers and inspections:
management information"), under the Open Government Licence v3.0, as CSV and as a workbook. Its
header row is not the first: one or two lines of title and notes come before it, so the header is
found by its "Provider URN" cell. Column names have changed case between releases ("Provider type"
in older files, "Provider Type" in newer ones; "Postcode" became "Provider Postcode"), so columns are
matched case- and space-insensitively, by the names in `COLUMNS`. See docs/ofsted.md.

Nothing here touches the database: it turns a file into rows and says clearly what is wrong with a
file it cannot read.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

# What the import uses, by our name: the column names Ofsted has used for it, newest first.
COLUMNS = {
    "urn": ["Provider URN"],
    "registration_date": ["Registration Date"],
    "provider_type": ["Provider Type"],
    "provider_subtype": ["Provider Subtype"],
    "status": ["Provider Status"],
    "registers": ["Individual Register Combinations"],
    "name": ["Provider Name"],
    "address_1": ["Provider Address Line 1"],
    "address_2": ["Provider Address Line 2"],
    "address_3": ["Provider Address Line 3"],
    "town": ["Provider Town"],
    "postcode": ["Provider Postcode", "Postcode"],
    "local_authority": ["Local Authority"],
    "places": ["Places"],
    "inspection_date": ["Most Recent Full: Inspection Date", "Inspection date"],
    "judgement": ["Most Recent Full: Overall Effectiveness", "Overall effectiveness"],
}
REQUIRED = ["urn", "provider_type", "status", "name", "postcode", "local_authority", "inspection_date", "judgement"]
HEADER_SEARCH_ROWS = 20  # title and notes come first; the header is within the first few rows
MAXIMUM_CELL = 1000  # characters; longer is not a register entry but a pasted document


class RegisterFileError(Exception):
    """The file as a whole cannot be read; the message says why, for an editor."""


@dataclass
class RegisterFile:
    rows: list[tuple[int, dict]] = field(default_factory=list)  # (row number in the file, cells by our name)
    unused_columns: list[str] = field(default_factory=list)


def _key(name) -> str:
    return re.sub(r"\s+", " ", str(name or "")).strip().casefold()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()[:MAXIMUM_CELL]


def _csv_rows(path: Path) -> list[list]:
    raw = path.read_bytes()
    if b"\x00" in raw[:4096]:
        raise RegisterFileError("this is not a CSV file (it holds binary data); upload Ofsted's CSV or XLSX file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Spreadsheets saved on Windows write Windows-1252; every byte decodes, so this cannot fail.
        text = raw.decode("cp1252", errors="replace")
    try:
        return list(csv.reader(io.StringIO(text)))
    except csv.Error as error:
        raise RegisterFileError(f"the CSV file could not be read ({error})") from error


def _xlsx_rows(path: Path) -> list[list]:
    from openpyxl import load_workbook

    try:
        # read_only streams the sheet; data_only reads stored values and never evaluates a formula.
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a file that is not a workbook
        raise RegisterFileError("this is not an XLSX workbook; upload Ofsted's CSV or XLSX file") from error
    try:
        # Ofsted's workbooks open with cover and notes sheets; the providers are on the sheet whose
        # header row names "Provider URN".
        for sheet in workbook.worksheets:
            rows = [list(row) for row in sheet.iter_rows(values_only=True)]
            if _header_index(rows) is not None:
                return rows
        return []
    finally:
        workbook.close()


def _header_index(rows: list[list]) -> int | None:
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if any(_key(cell) == "provider urn" for cell in row):
            return index
    return None


def read_register(path: Path) -> RegisterFile:
    """The file's provider rows, each a dict by our column names (see `COLUMNS`)."""
    path = Path(path)
    if not path.exists():
        raise RegisterFileError(f"no such file: {path.name}")
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        rows = _xlsx_rows(path)
    elif suffix in (".csv", ".txt"):
        rows = _csv_rows(path)
    else:
        raise RegisterFileError(f"'{suffix or path.name}' files are not read here; upload Ofsted's CSV or XLSX file")
    if not any(any(_text(cell) for cell in row) for row in rows):
        raise RegisterFileError("the file is empty")
    header_at = _header_index(rows)
    if header_at is None:
        raise RegisterFileError(
            "no header row naming 'Provider URN' in the first rows: is this Ofsted's 'Childcare providers and "
            "inspections: management information' file?"
        )
    header = [_key(cell) for cell in rows[header_at]]
    positions = {}
    for ours, names in COLUMNS.items():
        for name in names:
            if _key(name) in header:
                positions[ours] = header.index(_key(name))
                break
    missing = [COLUMNS[ours][0] for ours in REQUIRED if ours not in positions]
    if missing:
        raise RegisterFileError(f"the header row is missing these columns: {', '.join(missing)}")
    used = set(positions.values())
    result = RegisterFile(unused_columns=[str(rows[header_at][i]) for i in range(len(header)) if i not in used])
    for offset, cells in enumerate(rows[header_at + 1 :], start=header_at + 2):
        if not any(_text(cell) for cell in cells):
            continue  # Ofsted's CSV ends with rows of empty cells
        result.rows.append((offset, {ours: _text(cells[i]) if i < len(cells) else "" for ours, i in positions.items()}))
    return result
