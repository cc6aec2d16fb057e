"""Spot bank lines that are already in the ledger: the same bank transaction id, or the same date,
amount and payee. Each existing entry can explain only one incoming line, so two identical £2.50 bus
fares on one day are both new if the ledger has none, and one is new if it already has one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class KnownEntry:
    """What duplicate detection needs to know about an existing ledger entry."""

    spent_on: date
    amount: Decimal  # bank sign: negative for money out
    payee: str
    transaction_id: str = ""


def normalise_payee(payee: str) -> str:
    return " ".join(payee.casefold().replace("*", " ").split())


def duplicate_key(spent_on: date, amount: Decimal, payee: str) -> tuple[date, Decimal, str]:
    return (spent_on, Decimal(amount).quantize(Decimal("0.01")), normalise_payee(payee))


def find_duplicates(incoming: Iterable, existing: Iterable[KnownEntry]) -> dict[int, str]:
    """Map the ``row`` of each incoming transaction that duplicates an existing entry to the reason."""
    existing = list(existing)
    known_ids = {e.transaction_id for e in existing if e.transaction_id}
    unmatched = Counter(duplicate_key(e.spent_on, e.amount, e.payee) for e in existing)
    seen_ids: set[str] = set()
    reasons: dict[int, str] = {}
    for transaction in incoming:
        tid = transaction.transaction_id
        if tid and tid in known_ids:
            reasons[transaction.row] = f"Already imported (bank transaction id {tid})"
            key = duplicate_key(transaction.posted_on, transaction.amount, transaction.description)
            if unmatched[key]:
                unmatched[key] -= 1
            continue
        if tid and tid in seen_ids:
            reasons[transaction.row] = f"Appears twice in this file (bank transaction id {tid})"
            continue
        if tid:
            seen_ids.add(tid)
        key = duplicate_key(transaction.posted_on, transaction.amount, transaction.description)
        if unmatched[key]:
            unmatched[key] -= 1
            reasons[transaction.row] = "Same date, amount and payee as an entry already in the budget"
    return reasons
