"""Daily background work for monitoring returns (django-tasks). Enqueued by `manage.py send_return_reminders`."""

import datetime

from django.utils import timezone
from django_tasks import task

from budgets import returns


@task()
def send_return_reminders(today: str | None = None) -> dict[str, int]:
    """Reminder emails before a return is due and when it is overdue. Safe to run any number of times a
    day: each reminder is claimed with a conditional update before it is sent, so it goes once."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return returns.send_return_reminders(day)
