"""Personal budgets: the council's record of a child or young person's budget and its ledger.

Amounts are signed: money paid into the budget is positive, spending is negative, so a balance is
always the plain sum of the entries that are not deleted (see `budgets/ledger.py`).
"""

import datetime
import secrets
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel

from budgets.evidence import stored_name
from budgets.fields import MoneyField
from budgets.storage import PrivateStorage

ZERO = Decimal("0.00")

private_storage = PrivateStorage()


class Element(models.TextChoices):
    EDUCATION = "education", "Education"
    HEALTH = "health", "Health"
    SOCIAL_CARE = "social_care", "Social care"


class Category(models.TextChoices):
    PERSONAL_ASSISTANT = "personal_assistant", "Personal assistant"
    AGENCY_CARE = "agency_care", "Care agency"
    THERAPY = "therapy", "Therapy"
    EQUIPMENT = "equipment", "Equipment"
    ACTIVITIES = "activities", "Activities and clubs"
    TRANSPORT = "transport", "Transport"
    TUITION = "tuition", "Tuition and training"
    SCHOOL_PLACE = "school_place", "School or college place"
    RESPITE = "respite", "Short breaks"
    FEES = "fees", "Payroll, insurance and bank fees"
    OTHER = "other", "Other"


class Frequency(models.TextChoices):
    WEEKLY = "weekly", "Weekly"
    FORTNIGHTLY = "fortnightly", "Every 2 weeks"
    FOUR_WEEKLY = "four_weekly", "Every 4 weeks"
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"


class Council(models.Model):
    name = models.CharField(max_length=200, unique=True)
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="budget_councils",
        help_text="Budget officers who review every budget this council holds.",
    )
    surplus_threshold_weeks = models.PositiveSmallIntegerField(
        default=8, help_text="Warn when the balance is more than this many weeks' worth of the budget."
    )

    panels = [FieldPanel("name"), FieldPanel("surplus_threshold_weeks"), FieldPanel("officers")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Budget(ClusterableModel):
    class HoldingArrangement(models.TextChoices):
        DIRECT_PAYMENT = "direct_payment", "Direct payment"
        NOTIONAL = "notional", "Notional (council holds the money)"
        THIRD_PARTY = "third_party", "Third-party arrangement"
        MIXED = "mixed", "Mixed"

    class MonitoringTier(models.TextChoices):
        STANDARD = "standard", "Standard"
        LIGHT_TOUCH = "light_touch", "Light touch"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="budgets")
    holder_name = models.CharField("child or young person's name", max_length=200)
    holder_date_of_birth = models.DateField("date of birth", null=True, blank=True)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="held_budgets",
        help_text="The young person's own account, when they hold the budget themselves.",
    )
    reference = models.CharField("EHC plan or case reference", max_length=60, blank=True)
    starts_on = models.DateField("period starts")
    ends_on = models.DateField("period ends")
    holding_arrangement = models.CharField(
        max_length=20, choices=HoldingArrangement.choices, default=HoldingArrangement.DIRECT_PAYMENT
    )
    payment_frequency = models.CharField(max_length=20, choices=Frequency.choices, default=Frequency.FOUR_WEEKLY)
    paid_in_advance = models.BooleanField(default=True)
    monitoring_tier = models.CharField(max_length=20, choices=MonitoringTier.choices, default=MonitoringTier.STANDARD)
    household_members = models.TextField(
        blank=True, help_text="Names of people living in the household, one per line (used by spending rules)."
    )
    # Entries dated on or before this day are locked (set when a monitoring return is submitted).
    locked_until = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("council"),
                FieldPanel("holder_name"),
                FieldPanel("holder_date_of_birth"),
                FieldPanel("holder"),
            ],
            heading="Who the budget is for",
        ),
        FieldPanel("reference"),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")], heading="Period"),
        FieldPanel("holding_arrangement"),
        FieldRowPanel([FieldPanel("payment_frequency"), FieldPanel("paid_in_advance")], heading="Payment schedule"),
        FieldPanel("monitoring_tier"),
        FieldPanel("household_members"),
        InlinePanel("elements", heading="Elements and allocated amounts", min_num=1),
        InlinePanel("provision_items", heading="Agreed provision"),
    ]

    class Meta:
        ordering = ["holder_name", "starts_on"]

    def __str__(self):
        return f"{self.holder_name} ({self.starts_on:%b %Y} to {self.ends_on:%b %Y})"

    @property
    def allocated(self) -> Decimal:
        return sum((element.allocated_amount for element in self.elements.all()), ZERO)

    def holder_age_on(self, day: datetime.date) -> int | None:
        born = self.holder_date_of_birth
        if born is None:
            return None
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def is_closed_for(self, day: datetime.date) -> bool:
        return self.locked_until is not None and day <= self.locked_until

    def household_names(self) -> list[str]:
        return [line.strip().casefold() for line in self.household_members.splitlines() if line.strip()]

    def retain_until(self) -> datetime.date:
        years = settings.BUDGET_RETENTION_YEARS
        try:
            return self.ends_on.replace(year=self.ends_on.year + years)
        except ValueError:  # 29 February
            return self.ends_on.replace(year=self.ends_on.year + years, day=28)


