from django.core.management.base import BaseCommand

from budgets.tasks import (
    generate_due_payments,
    prompt_before_adulthood,
    run_recurring_payments,
    send_return_reminders,
)


class Command(BaseCommand):
    help = (
        "Enqueue today's scheduled payments in, regular payments, monitoring return reminders and the "
        "prompts before an 18th birthday (run daily, e.g. from cron)."
    )

    def handle(self, *args, **options):
        payments = generate_due_payments.enqueue()
        recurring = run_recurring_payments.enqueue()
        reminders = send_return_reminders.enqueue()
        prompts = prompt_before_adulthood.enqueue()
        self.stdout.write(
            self.style.SUCCESS(f"Enqueued tasks {payments.id}, {recurring.id}, {reminders.id} and {prompts.id}.")
        )
