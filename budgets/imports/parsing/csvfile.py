"""Read any bank's CSV export: find the header row, map its columns, parse every row.

The flow mirrors the screens: ``read_table`` (what columns are there?), ``suggest_mapping`` (our
best guess, which the family confirms or changes), then ``parse_csv`` with the confirmed mapping.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from .errors import ImportProblem, RowError
from .transactions import BankTransaction, InformationLine, ParseResult
from .values import DATE_FORMATS, detect_date_format, parse_amount, parse_date

MAX_ROWS = 20_000
# A bank statement has a dozen columns or so; a file with thousands is not a statement, and refusing it
# early keeps every later step (mapping form, preview) small.
MAX_COLUMNS = 100
_HEADER_SCAN_ROWS = 20
_SNIFF_CHARS = 20_000
_DELIMITERS = ",;\t|"


@dataclass(frozen=True)
class CsvTable:
    """The file as cells: ``headers`` and ``rows`` each paired with its spreadsheet row number."""

    headers: list[str]
    rows: list[tuple[int, list[str]]]
    header_row: int  # 0 when the file has no header row
    delimiter: str
    encoding: str

    def column_values(self, name: str, limit: int | None = None) -> list[str]:
        index = self.headers.index(name)
        rows = self.rows[:limit] if limit else self.rows
        return [cells[index] if index < len(cells) else "" for _, cells in rows]

    def as_dict(self) -> dict:
        """JSON-safe, so the upload is read once and kept with the import while the family checks it."""
        return {
            "headers": self.headers,
            "rows": [[number, cells] for number, cells in self.rows],
            "header_row": self.header_row,
            "delimiter": self.delimiter,
            "encoding": self.encoding,
        }

    @classmethod
    def from_dict(cls, data: dict) -> CsvTable:
        rows = [(int(number), list(cells)) for number, cells in data["rows"]]
        return cls(list(data["headers"]), rows, int(data["header_row"]), data["delimiter"], data["encoding"])


@dataclass
class ColumnMapping:
    """Which column holds what. Columns are named by header text, so a mapping is reusable next month.

    Money is either one signed ``amount`` column, or ``paid_in`` and ``paid_out`` columns.
    """

    date: str = ""
    description: str = ""
    amount: str = ""
    paid_in: str = ""
    paid_out: str = ""
    transaction_id: str = ""
    balance: str = ""
    # The bank's own state of each line (Revolut's "State": COMPLETED, PENDING, REVERTED, DECLINED).
    status: str = ""
    date_format: str = "auto"
    # Some exports (prepaid card portals) list spending as positive numbers in one column.
    amounts_are_spending: bool = False
    extra_description: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict | None) -> ColumnMapping:
        data = dict(data or {})
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        return cls(**known)

    def missing_columns(self, headers: list[str]) -> list[str]:
        """Plain-English problems with this mapping for a file with these headers (empty when fine)."""
        problems = []
        required = [("date", "Date"), ("description", "Description or payee")]
        for attribute, label in required:
            if not getattr(self, attribute):
                problems.append(f"Choose the column that holds the {label.lower()}")
        if not self.amount and not (self.paid_in or self.paid_out):
            problems.append("Choose the amount column, or the paid in and paid out columns")
        if self.amount and (self.paid_in or self.paid_out):
            problems.append("Choose either one amount column or paid in / paid out columns, not both")
        for attribute in (
            "date",
            "description",
            "amount",
            "paid_in",
            "paid_out",
            "transaction_id",
            "balance",
            "status",
        ):
            name = getattr(self, attribute)
            if name and name not in headers:
                problems.append(f"The file has no column called “{name}”")
        return problems


def _sniff_delimiter(text: str) -> str:
    sample = "\n".join(text[:_SNIFF_CHARS].splitlines()[: _HEADER_SCAN_ROWS + 10])
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in _DELIMITERS}
        best = max(counts, key=counts.get)
        return best if counts[best] else ","


def _is_header(cells: list[str], first_data_row: list[str]) -> bool:
    """The row just above the first transaction is its header if it reads like column names."""
    filled = [c for c in cells if c.strip()]
    data_filled = [c for c in first_data_row if c.strip()]
    if len(filled) < min(3, len(data_filled)):
        return False
    return not any(detect_date_format([c]) or _is_amount(c) for c in filled)


def _looks_like_data(cells: list[str]) -> bool:
    filled = [c for c in cells if c.strip()]
    return len(filled) >= 2 and any(detect_date_format([c]) for c in filled)


def read_table(text: str, encoding: str = "utf-8") -> CsvTable:
    """Split CSV text into cells and find the header row (skipping any account-details preamble)."""
    delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[tuple[int, list[str]]] = []
    try:
        for number, cells in enumerate(reader, start=1):
            if len(cells) > MAX_COLUMNS:
                raise ImportProblem(
                    f"Row {number} of this file has {len(cells):,} columns; a bank statement has at most "
                    f"{MAX_COLUMNS}. Check it is the statement export (CSV) from your bank."
                )
            cells = [_clean_cell(c) for c in cells]
            if any(cells):
                records.append((number, cells))
            if len(records) > MAX_ROWS:
                raise ImportProblem(
                    f"The file has more than {MAX_ROWS:,} rows; the most one upload can hold is {MAX_ROWS:,}."
                )
    except csv.Error as error:
        raise ImportProblem(
            f"This file could not be read as CSV ({str(error)[:120]}). Export it from your bank as CSV again."
        ) from None
    if not records:
        raise ImportProblem("The file has no rows. Download the statement again from your bank and upload that file.")
    first_data = next((i for i, (_, cells) in enumerate(records) if _looks_like_data(cells)), None)
    if first_data is None:
        if _is_header(records[-1][1], records[-1][1]) and len(records[-1][1]) >= 3:
            raise ImportProblem("The file has a header row but no transactions under it.")
        raise ImportProblem(
            "We could not find any transactions in this file: no row has a date and an amount. "
            "Check it is a statement export (CSV) from your bank."
        )
    header_index = None
    if first_data > 0 and _is_header(records[first_data - 1][1], records[first_data][1]):
        header_index = first_data - 1
    if header_index is None:
        width = max(len(cells) for _, cells in records[first_data:])
        headers = [f"Column {n}" for n in range(1, width + 1)]
        return CsvTable(headers, records[first_data:], 0, delimiter, encoding)
    header_number, header_cells = records[header_index]
    headers = _unique_headers(header_cells)
    return CsvTable(headers, records[header_index + 1 :], header_number, delimiter, encoding)


def _clean_cell(cell: str) -> str:
    """Trim a cell, and drop the apostrophe some banks (NatWest, Lloyds) put first to keep a spreadsheet
    from reading "'CAMDEN COUNCIL" or "'30-91-74" as a formula or number: it is not part of the value."""
    cell = cell.strip()
    return cell[1:].strip() if cell.startswith("'") else cell


def _unique_headers(cells: list[str]) -> list[str]:
    """Header names made unique in one pass (a set, not a list search), so a file of repeated headers
    costs no more than any other file of its size."""
    headers: list[str] = []
    taken: set[str] = set()
    for position, cell in enumerate(cells, start=1):
        name = cell or f"Column {position}"
        if name in taken:
            name = f"{name} (column {position})"
        while name in taken:  # only when a header literally reads "X (column N)": rare, and bounded
            name = f"{name}*"
        taken.add(name)
        headers.append(name)
    return headers


# Header words for each field, best first. Matching is exact first, then (for words of four letters or
# more) by containment; "number" is deliberately absent: it is inside "Account Number", which every
# Lloyds, Halifax, Bank of Scotland, TSB and NatWest row repeats, and is never a transaction's own id.
_GUESSES = {
    "date": ("transaction date", "date", "started date", "completed date", "posting date", "posted", "value date"),
    "description": (
        "payee",
        "counter party",
        "counterparty",
        "name",
        "description",
        "transaction description",
        "merchant description",
        "merchant",
        "memo",
        "details",
        "narrative",
        "transactions",
        "reference",
    ),
    "paid_in": ("paid in", "money in", "credit amount", "credit", "credits", "in"),
    "paid_out": ("paid out", "money out", "debit amount", "debit", "debits", "out", "withdrawals"),
    "amount": ("amount", "value", "transaction amount", "amount (gbp)", "amount (£)", "amount gbp"),
    "transaction_id": ("transaction id", "fitid", "id", "transaction reference", "reference number"),
    "balance": ("balance", "running balance", "available balance", "balance (gbp)", "balance (£)"),
    "status": ("state", "status", "transaction status"),
}


def _normalise(header: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9£() ]", " ", header.lower()).split())


def _signed_header(normalised: str) -> bool:
    """One column for both directions: midata's "Debit/Credit", "Money in/out", "Paid in/out"."""
    words = set(normalised.split())
    return ("debit" in words and "credit" in words) or ("in" in words and "out" in words)