class BudgetElement(models.Model):
    budget = ParentalKey(Budget, on_delete=models.CASCADE, related_name="elements")
    element = models.CharField(max_length=20, choices=Element.choices)
    allocated_amount = MoneyField(validators=[MinValueValidator(ZERO)])

    panels = [FieldPanel("element"), FieldPanel("allocated_amount")]

    class Meta:
        ordering = ["element"]
        constraints = [models.UniqueConstraint(fields=["budget", "element"], name="one_element_of_each_kind")]

    def __str__(self):
        return f"{self.get_element_display()}: £{self.allocated_amount:,.2f}"


class ProvisionItem(models.Model):
    budget = ParentalKey(Budget, on_delete=models.CASCADE, related_name="provision_items")
    name = models.CharField(max_length=200)
    element = models.CharField(max_length=20, choices=Element.choices)
    outcome = models.TextField("EHC plan outcome", blank=True)
    annual_amount = MoneyField(validators=[MinValueValidator(ZERO)])
    # A service in the directory, by its UUID (budgets never import the directory app).
    directory_service_uuid = models.UUIDField(null=True, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("element"),
        FieldPanel("outcome"),
        FieldPanel("annual_amount"),
        FieldPanel("directory_service_uuid"),
    ]

    class Meta:
        ordering = ["element", "name"]

    def __str__(self):
        return self.name


class BudgetMembership(models.Model):
    class Role(models.TextChoices):
        PARENT_CARER = "parent_carer", "Parent or carer"
        YOUNG_PERSON = "young_person", "Young person"
        NOMINEE = "nominee", "Nominee or third party"
        # Looks but does not change: e.g. a parent a young person kept on after taking over their budget.
        VIEWER = "viewer", "Viewer"

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="budget_memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["joined_at"]
        constraints = [models.UniqueConstraint(fields=["budget", "user"], name="one_membership_per_person")]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()}"

    @property
    def can_manage(self) -> bool:
        if self.role in (self.Role.PARENT_CARER, self.Role.NOMINEE):
            return True
        age = self.budget.holder_age_on(timezone.localdate())
        return self.budget.holder_id == self.user_id and age is not None and age >= 16


