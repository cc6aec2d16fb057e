"""Background work (django-tasks). `manage.py run_budget_schedules` enqueues these daily;
`manage.py send_return_reminders` and `manage.py prompt_before_adulthood` run or enqueue one on its own."""

import datetime

from django.utils import timezone
from django_tasks import task

from budgets import services
from budgets.models import Budget, RecurringPayment
from budgets.requests import services as requesting
from budgets.returns import services as returns


@task()
def generate_due_payments(today: str | None = None) -> int:
    """Payments in that have come due under each current budget's schedule."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    created = 0
    for budget in Budget.objects.filter(starts_on__lte=day, ends_on__gte=day - datetime.timedelta(days=31)):
        created += len(services.generate_scheduled_payments(budget, up_to=day))
    return created


@task()
def run_recurring_payments(today: str | None = None) -> int:
    """Entries for every regular payment (a personal assistant paid weekly) that has come due."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    created = 0
    for recurring in RecurringPayment.objects.filter(is_active=True, next_due_on__lte=day):
        created += len(services.run_recurring_payment(recurring, day))
    return created


@task()
def send_return_reminders(today: str | None = None) -> dict[str, int]:
    """Reminder emails before a return is due and when it is overdue. Safe to run any number of times a
    day: each reminder is claimed with a conditional update before it is sent, so it goes once."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return returns.send_return_reminders(day)


@task()
def prompt_before_adulthood(today: str | None = None) -> int:
    """Prompt officers about budgets whose holder turns 18 within six months (social care moves to adult
    rules). Safe to run any number of times: one prompt, and one email, per budget and birthday."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return requesting.prompt_before_adulthood(day)