def suggest_mapping(table: CsvTable) -> ColumnMapping:
    """A best guess from the header names and the values under them, for the family to confirm."""
    if table.header_row == 0:
        chosen = _guess_headerless(table)
    else:
        chosen = _guess_from_headers(table)
    mapping = ColumnMapping(**chosen)
    if mapping.date:
        position = table.headers.index(mapping.date)
        dates = [
            cells[position] if position < len(cells) else ""
            for _, cells in table.rows[:200]
            if not information_reason(cells)  # a footer's "Arranged overdraft limit" is not a date
        ]
        mapping.date_format = detect_date_format(dates) or "auto"
    return mapping


def _guess_from_headers(table: CsvTable) -> dict[str, str]:
    normalised: dict[str, str] = {}
    for header in table.headers:
        normalised.setdefault(_normalise(header), header)  # the first of equal names wins
    chosen: dict[str, str] = {}
    used: set[str] = set()
    signed = next((h for n, h in normalised.items() if _signed_header(n)), None)
    if signed:
        chosen["amount"] = signed
        used.add(signed)
    for attribute, words in _GUESSES.items():
        if attribute in chosen:
            continue
        match = next((normalised[w] for w in words if w in normalised and normalised[w] not in used), None)
        if match is None and attribute != "status":  # "state" is inside "statement"
            match = next(_contained(words, normalised, used), None)
        if match:
            chosen[attribute] = match
            used.add(match)
    if chosen.get("amount") and (chosen.get("paid_in") or chosen.get("paid_out")):
        if signed:
            chosen.pop("paid_in", None)
            chosen.pop("paid_out", None)
        else:
            chosen.pop("amount")
    _one_sided_column_is_signed(table, chosen)
    if chosen.get("transaction_id") and not _identifies_rows(table.column_values(chosen["transaction_id"])):
        chosen.pop("transaction_id")
    return chosen


