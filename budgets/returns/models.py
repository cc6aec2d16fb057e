"""Monitoring returns: the council's schedule and each period's return. Registered by BudgetsConfig.ready()."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from budgets.models import Budget

__all__ = ["MonitoringReturn", "ReturnMessage", "ReturnSchedule"]


class ReturnSchedule(models.Model):
    class Frequency(models.TextChoices):
        QUARTERLY = "quarterly", "Quarterly"
        SIX_MONTHLY = "six_monthly", "Every six months"
        MILESTONES = "milestones", "At 3, 6 and 12 months"

    budget = models.OneToOneField(Budget, on_delete=models.CASCADE, related_name="return_schedule")
    frequency = models.CharField(max_length=20, choices=Frequency.choices, default=Frequency.QUARTERLY)
    days_to_submit = models.PositiveSmallIntegerField(
        default=28, help_text="Days after the end of each period that the family has to submit the return."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "monitoring return schedule"

    def __str__(self):
        return f"{self.get_frequency_display()} returns for {self.budget}"


class MonitoringReturn(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Not submitted"
        SUBMITTED = "submitted", "Submitted"
        QUERIED = "queried", "Queried by the council"
        APPROVED = "approved", "Approved"

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="monitoring_returns")
    period_starts_on = models.DateField()
    period_ends_on = models.DateField()
    due_on = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The figures as the family declared them, amounts as strings.
    declared_totals = models.JSONField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_reminder_sent_at = models.DateTimeField(null=True, blank=True)
    overdue_reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["budget", "period_starts_on"]
        verbose_name = "monitoring return"
        constraints = [models.UniqueConstraint(fields=["budget", "period_starts_on"], name="one_return_per_period")]

    def __str__(self):
        return f"Return for {self.period_starts_on:%-d %b %Y} to {self.period_ends_on:%-d %b %Y}"

    @property
    def is_awaiting_family(self) -> bool:
        return self.status in (self.Status.OPEN, self.Status.QUERIED)

    def is_due(self, today: datetime.date | None = None) -> bool:
        """Due once its period has ended, until submitted."""
        today = today or timezone.localdate()
        return self.is_awaiting_family and today > self.period_ends_on

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.is_awaiting_family and today > self.due_on


class ReturnMessage(models.Model):
    """The conversation on a return: the officer's query, the family's answer, notes on approval."""

    class Kind(models.TextChoices):
        QUERY = "query", "Question from the council"
        ANSWER = "answer", "Answer from the family"
        APPROVAL = "approval", "Note on approval"

    monitoring_return = models.ForeignKey(MonitoringReturn, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.monitoring_return}"
