"""The common shape every bank file is read into."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .errors import RowError


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
    # Why the bank itself says this line is not (yet) money moved: pending, reverted, declined, or a
    # balance line. Such a line is shown in the preview, not imported unless the family includes it.
    skip_reason: str = ""

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
            "skip_reason": self.skip_reason,
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
            skip_reason=data.get("skip_reason") or "",
        )


@dataclass(frozen=True)
class InformationLine:
    """A line of the file that is not a transaction (a footer such as the arranged overdraft limit, a
    balance brought forward with no amount): never imported, always listed with the reason."""

    row: int
    text: str
    reason: str


@dataclass
class ParseResult:
    """Everything read from a file: transactions, information lines, and rows that could not be read."""

    transactions: list[BankTransaction]
    errors: list
    source_format: str  # "csv", "ofx" or "txt"
    date_format: str = ""
    information: list[InformationLine] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def rows_read(self) -> int:
        """Every line that holds something: transactions, information lines and unreadable rows."""
        return len(self.transactions) + len(self.information) + len({error.row for error in self.errors})

    def as_dict(self) -> dict:
        return {
            "transactions": [t.as_dict() for t in self.transactions],
            "errors": [[e.row, e.field, e.message] for e in self.errors],
            "source_format": self.source_format,
            "date_format": self.date_format,
            "information": [[i.row, i.text, i.reason] for i in self.information],
        }

    @classmethod
    def from_dict(cls, data: dict) -> ParseResult:
        return cls(
            transactions=[BankTransaction.from_dict(t) for t in data["transactions"]],
            errors=[RowError(*error) for error in data.get("errors", [])],
            source_format=data["source_format"],
            date_format=data.get("date_format", ""),
            information=[InformationLine(*line) for line in data.get("information", [])],
        )