def _contained(words, normalised: dict[str, str], used: set[str]):
    for word in words:
        if len(word) < 4:
            continue
        for name, header in normalised.items():
            if word in name and header not in used:
                yield header


def _one_sided_column_is_signed(table: CsvTable, chosen: dict[str, str]) -> None:
    """A lone "credit" or "debit" column whose values carry both signs is one signed amount column."""
    for side, other in (("paid_in", "paid_out"), ("paid_out", "paid_in")):
        column = chosen.get(side)
        if column and not chosen.get(other) and not chosen.get("amount"):
            signs = {_sign(value) for value in table.column_values(column, limit=500)}
            if {-1, 1} <= signs:
                chosen["amount"] = chosen.pop(side)


def _sign(text: str) -> int:
    try:
        amount = parse_amount(text)
    except ValueError:
        return 0
    return (amount > 0) - (amount < 0)


def _identifies_rows(values: list[str]) -> bool:
    """A bank's own transaction id is filled in on most rows and differs on every row; a column that
    repeats (an account number, a sort code, a blank "Number") cannot tell two transactions apart."""
    filled = [v for v in values if v]
    return len(filled) * 2 >= len(values) and len(set(filled)) == len(filled)


def _guess_headerless(table: CsvTable) -> dict[str, str]:
    """Without headers, guess from content: the first date column, the widest text column, numbers."""
    chosen: dict[str, str] = {}
    sample = table.rows[:50]
    for name in table.headers:
        values = [v for v in table.column_values(name, limit=len(sample)) if v]
        if not values:
            continue
        if "date" not in chosen and detect_date_format(values):
            chosen["date"] = name
            continue
        numeric = all(_is_amount(v) for v in values)
        if numeric and "amount" not in chosen:
            chosen["amount"] = name
        elif numeric and "balance" not in chosen:
            chosen["balance"] = name
        elif not numeric and "description" not in chosen:
            chosen["description"] = name
    return chosen


