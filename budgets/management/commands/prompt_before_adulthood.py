import datetime

from django.core.management.base import BaseCommand, CommandError

from budgets.requests import services as requesting
from budgets.tasks import prompt_before_adulthood


class Command(BaseCommand):
    help = (
        "Prompt budget officers six months before a young person's 18th birthday, when the social care part "
        "of their budget moves to adult rules. Idempotent: run daily, e.g. from cron."
    )

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
            result = prompt_before_adulthood.enqueue(today)
            self.stdout.write(self.style.SUCCESS(f"Enqueued task {result.id}."))
            return
        made = requesting.prompt_before_adulthood(datetime.date.fromisoformat(today) if today else None)
        self.stdout.write(self.style.SUCCESS(f"Prompted officers about {made} young people turning 18."))
