import datetime

from django.core.management.base import BaseCommand, CommandError

from providers import services
from providers.tasks import send_review_reminders


class Command(BaseCommand):
    help = "Email providers before a service's review is due, on the day and when overdue. Idempotent: run daily."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Run as if today were this date (YYYY-MM-DD).")
        parser.add_argument("--enqueue", action="store_true", help="Enqueue the task for the worker instead.")

    def handle(self, *args, today=None, enqueue=False, **options):
        day = None
        if today:
            try:
                day = datetime.date.fromisoformat(today)
            except ValueError:
                raise CommandError(f"--today: “{today}” is not a date like 2026-01-31") from None
        if enqueue:
            result = send_review_reminders.enqueue(today)
            self.stdout.write(self.style.SUCCESS(f"Enqueued task {result.id}."))
            return
        sent = services.send_review_reminders(day)
        self.stdout.write(
            self.style.SUCCESS(
                f"Sent {sent['before']} reminders before the review date, {sent['due']} on the day "
                f"and {sent['overdue']} overdue."
            )
        )