def _is_amount(text: str) -> bool:
    try:
        parse_amount(text)
    except ValueError:
        return False
    return True


# Lines that are about the account, not a transaction. Each reason finishes "Not imported, because ...".
_INFORMATION_LINES = (
    (re.compile(r"^arranged overdraft limit\b"), "it is the statement's overdraft limit, not a payment"),
    (
        re.compile(
            r"\bbrought forward\b|\bbalance b/?f\b|^b/?f$"
            r"|\bopening balance\b|\bstart(ing)? balance\b|\bprevious balance\b"
        ),
        "it is the balance brought forward from the last statement, not a payment",
    ),
    (
        re.compile(r"\bcarried forward\b|\bbalance c/?f\b|^c/?f$|\bclosing balance\b|\bend(ing)? balance\b"),
        "it is the balance carried forward, not a payment",
    ),
)
# The bank's own state of a line, from a status column. Anything else (COMPLETED, POSTED, ...) is money moved.
_STATES = {
    "pending": "the bank shows it as pending: it has not gone through yet and may change or be cancelled",
    "authorised": "the bank shows it as pending: it has not gone through yet and may change or be cancelled",
    "reverted": "the bank shows it as reverted: the payment was cancelled, so no money moved",
    "reversed": "the bank shows it as reverted: the payment was cancelled, so no money moved",
    "cancelled": "the bank shows it as cancelled, so no money moved",
    "canceled": "the bank shows it as cancelled, so no money moved",
    "declined": "the bank shows it as declined, so no money moved",
    "failed": "the bank shows it as failed, so no money moved",
    "rejected": "the bank shows it as declined, so no money moved",
}


def information_reason(cells: list[str]) -> str:
    """Why this row is about the account rather than a payment, or "" for an ordinary row."""
    for cell in cells:
        lowered = " ".join(cell.lower().split())
        if not lowered:
            continue
        for pattern, reason in _INFORMATION_LINES:
            if pattern.search(lowered):
                return reason
    return ""


def state_reason(state: str) -> str:
    return _STATES.get(state.strip().lower(), "")


