from django.core.management.base import BaseCommand

from budgets.tasks import generate_due_payments, run_recurring_payments


class Command(BaseCommand):
    help = "Enqueue today's scheduled payments in and regular payments (run daily, e.g. from cron)."

    def handle(self, *args, **options):
        payments = generate_due_payments.enqueue()
        recurring = run_recurring_payments.enqueue()
        self.stdout.write(self.style.SUCCESS(f"Enqueued tasks {payments.id} and {recurring.id}."))
