"""Demo monitoring returns for `make demo` (called from budgets/demo.py after the budgets are loaded).

Idempotent. On the first family's budget (ten months of history): a quarterly schedule, the first return
approved, the second queried by the officer (its period unlocked, the question shown to the family),
and the third due now.
"""

import datetime

from django.db import transaction

from budgets.models import EntryFlag
from budgets.returns import services as returns
from budgets.returns.models import ReturnSchedule

Status = returns.Status


@transaction.atomic
def load(budget, *, officer, family, today: datetime.date) -> list:
    if ReturnSchedule.objects.filter(budget=budget).exists():
        return list(budget.monitoring_returns.order_by("period_starts_on"))
    periods = returns.return_periods(ReturnSchedule.Frequency.QUARTERLY, budget.starts_on, budget.ends_on)
    ended = [end for _, end in periods if end < today]
    # Give the family long enough that the latest finished quarter is due, not yet overdue.
    days = min(90, max(28, (today - ended[-1]).days + 14)) if ended else 28
    returns.set_schedule(
        budget=budget, actor=officer, frequency=ReturnSchedule.Frequency.QUARTERLY, days_to_submit=days
    )
    items = list(budget.monitoring_returns.order_by("period_starts_on"))
    finished = [item for item in items if item.period_ends_on < today]
    if len(finished) >= 1:
        _submit(finished[0], family, today)
        returns.approve_return(monitoring_return=finished[0], officer=officer, note="Thank you: all receipts present.")
    if len(finished) >= 2:
        _submit(finished[1], family, today)
        returns.query_return(
            monitoring_return=finished[1],
            officer=officer,
            message=(
                "Tom Ahmed lives with you, so paying him as a personal assistant needs the council's agreement. "
                "Please tell us whether this was agreed, and add the missing timesheets."
            ),
        )
    return items


def _submit(item, family, today):
    flags = EntryFlag.objects.filter(
        entry__budget=item.budget, entry__spent_on__range=(item.period_starts_on, item.period_ends_on)
    )
    explanations = {
        flag.pk: "Cover while our usual assistant was ill; agreed by phone with the officer." for flag in flags
    }
    returns.submit_return(monitoring_return=item, actor=family, declared=True, explanations=explanations, today=today)