def _invitation_token():
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=BudgetMembership.Role.choices)
    token = models.CharField(max_length=64, unique=True, default=_invitation_token, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Invitation for {self.email}"

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and not self.is_expired


class SpendingRule(models.Model):
    class Kind(models.TextChoices):
        HOUSEHOLD_MEMBER_AS_PA = "household_member_as_pa", "Paying a household member as a personal assistant"
        CATEGORY_FROM_ELEMENT = "category_from_element", "A category of spending from an element"
        SINGLE_PAYMENT_OVER = "single_payment_over", "A single payment over an amount"

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="spending_rules")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=40, choices=Kind.choices)
    element = models.CharField(max_length=20, choices=Element.choices, blank=True)
    category = models.CharField(max_length=30, choices=Category.choices, blank=True)
    amount = MoneyField(null=True, blank=True)
    reason = models.TextField(help_text="Plain English shown to the family, e.g. why this needs agreeing first.")
    is_active = models.BooleanField(default=True)

    panels = [
        FieldPanel("council"),
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldRowPanel([FieldPanel("element"), FieldPanel("category"), FieldPanel("amount")]),
        FieldPanel("reason"),
        FieldPanel("is_active"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class RecurringPayment(models.Model):
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="recurring_payments")
    payee = models.CharField(max_length=200)
    amount = MoneyField(validators=[MinValueValidator(Decimal("0.01"))])
    element = models.CharField(max_length=20, choices=Element.choices)
    provision_item = models.ForeignKey(ProvisionItem, null=True, blank=True, on_delete=models.SET_NULL)
    category = models.CharField(max_length=30, choices=Category.choices, default=Category.PERSONAL_ASSISTANT)
    frequency = models.CharField(max_length=20, choices=Frequency.choices, default=Frequency.WEEKLY)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    next_due_on = models.DateField()
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["next_due_on"]

    def __str__(self):
        return f"£{self.amount} to {self.payee} ({self.get_frequency_display().lower()})"


class LedgerEntryQuerySet(models.QuerySet):
    def live(self):
        return self.filter(is_deleted=False)

    def spending(self):
        return self.filter(kind=LedgerEntry.Kind.SPENDING)


class LedgerEntry(models.Model):
    class Kind(models.TextChoices):
        PAYMENT_IN = "payment_in", "Payment in"
        SPENDING = "spending", "Spending"
        REFUND = "refund", "Refund"
        ADJUSTMENT = "adjustment", "Adjustment"

    class Source(models.TextChoices):
        MANUAL = "manual", "Entered by hand"
        IMPORTED = "imported", "Imported from a statement"
        SCHEDULED = "scheduled", "Created on schedule"

    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SPENDING)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.MANUAL)
    spent_on = models.DateField("date")
    # Signed: payments in are positive, spending negative.
    amount = MoneyField()
    payee = models.CharField(max_length=200, blank=True)
    element = models.CharField(max_length=20, choices=Element.choices)
    provision_item = models.ForeignKey(
        ProvisionItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="entries"
    )
    category = models.CharField(max_length=30, choices=Category.choices, blank=True)
    note = models.TextField(blank=True)
    # Idempotency for scheduled entries ("payment:education:2025-04-01", "recurring:3:2025-04-07").
    schedule_key = models.CharField(max_length=80, blank=True)
    recurring_payment = models.ForeignKey(
        RecurringPayment, null=True, blank=True, on_delete=models.SET_NULL, related_name="entries"
    )
    imported_transaction_id = models.CharField(max_length=120, blank=True)
    version = models.PositiveIntegerField(default=1)
    is_deleted = models.BooleanField(default=False)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="budget_entries"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LedgerEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-spent_on", "-id"]
        verbose_name_plural = "ledger entries"
        indexes = [models.Index(fields=["budget", "is_deleted", "spent_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "schedule_key"],
                condition=~models.Q(schedule_key=""),
                name="one_entry_per_schedule_key",
            )
        ]

    def __str__(self):
        return f"{self.spent_on} {self.payee} £{self.amount}"

    @property
    def display_amount(self) -> Decimal:
        return abs(self.amount)

    @property
    def is_locked(self) -> bool:
        return self.budget.is_closed_for(self.spent_on)

    def snapshot(self) -> dict:
        """What the audit trail records before and after a change (amounts as strings)."""
        return {
            "kind": self.kind,
            "spent_on": self.spent_on.isoformat(),
            "amount": str(self.amount),
            "payee": self.payee,
            "element": self.element,
            "provision_item": self.provision_item_id,
            "category": self.category,
            "note": self.note,
            "is_deleted": self.is_deleted,
            "version": self.version,
        }


def evidence_path(instance, filename):
    """A name the server chooses: the family's file name (and its extension) is kept only as a label."""
    return f"evidence/{instance.entry.budget.uuid}/{stored_name(instance.content_type)}"


class Evidence(models.Model):
    entry = models.ForeignKey(LedgerEntry, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, storage=private_storage, max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="budget_evidence"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name_plural = "evidence"

    def __str__(self):
        return self.original_name


class EntryFlag(models.Model):
    """A spending rule an entry breaks; kept with the entry for the officer and the monitoring return."""

    entry = models.ForeignKey(LedgerEntry, on_delete=models.CASCADE, related_name="flags")
    rule = models.ForeignKey(SpendingRule, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField()
    explanation = models.TextField(blank=True, help_text="The family's explanation, e.g. in a monitoring return.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return self.reason


class AuditEvent(models.Model):
    budget = models.ForeignKey(Budget, null=True, blank=True, on_delete=models.CASCADE, related_name="audit_events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="budget_audit_events"
    )
    actor_label = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=60)
    target_type = models.CharField(max_length=60, blank=True)
    target_id = models.CharField(max_length=60, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.action} by {self.actor_label or 'the system'}"

    @classmethod
    def record(cls, *, actor, action, budget=None, target=None, before=None, after=None):
        return cls.objects.create(
            budget=budget,
            actor=actor if actor is not None and actor.is_authenticated else None,
            actor_label=actor.email if actor is not None and actor.is_authenticated else "",
            action=action,
            target_type=type(target).__name__ if target is not None else "",
            target_id=str(target.pk) if target is not None else "",
            before=before,
            after=after,
        )
