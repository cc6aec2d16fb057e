import datetime

from django.core.management.base import BaseCommand, CommandError

from budgets.returns import services as returns
from budgets.tasks import send_return_reminders


class Command(BaseCommand):
    help = "Send monitoring return reminders (before due, and overdue). Idempotent: run daily, e.g. from cron."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Run as if today were this date (YYYY-MM-DD).")
        parser.add_argument("--enqueue", action="store_true", help="Enqueue the task for the worker instead.")

    def handle(self, *args, today=None, enqueue=False, **options):
        if today:
            try:
                datetime.date.fromisoformat(today)
            except ValueError:
                raise CommandError(f"--today: “{today}” is not a date like 2026-01-31") from None
        if enqueue:
            result = send_return_reminders.enqueue(today)
            self.stdout.write(self.style.SUCCESS(f"Enqueued task {result.id}."))
            return
        sent = returns.send_return_reminders(datetime.date.fromisoformat(today) if today else None)
        self.stdout.write(
            self.style.SUCCESS(f"Sent {sent['due']} due reminders and {sent['overdue']} overdue reminders.")
        )