def parse_csv(table: CsvTable, mapping: ColumnMapping) -> ParseResult:
    """Parse every data row with ``mapping``.

    A row that is about the account (a footer, a balance brought forward) or that the bank marks as
    pending, reverted or declined is kept with its reason; a row that cannot be read becomes a
    ``RowError`` naming row and field. Nothing is dropped silently.
    """
    problems = mapping.missing_columns(table.headers)
    if problems:
        raise ImportProblem(". ".join(problems) + ".")
    index = {name: position for position, name in enumerate(table.headers)}
    labels = {
        "date": f"Date (column “{mapping.date}”)",
        "description": f"Description (column “{mapping.description}”)",
        "amount": f"Amount (column “{mapping.amount}”)",
        "paid_in": f"Paid in (column “{mapping.paid_in}”)",
        "paid_out": f"Paid out (column “{mapping.paid_out}”)",
        "balance": f"Balance (column “{mapping.balance}”)",
    }
    date_format = mapping.date_format
    if date_format == "auto":
        values = table.column_values(mapping.date)
        date_format = detect_date_format(values) or _most_common_format(values)
    transactions: list[BankTransaction] = []
    information: list[InformationLine] = []
    errors: list[RowError] = []

    def cell(cells: list[str], column: str) -> str:
        position = index.get(column)
        return cells[position].strip() if column and position is not None and position < len(cells) else ""

    for number, cells in table.rows:
        row_errors: list[RowError] = []
        skip_reason = information_reason(cells) or (state_reason(cell(cells, mapping.status)) if mapping.status else "")
        date_text = cell(cells, mapping.date)
        posted_on = None
        if date_format is None:
            row_errors.append(RowError(number, labels["date"], f"“{date_text[:40]}” is not a date in a format we know"))
        else:
            try:
                posted_on = parse_date(date_text, date_format)
            except ValueError as error:
                row_errors.append(RowError(number, labels["date"], str(error)))
        parts = [cell(cells, mapping.description)] + [cell(cells, c) for c in mapping.extra_description]
        description = " ".join(" ".join(parts).split())
        if not description:
            row_errors.append(RowError(number, labels["description"], "the description is empty"))
        amount = None
        if mapping.amount:
            try:
                amount = parse_amount(cell(cells, mapping.amount))
                if mapping.amounts_are_spending:
                    amount = -amount
            except ValueError as error:
                row_errors.append(RowError(number, labels["amount"], str(error)))
        else:
            paid_in_text, paid_out_text = cell(cells, mapping.paid_in), cell(cells, mapping.paid_out)
            amount = Decimal("0.00")
            if not paid_in_text and not paid_out_text:
                row_errors.append(
                    RowError(
                        number,
                        labels["paid_out"] if mapping.paid_out else labels["paid_in"],
                        "both paid in and paid out are empty",
                    )
                )
            for text, key, sign in ((paid_in_text, "paid_in", 1), (paid_out_text, "paid_out", -1)):
                if not text:
                    continue
                try:
                    amount += sign * abs(parse_amount(text))
                except ValueError as error:
                    row_errors.append(RowError(number, labels[key], str(error)))
        balance = None
        balance_text = cell(cells, mapping.balance)
        if balance_text:
            try:
                balance = parse_amount(balance_text)
            except ValueError as error:
                row_errors.append(RowError(number, labels["balance"], str(error)))
        if amount is not None and not row_errors and amount == 0:
            row_errors.append(
                RowError(number, labels["amount"] if mapping.amount else labels["paid_out"], "the amount is zero")
            )
        if row_errors:
            if skip_reason:  # a footer or a pending line with no date or amount: say why, never block
                text = " ".join(c for c in cells if c)[:120]
                information.append(InformationLine(number, text, skip_reason))
            else:
                errors.extend(row_errors)
            continue
        transactions.append(
            BankTransaction(
                row=number,
                posted_on=posted_on,
                description=description[:255],
                amount=amount,
                transaction_id=cell(cells, mapping.transaction_id)[:100],
                balance=balance,
                skip_reason=skip_reason,
            )
        )
    if not transactions and not errors and not information:
        raise ImportProblem("The file has a header row but no transactions under it.")
    return ParseResult(transactions, errors, "csv", date_format or "", information)


def _most_common_format(values: list[str]) -> str | None:
    """When no format reads every row, pick the one that reads most, so errors point at the odd rows."""
    best, best_count = None, 0
    for key, *_ in DATE_FORMATS:
        count = 0
        for value in values:
            try:
                parse_date(value, key)
                count += 1
            except ValueError:
                pass
        if count > best_count:
            best, best_count = key, count
    return best
