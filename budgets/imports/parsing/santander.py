"""Santander's "Text file (TXT)" transaction download: not CSV but blocks of labelled lines.

    From: 01/04/2025 to 30/04/2025

    Account: XXXX XXXX XXXX 1234

    Date: 02/04/2025
    Description: CARD PAYMENT TO TESCO STORES 2045 ON 01-04-2025
    Amount: -12.50
    Balance: 1487.50

Santander writes it in Windows-1252 with non-breaking spaces after each label (seen in public
converters: benhartley/ledger-santander, joesingo/bank-statements). Each block is one transaction; its
row number is the line its "Date:" is on, so a problem can be found in the file.
"""

from __future__ import annotations

import re

from .errors import RowError
from .transactions import BankTransaction, ParseResult
from .values import parse_amount, parse_date

_LABEL = re.compile(r"^(From|Account|Date|Description|Amount|Balance)\s*:\s*(.*)$")


def looks_like_santander_text(text: str) -> bool:
    head = [line.replace("\u00a0", " ").strip() for line in text[:4000].splitlines() if line.strip()]
    return bool(head) and head[0].startswith("From:") and any(line.startswith("Date:") for line in head)


def parse_santander_text(text: str) -> ParseResult:
    blocks: list[tuple[int, dict[str, str]]] = []
    current: dict[str, str] | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.replace("\u00a0", " ").strip()
        match = _LABEL.match(line)
        if not match:
            continue
        label, value = match.group(1), " ".join(match.group(2).split())
        if label == "Date":
            current = {}
            blocks.append((number, current))
        if current is not None and label in ("Date", "Description", "Amount", "Balance"):
            current[label] = value
    transactions, errors = [], []
    for number, fields in blocks:
        row_errors = []
        posted_on = amount = balance = None
        try:
            posted_on = parse_date(fields.get("Date", ""), "dd/mm/yyyy")
        except ValueError as error:
            row_errors.append(RowError(number, "Date", str(error)))
        description = fields.get("Description", "")
        if not description:
            row_errors.append(RowError(number, "Description", "the description is empty"))
        try:
            amount = parse_amount(fields.get("Amount", ""))
            if amount == 0:
                row_errors.append(RowError(number, "Amount", "the amount is zero"))
        except ValueError as error:
            row_errors.append(RowError(number, "Amount", str(error)))
        if fields.get("Balance"):
            try:
                balance = parse_amount(fields["Balance"])
            except ValueError as error:
                row_errors.append(RowError(number, "Balance", str(error)))
        if row_errors:
            errors.extend(row_errors)
            continue
        transactions.append(BankTransaction(number, posted_on, description[:255], amount, balance=balance))
    return ParseResult(transactions, errors, "txt", "dd/mm/yyyy")
