"""The common shape every bank file is read into."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class BankTransaction:
    """One line of a bank or prepaid card statement.

    ``amount`` keeps the bank's sign: negative is money out (a payment), positive is money in.
    ``row`` is the row number in the file (a spreadsheet's row number for CSV, the position for OFX).
    """

    row: int
    posted_on: date
    description: str
    amount: Decimal
    transaction_id: str = ""
    balance: Decimal | None = None

    @property
    def is_money_out(self) -> bool:
        return self.amount < 0

    def as_dict(self) -> dict[str, str | int | None]:
        """Plain JSON-safe values (amounts as strings) for keeping a preview in the session."""
        return {
            "row": self.row,
            "posted_on": self.posted_on.isoformat(),
            "description": self.description,
            "amount": str(self.amount),
            "transaction_id": self.transaction_id,
            "balance": None if self.balance is None else str(self.balance),
        }

    @classmethod
    def from_dict(cls, data: dict) -> BankTransaction:
        return cls(
            row=int(data["row"]),
            posted_on=date.fromisoformat(data["posted_on"]),
            description=data["description"],
            amount=Decimal(data["amount"]),
            transaction_id=data.get("transaction_id") or "",
            balance=None if data.get("balance") in (None, "") else Decimal(data["balance"]),
        )


@dataclass
class ParseResult:
    """Everything read from a file: good transactions and, separately, rows that could not be read."""

    transactions: list[BankTransaction]
    errors: list
    source_format: str  # "csv" or "ofx"
    date_format: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors
