"""Payments in from the budget's schedule, and regular payments, created by background tasks."""

import datetime
from decimal import Decimal

from django.urls import reverse

from budgets import services, tasks
from budgets.models import LedgerEntry, RecurringPayment
from tests.budgets.factories import date_fields

D = Decimal


def test_schedule_dates_four_weekly_in_advance_and_monthly_in_arrears():
    start, end = datetime.date(2025, 4, 1), datetime.date(2026, 3, 31)
    four_weekly = services.schedule_dates(start, end, "four_weekly")
    assert len(four_weekly) == 14 and four_weekly[1] == datetime.date(2025, 4, 29)
    monthly = services.schedule_dates(start, end, "monthly", in_advance=False)
    assert monthly[0] == datetime.date(2025, 4, 30) and monthly[-1] == datetime.date(2026, 3, 31)
    assert services.next_date(datetime.date(2025, 1, 31), "monthly") == datetime.date(2025, 2, 28)


def test_payments_in_add_up_to_the_allocation_and_are_idempotent(budget):
    services.generate_scheduled_payments(budget, up_to=datetime.date(2025, 6, 30))
    first = budget.entries.count()
    assert first == 2 * 4  # 1 Apr, 29 Apr, 27 May, 24 Jun for each of two elements
    services.generate_scheduled_payments(budget, up_to=datetime.date(2025, 6, 30))
    assert budget.entries.count() == first
    services.generate_scheduled_payments(budget, up_to=budget.ends_on)
    social_care = budget.entries.filter(element="social_care", kind="payment_in")
    assert sum(e.amount for e in social_care) == D("5200.00")
    assert {e.source for e in budget.entries.all()} == {"scheduled"}


def test_generate_due_payments_task(budget):
    result = tasks.generate_due_payments.call(today="2025-04-02")
    assert result == 2
    assert tasks.generate_due_payments.call(today="2025-04-02") == 0


def test_recurring_payment_task_creates_weekly_entries_once(budget, parent):
    recurring = RecurringPayment.objects.create(
        budget=budget,
        payee="Jo (PA)",
        amount=D("96.00"),
        element="social_care",
        category="personal_assistant",
        frequency="weekly",
        starts_on=datetime.date(2025, 4, 7),
        next_due_on=datetime.date(2025, 4, 7),
        created_by=parent,
    )
    assert tasks.run_recurring_payments.call(today="2025-04-30") == 4  # 7, 14, 21, 28 April
    assert tasks.run_recurring_payments.call(today="2025-04-30") == 0
    entries = LedgerEntry.objects.filter(recurring_payment=recurring).order_by("spent_on")
    assert [e.spent_on.day for e in entries] == [7, 14, 21, 28]
    assert all(e.amount == D("-96.00") and e.source == "scheduled" for e in entries)
    recurring.refresh_from_db()
    assert recurring.next_due_on == datetime.date(2025, 5, 5)


def test_tasks_run_through_the_configured_backend(settings, budget):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    result = tasks.generate_due_payments.enqueue(today="2025-05-01")
    assert result.return_value == 4


def test_family_sets_up_a_regular_payment(client, budget, parent, today):
    client.force_login(parent)
    response = client.post(
        reverse("budgets:recurring_create", kwargs={"budget": budget.uuid}),
        {
            "payee": "Sam's PA",
            "amount": "80.00",
            "element": "social_care",
            "category": "personal_assistant",
            "frequency": "fortnightly",
            **date_fields("starts_on", "2025-09-01"),
        },
    )
    assert response.status_code == 302
    # 1, 15 and 29 September have come due by 1 October
    assert LedgerEntry.objects.filter(payee="Sam's PA").count() == 3
    stop = reverse(
        "budgets:recurring_stop", kwargs={"budget": budget.uuid, "recurring": RecurringPayment.objects.get().pk}
    )
    client.post(stop)
    assert not RecurringPayment.objects.get().is_active
    assert tasks.run_recurring_payments.call(today="2025-12-01") == 0
