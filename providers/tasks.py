"""Background work (django-tasks): `manage.py send_review_reminders --enqueue` daily, e.g. from cron."""

import datetime

from django.utils import timezone
from django_tasks import task

from . import services


@task()
def send_review_reminders(today: str | None = None) -> dict[str, int]:
    """Reminders before a service's review is due, on the day and when overdue. Safe to run any number of
    times a day: each reminder is claimed before it is sent, so it goes once."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return services.send_review_reminders(day)
