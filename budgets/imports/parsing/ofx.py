"""OFX and QFX (Quicken's OFX) statements, read with ofxtools (SGML v1 and XML v2)."""

from __future__ import annotations

import io
from decimal import Decimal

from ofxtools.Parser import OFXTree

from budgets import money

from .errors import ImportProblem, RowError
from .transactions import BankTransaction, ParseResult


def looks_like_ofx(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \r\n\t").upper()
    return head.startswith(b"OFXHEADER") or b"<OFX>" in head or (head.startswith(b"<?XML") and b"OFX" in head)


def parse_ofx(data: bytes) -> ParseResult:
    """Every transaction in every statement of an OFX/QFX file. Raises ImportProblem if it is not OFX."""
    tree = OFXTree()
    try:
        tree.parse(io.BytesIO(data))
        document = tree.convert()
    except Exception as error:  # ofxtools raises header, parse, value and key errors for bad files
        detail = str(error).splitlines()[0][:160] if str(error) else type(error).__name__
        raise ImportProblem(
            f"This is not a valid OFX or QFX file ({detail}). Download the statement from your bank again, "
            "choosing OFX, QFX or Money/Quicken format, or upload a CSV instead."
        ) from None
    transactions: list[BankTransaction] = []
    errors: list[RowError] = []
    position = 0
    for statement in document.statements:
        for item in statement.banktranlist or []:
            position += 1
            posted = item.dtposted
            description = " ".join(
                part.strip()
                for part in (getattr(item, "name", None), getattr(item, "memo", None))
                if part and part.strip()
            )
            payee = getattr(item, "payee", None)
            if not description and payee is not None:
                description = payee.name or ""
            try:  # ofxtools reads TRNAMT with Decimal(), which takes "NaN" and "1E+40" as numbers
                amount = money.check_amount(Decimal(item.trnamt))
            except money.AmountError as error:
                errors.append(RowError(position, "Amount (TRNAMT)", str(error)))
                continue
            if amount == 0:
                errors.append(RowError(position, "Amount (TRNAMT)", "the amount is zero"))
                continue
            transactions.append(
                BankTransaction(
                    row=position,
                    posted_on=posted.date(),
                    description=(description or item.trntype or "Transaction")[:255],
                    amount=amount,
                    transaction_id=(item.fitid or "")[:100],
                )
            )
    if not transactions and not errors:
        raise ImportProblem("The OFX file has no transactions in it. Check the dates you downloaded from your bank.")
    return ParseResult(transactions, errors, "ofx")
