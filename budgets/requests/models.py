"""A family's request for a personal budget, the hand-over of a budget to a young person, and the
officer's prompt before an 18th birthday. Registered by BudgetsConfig.ready()."""

import datetime
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from budgets.models import Budget, Council, Element

__all__ = ["AdulthoodPrompt", "BudgetRequest", "Handover"]


class BudgetRequest(models.Model):
    """One request. While the family is still answering, `status` is blank and `submitted_at` is null;
    sending it makes it "received". Only the five statuses below are ever reported."""

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        CONSIDERING = "considering", "Being considered"
        AGREED = "agreed", "Agreed"
        SET_UP = "set_up", "Set up"
        DECLINED = "declined", "Declined"

    class AskedBy(models.TextChoices):
        PARENT = "parent", "A parent or carer, for my child"
        YOUNG_PERSON = "young_person", "A young person aged 16 to 25, for myself"

    class Plan(models.TextChoices):
        HAS_PLAN = "has_plan", "Yes, there is an EHC plan"
        BEING_ASSESSED = "being_assessed", "Not yet, the needs are being assessed"

    class Holding(models.TextChoices):
        DIRECT_PAYMENT = "direct_payment", "Direct payment: the money is paid to us to buy the support"
        NOTIONAL = "notional", "Notional budget: the council holds the money and buys the support we choose"
        THIRD_PARTY = "third_party", "Third-party arrangement: an organisation we choose manages the money"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    council = models.ForeignKey(
        Council, null=True, blank=True, on_delete=models.PROTECT, related_name="budget_requests"
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="budget_requests")
    asked_by = models.CharField("who is asking", max_length=20, choices=AskedBy.choices, blank=True)
    child_name = models.CharField("child or young person's name", max_length=200, blank=True)
    child_date_of_birth = models.DateField("date of birth", null=True, blank=True)
    plan = models.CharField("EHC plan", max_length=20, choices=Plan.choices, blank=True)
    plan_reference = models.CharField("EHC plan reference", max_length=60, blank=True)
    elements = models.JSONField("parts of the plan", default=list, blank=True)
    wishes = models.TextField("what the family would like it to pay for", blank=True)
    holding_arrangement = models.CharField(
        "how the family would like to hold it", max_length=20, choices=Holding.choices, blank=True
    )
    consent = models.BooleanField(default=False)
    consent_given_at = models.DateTimeField(null=True, blank=True)

    status = models.CharField(max_length=20, choices=Status.choices, blank=True, default="", db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    considering_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    set_up_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decline_reason = models.TextField(blank=True)
    review_requested_at = models.DateTimeField(null=True, blank=True)
    review_reason = models.TextField("why the family asks for a review", blank=True)
    budget = models.OneToOneField(
        Budget, null=True, blank=True, on_delete=models.SET_NULL, related_name="budget_request"
    )

    class Meta:
        ordering = ["-submitted_at", "-created_at"]
        verbose_name = "personal budget request"
        indexes = [models.Index(fields=["council", "status"])]

    def __str__(self):
        name = self.child_name or "Unnamed"
        return f"Request for {name}" + (f" ({self.get_status_display().lower()})" if self.status else "")

    @property
    def is_draft(self) -> bool:
        return self.submitted_at is None

    def element_labels(self) -> list[str]:
        labels = dict(Element.choices)
        return [labels.get(value, value) for value in self.elements]

    def age_on(self, day: datetime.date) -> int | None:
        born = self.child_date_of_birth
        if born is None:
            return None
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _token():
    return secrets.token_urlsafe(32)


class Handover(models.Model):
    """A budget a parent manages, offered to the young person (16 or over) to hold themselves."""

    class ParentRole(models.TextChoices):
        NOMINEE = "nominee", "Yes, they can keep helping me manage it (nominee)"
        VIEWER = "viewer", "Yes, but they can only look at it (viewer)"
        NONE = "none", "No, remove them from my budget"

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="handovers")
    email = models.EmailField("young person's email address")
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    parent_role = models.CharField(max_length=20, choices=ParentRole.choices, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "budget hand-over"

    def __str__(self):
        return f"Hand-over of {self.budget.holder_name}'s budget"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and timezone.now() < self.expires_at


class AdulthoodPrompt(models.Model):
    """Six months before an 18th birthday the social care part moves to adult rules (the Care Act 2014):
    the council's officers are prompted once per budget and birthday."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="adulthood_prompts")
    eighteenth_birthday = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    dealt_with_at = models.DateTimeField(null=True, blank=True)
    dealt_with_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["eighteenth_birthday"]
        verbose_name = "moving to adulthood prompt"
        constraints = [
            models.UniqueConstraint(fields=["budget", "eighteenth_birthday"], name="one_adulthood_prompt_per_birthday")
        ]

    def __str__(self):
        return f"{self.budget.holder_name} turns 18 on {self.eighteenth_birthday:%-d %B %Y}"
