"""Spot bank lines that are already in the ledger.

A duplicate is the same transaction: the same date, amount and payee, or the same bank transaction id
*with* the same date and amount. A shared column value alone never makes two lines the same (an
account number or a reused reference repeats on every row). Each existing entry explains only one
incoming line, so two identical £2.50 bus fares on one day are both new if the ledger has none, and
one is new if it already has one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

ALREADY_IN_BUDGET = "it is already in the budget (same date, amount and payee)"


@dataclass(frozen=True)
class KnownEntry:
    """What duplicate detection needs to know about an existing ledger entry."""

    spent_on: date
    amount: Decimal  # bank sign: negative for money out
    payee: str
    transaction_id: str = ""


def normalise_payee(payee: str) -> str:
    return " ".join(payee.casefold().replace("*", " ").lstrip("'").split())


def duplicate_key(spent_on: date, amount: Decimal, payee: str) -> tuple[date, Decimal, str]:
    return (spent_on, Decimal(amount).quantize(Decimal("0.01")), normalise_payee(payee))


def _id_key(transaction_id: str, spent_on: date, amount: Decimal) -> tuple[str, date, Decimal]:
    return (transaction_id, spent_on, Decimal(amount).quantize(Decimal("0.01")))


def find_duplicates(incoming: Iterable, existing: Iterable[KnownEntry]) -> dict[int, str]:
    """Map the ``row`` of each incoming transaction that is already in the ledger (or earlier in the
    same file, by id, date and amount) to the reason, worded to follow "Not imported, because"."""
    existing = list(existing)
    by_payee = Counter(duplicate_key(e.spent_on, e.amount, e.payee) for e in existing)
    by_id: dict[tuple, list[tuple]] = {}
    for e in existing:
        if e.transaction_id:
            by_id.setdefault(_id_key(e.transaction_id, e.spent_on, e.amount), []).append(
                duplicate_key(e.spent_on, e.amount, e.payee)
            )
    seen_ids: set[tuple[str, date, Decimal]] = set()
    reasons: dict[int, str] = {}
    for transaction in incoming:
        key = duplicate_key(transaction.posted_on, transaction.amount, transaction.description)
        tid = transaction.transaction_id
        id_key = _id_key(tid, transaction.posted_on, transaction.amount) if tid else None
        if id_key and by_id.get(id_key):
            by_payee[by_id[id_key].pop()] -= 1  # that entry now explains this line, and no other
            reasons[transaction.row] = f"it is already in the budget (bank transaction id {tid}, same date and amount)"
            continue
        if by_payee[key]:
            by_payee[key] -= 1
            reasons[transaction.row] = ALREADY_IN_BUDGET
            continue
        if id_key:
            if id_key in seen_ids:
                reasons[transaction.row] = (
                    f"it appears twice in this file (bank transaction id {tid}, same date and amount)"
                )
                continue
            seen_ids.add(id_key)
    return reasons
