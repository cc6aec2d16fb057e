"""What every money figure means: pure arithmetic, no ORM, no request. Every amount is a Decimal;
results are quantized to pence.

This module is the only place that knows what "paid in", "spent", "refund", "adjustment" and
"balance" mean and which sign each has. The family's dashboard, statements (HTML, CSV and PDF),
monitoring returns, the officer's overview and its CSV, and the positions export all take their
figures from here, so the family and the council always see the same numbers for one budget.

Amounts are stored signed (money into the budget positive, money out negative), so the balance is
always the plain sum of the live entries. The kind of an entry decides which figure it counts in:

=============  =======================================  ==========================================
figure         made of                                   sign as shown
=============  =======================================  ==========================================
paid in        payments in from the council              positive; a clawback (negative) reduces it
spent          spending, less refunds                    positive; refunds larger than spending
                                                         make it negative
refunds        refunds from providers                    positive; already netted off "spent"
adjustments    corrections by the council                signed, as recorded
balance        opening + paid in - spent + adjustments   signed: negative means overspent
               (= opening + the sum of every amount)
=============  =======================================  ==========================================

Statement lines also show each entry's cash movement ("money in" and "money out" columns, by the
sign of its amount); those columns are facts about one line, never totals of a figure above.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

ZERO = Decimal("0.00")
PENNY = Decimal("0.01")

PAYMENT_IN = "payment_in"
SPENDING = "spending"
REFUND = "refund"
ADJUSTMENT = "adjustment"
KINDS = (PAYMENT_IN, SPENDING, REFUND, ADJUSTMENT)
# Kinds that count towards what was spent (and so towards the provision items they pay for).
SPENDING_KINDS = (SPENDING, REFUND)


def pence(value: Decimal) -> Decimal:
    return Decimal(value).quantize(PENNY, rounding=ROUND_HALF_UP)


def signed_amount(kind: str, amount: Decimal) -> Decimal:
    """How an amount typed as a positive number is stored: spending goes out, everything else comes in."""
    return -abs(amount) if kind == SPENDING else abs(amount)


def money_in(amount: Decimal) -> Decimal | None:
    """A statement line's "money in" column: the cash that came into the budget, if any."""
    return amount if amount > 0 else None


def money_out(amount: Decimal) -> Decimal | None:
    """A statement line's "money out" column, shown positive."""
    return -amount if amount < 0 else None


class Row(NamedTuple):
    kind: str
    element: str
    provision_item_id: int | None
    spent_on: datetime.date
    amount: Decimal


def balance(amounts: Iterable[Decimal], opening: Decimal = ZERO) -> Decimal:
    return pence(opening + sum(amounts, ZERO))


def closing_balance(opening: Decimal, amounts: Iterable[Decimal]) -> Decimal:
    return balance(amounts, opening)


@dataclass
class Totals:
    """The figures for a budget, an element or a provision item over a period."""

    allocated: Decimal = ZERO
    opening: Decimal = ZERO
    paid_in: Decimal = ZERO
    spending: Decimal = ZERO  # gross, shown positive
    refunds: Decimal = ZERO
    adjustments: Decimal = ZERO

    @property
    def spent(self) -> Decimal:
        """What was spent, net of refunds."""
        return pence(self.spending - self.refunds)

    @property
    def balance(self) -> Decimal:
        """Money held: what there was, plus what came in, less what went out."""
        return pence(self.opening + self.paid_in - self.spent + self.adjustments)

    @property
    def remaining(self) -> Decimal:
        """What is left of the allocation to spend this period."""
        return pence(self.allocated - self.spent)

    @property
    def spent_fraction(self) -> Decimal:
        if self.allocated <= 0:
            return ZERO
        return (self.spent / self.allocated).quantize(Decimal("0.001"))

    def add(self, kind: str, amount: Decimal) -> None:
        if kind == PAYMENT_IN:
            self.paid_in += amount
        elif kind == SPENDING:
            self.spending -= amount  # stored negative, shown positive
        elif kind == REFUND:
            self.refunds += amount
        else:  # adjustments, and any kind this module does not know, move the balance as recorded
            self.adjustments += amount

    def figures(self) -> dict[str, Decimal]:
        """The figures every view of a budget shows, quantized (for comparing views and for exports)."""
        return {
            "opening": pence(self.opening),
            "paid_in": pence(self.paid_in),
            "spent": self.spent,
            "refunds": pence(self.refunds),
            "adjustments": pence(self.adjustments),
            "balance": self.balance,
        }


def add_row(totals: Totals, row: Row) -> None:
    totals.add(row.kind, row.amount)


def totals(rows: Iterable[tuple[str, Decimal]], opening: Decimal = ZERO, allocated: Decimal = ZERO) -> Totals:
    """Figures from (kind, amount) pairs: the entries themselves or per-kind sums from the database."""
    result = Totals(allocated=allocated, opening=opening)
    for kind, amount in rows:
        result.add(kind, amount)
    return result


@dataclass
class Summary:
    overall: Totals = field(default_factory=Totals)
    by_element: dict[str, Totals] = field(default_factory=dict)
    by_provision_item: dict[int | None, Totals] = field(default_factory=dict)


