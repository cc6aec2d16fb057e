from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from budgets.models import AuditEvent, Budget


class Command(BaseCommand):
    help = "Delete budgets (entries, evidence, audit trail) kept longer than BUDGET_RETENTION_YEARS after they ended."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List what would be deleted, delete nothing.")

    def handle(self, *args, dry_run=False, **options):
        today = timezone.localdate()
        expired = [budget for budget in Budget.objects.filter(ends_on__lt=today) if budget.retain_until() < today]
        for budget in expired:
            self.stderr.write(
                f"{'Would delete' if dry_run else 'Deleting'} {budget} (kept until {budget.retain_until()})"
            )
            if dry_run:
                continue
            with transaction.atomic():
                for entry in budget.entries.prefetch_related("evidence"):
                    for item in entry.evidence.all():
                        item.file.delete(save=False)
                budget.entries.all().delete()
                budget.delete()
                AuditEvent.record(actor=None, action="budget.purged", after={"budget": str(budget.uuid)})
        verb = "would be deleted" if dry_run else "deleted"
        self.stdout.write(self.style.SUCCESS(f"{len(expired)} budget(s) past the retention period {verb}."))
