"""Bank statement imports and reconciliations.

App label "budgets" and the original tables: these models moved here from the ledger's models module,
which they depend on (never the reverse); ``BudgetsConfig.ready`` loads them.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone

from budgets.fields import MoneyField
from budgets.models import Budget, Element

__all__ = ["ImportProfile", "Reconciliation", "StatementImport"]


class ImportProfile(models.Model):
    """A column mapping remembered per budget and file layout (the same bank's export next month)."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="import_profiles")
    headers_signature = models.CharField(max_length=64)
    headers = models.JSONField(default=list)
    mapping = models.JSONField(default=dict)
    element = models.CharField(max_length=20, choices=Element.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "headers_signature"], name="one_import_profile_per_layout")
        ]

    def __str__(self):
        return f"Import layout for {self.budget}"


class StatementImport(models.Model):
    """One uploaded statement: kept while the family maps and previews it, then committed or discarded."""

    class Status(models.TextChoices):
        PREVIEW = "preview", "Not imported yet"
        COMMITTED = "committed", "Imported"
        DISCARDED = "discarded", "Cancelled"

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="statement_imports")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(max_length=255)
    source_format = models.CharField(max_length=10)  # "csv" or "ofx"
    content = models.BinaryField()
    # The file as read on upload (a CSV's cells, or an OFX/TXT file's transactions), so the mapping,
    # preview and commit steps never read the uploaded bytes again.
    parsed = models.JSONField(default=dict, blank=True, editable=False)
    mapping = models.JSONField(default=dict, blank=True)
    element = models.CharField(max_length=20, choices=Element.choices, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PREVIEW)
    created_at = models.DateTimeField(default=timezone.now)
    committed_at = models.DateTimeField(null=True, blank=True)
    entries_created = models.PositiveIntegerField(default=0)
    rows_skipped = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.filename


class Reconciliation(models.Model):
    """The family's check of the ledger against a bank statement's closing balance on a date."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="reconciliations")
    as_of = models.DateField("statement date")
    statement_balance = MoneyField()
    ledger_balance = MoneyField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-as_of", "-recorded_at"]

    def __str__(self):
        return f"Balance on {self.as_of}: £{self.statement_balance}"

    @property
    def difference(self) -> Decimal:
        return self.statement_balance - self.ledger_balance
