"""`make demo` shows a budget with a year of history, one approved return, one queried and one due."""

from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from budgets.models import Budget
from budgets.returns.models import MonitoringReturn


def test_demo_budget_has_an_approved_a_queried_and_a_due_return(db):
    call_command("load_demo_budgets", stdout=StringIO(), stderr=StringIO())
    call_command("load_demo_budgets", stdout=StringIO(), stderr=StringIO())  # idempotent
    maya = Budget.objects.get(holder_name="Maya Ahmed")
    today = timezone.localdate()
    items = list(maya.monitoring_returns.order_by("period_starts_on"))
    assert [item.status for item in items[:3]] == [
        MonitoringReturn.Status.APPROVED,
        MonitoringReturn.Status.QUERIED,
        MonitoringReturn.Status.OPEN,
    ]
    assert items[2].is_due(today) and not items[2].is_overdue(today)
    assert items[1].messages.get().body.startswith("Tom Ahmed lives with you")
    maya.refresh_from_db()
    assert maya.locked_until == items[0].period_ends_on
    assert maya.entries.filter(spent_on__lt=maya.starts_on.replace(year=maya.starts_on.year + 1)).count() > 100