def summarise(
    rows: Iterable[Row],
    allocations: dict[str, Decimal],
    provision_allocations: dict[int, Decimal] | None = None,
) -> Summary:
    summary = Summary()
    summary.by_element = {element: Totals(allocated=amount) for element, amount in allocations.items()}
    summary.by_provision_item = {pk: Totals(allocated=amount) for pk, amount in (provision_allocations or {}).items()}
    summary.overall.allocated = sum(allocations.values(), ZERO)
    for row in rows:
        add_row(summary.overall, row)
        add_row(summary.by_element.setdefault(row.element, Totals()), row)
        if row.kind in SPENDING_KINDS:
            add_row(summary.by_provision_item.setdefault(row.provision_item_id, Totals()), row)
    return summary


def period_days(starts_on: datetime.date, ends_on: datetime.date) -> int:
    return (ends_on - starts_on).days + 1


def elapsed_days(starts_on: datetime.date, ends_on: datetime.date, today: datetime.date) -> int:
    if today < starts_on:
        return 0
    return min(period_days(starts_on, ends_on), (today - starts_on).days + 1)


def expected_spend(allocated: Decimal, starts_on: datetime.date, ends_on: datetime.date, day: datetime.date) -> Decimal:
    """Straight-line spending: the share of the allocation that the days so far account for."""
    return pence(allocated * elapsed_days(starts_on, ends_on, day) / period_days(starts_on, ends_on))


def weekly_amount(allocated: Decimal, starts_on: datetime.date, ends_on: datetime.date) -> Decimal:
    return pence(allocated * 7 / period_days(starts_on, ends_on))


def projected_spend(spent: Decimal, starts_on: datetime.date, ends_on: datetime.date, today: datetime.date) -> Decimal:
    """Spending by the end of the period if it carries on at the rate so far."""
    days = elapsed_days(starts_on, ends_on, today)
    if days == 0:
        return ZERO
    return pence(spent * period_days(starts_on, ends_on) / days)


def projected_remaining(
    allocated: Decimal, spent: Decimal, starts_on: datetime.date, ends_on: datetime.date, today: datetime.date
) -> Decimal:
    return pence(allocated - projected_spend(spent, starts_on, ends_on, today))


def run_out_on(
    allocated: Decimal, spent: Decimal, starts_on: datetime.date, ends_on: datetime.date, today: datetime.date
) -> datetime.date | None:
    """The day the allocation runs out at the current rate, if that is still to come and before the period
    ends. A day already past is never returned: the allocation is then already spent (see
    ``allocation_used_up``), and "will run out on" a past date would make no sense to a family."""
    days = elapsed_days(starts_on, ends_on, today)
    if days == 0 or spent <= 0:
        return None
    daily = spent / days
    lasts = int(allocated / daily)
    if lasts >= period_days(starts_on, ends_on):  # lasts the period (and a tiny rate must not overflow a date)
        return None
    day = starts_on + datetime.timedelta(days=max(lasts, 0))
    return day if today < day < ends_on else None


def allocation_used_up(allocated: Decimal, spent: Decimal, ends_on: datetime.date, today: datetime.date) -> bool:
    """Everything allocated for the period is already spent, with days of the period still to go."""
    return today < ends_on and spent >= allocated and spent > 0


def surplus_over_threshold(
    held: Decimal, allocated: Decimal, starts_on: datetime.date, ends_on: datetime.date, weeks: int
) -> Decimal:
    """How far the money held exceeds `weeks` weeks' worth of the budget (zero if it does not)."""
    threshold = weekly_amount(allocated, starts_on, ends_on) * weeks
    return pence(max(held - threshold, ZERO))


def month_starts(starts_on: datetime.date, ends_on: datetime.date) -> list[datetime.date]:
    months, day = [], starts_on.replace(day=1)
    while day <= ends_on:
        months.append(day)
        day = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return months


def month_end(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)


class Point(NamedTuple):
    month: datetime.date
    spent: Decimal | None  # None for months still to come
    expected: Decimal


def cumulative_spending(
    rows: Iterable[Row], allocated: Decimal, starts_on: datetime.date, ends_on: datetime.date, today: datetime.date
) -> list[Point]:
    """Spending to the end of each month of the period against the straight-line expectation."""
    by_month: dict[datetime.date, Decimal] = defaultdict(lambda: ZERO)
    for row in rows:
        if row.kind in SPENDING_KINDS:
            by_month[row.spent_on.replace(day=1)] -= row.amount
    points, running = [], ZERO
    for month in month_starts(starts_on, ends_on):
        running += by_month.get(month, ZERO)
        last_day = min(month_end(month), ends_on)
        points.append(
            Point(
                month=month,
                spent=pence(running) if month <= today else None,
                expected=expected_spend(allocated, starts_on, ends_on, last_day),
            )
        )
    return points


def split_evenly(total: Decimal, parts: int) -> list[Decimal]:
    """`parts` payments in pence that add up exactly to `total` (the last one takes the remainder)."""
    if parts <= 0:
        return []
    each = (total / parts).quantize(PENNY, rounding="ROUND_DOWN")
    return [each] * (parts - 1) + [pence(total - each * (parts - 1))]


class Figures:
    """The period's figures, as every statement and return shows them, read from `self.totals`
    (a `Totals`): one definition of each, rounded to pence where the ledger keeps more."""

    totals: Totals

    @property
    def paid_in(self) -> Decimal:
        return pence(self.totals.paid_in)

    @property
    def spent(self) -> Decimal:
        return self.totals.spent

    @property
    def refunds(self) -> Decimal:
        return pence(self.totals.refunds)

    @property
    def adjustments(self) -> Decimal:
        return pence(self.totals.adjustments)

    @property
    def closing_balance(self) -> Decimal:
        return self.totals.balance
