"""Provider accounts: the people at an organisation who keep its directory records up to date.

A provider is never council staff: no Wagtail group, no admin access (accounts/staff.py would then
demand a second factor and show them the admin). What they may see and change is decided only by
their `ProviderMembership`s: the services and locations of those organisations.
"""

import datetime
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

INVITATION_LIFETIME = datetime.timedelta(days=14)


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


def _invitation_expiry():
    return timezone.now() + INVITATION_LIFETIME


class ProviderMembership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="provider_memberships")
    organization = models.ForeignKey(
        "localoffer.Organization",
        verbose_name="organisation",
        on_delete=models.CASCADE,
        related_name="provider_memberships",
    )
    is_active = models.BooleanField(default=True, help_text="Untick to stop this person updating the records")
    invitation = models.ForeignKey(
        "ProviderInvitation", null=True, blank=True, on_delete=models.SET_NULL, related_name="memberships"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "provider member"
        constraints = [models.UniqueConstraint(fields=["user", "organization"], name="one_membership_per_organisation")]

    def __str__(self):
        return f"{self.user.email} at {self.organization}"


class ProviderInvitation(models.Model):
    """An editor asks a person, by email, to keep one or more organisations' records up to date."""

    email = models.EmailField(help_text="The person signs up with this address")
    organizations = models.ManyToManyField(
        "localoffer.Organization", verbose_name="organisations", related_name="provider_invitations"
    )
    token = models.CharField(max_length=64, unique=True, default=_invitation_token, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=_invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)

    panels = [FieldPanel("email"), FieldPanel("organizations")]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "provider invitation"

    def __str__(self):
        return f"Invitation for {self.email}"

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and not self.is_expired


class ReviewConfirmation(models.Model):
    """A provider said "this is still correct": the review happened without an edit."""

    service = models.ForeignKey("localoffer.ServicePage", on_delete=models.CASCADE, related_name="review_confirmations")
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="review_confirmations"
    )
    confirmed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-confirmed_at"]
        get_latest_by = "confirmed_at"

    def __str__(self):
        return f"{self.service} confirmed {self.confirmed_at:%Y-%m-%d}"


class ReviewReminder(models.Model):
    """One reminder email about one review date. The row is claimed before the email is sent, and the
    unique constraint means a second worker (or a second run the same day) cannot send it again."""

    BEFORE, DUE, OVERDUE = "before", "due", "overdue"
    KINDS = [(BEFORE, "Before the review is due"), (DUE, "On the day"), (OVERDUE, "Overdue")]

    service = models.ForeignKey("localoffer.ServicePage", on_delete=models.CASCADE, related_name="review_reminders")
    review_due_on = models.DateField()
    kind = models.CharField(max_length=10, choices=KINDS)
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "review_due_on", "kind"], name="one_reminder_per_review_date")
        ]


@register_setting(icon="time")
class ReviewSettings(BaseSiteSetting):
    stale_after_weeks = models.PositiveSmallIntegerField(
        "weeks overdue before families are told",
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(104)],
        help_text=(
            "A service whose review is this many weeks overdue shows families 'this information may be "
            "out of date' and is listed in Reports ▸ Out-of-date services. It stays published."
        ),
    )
    reminder_days_before = models.PositiveSmallIntegerField(
        "days before the review date to remind providers",
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )

    panels = [FieldPanel("stale_after_weeks"), FieldPanel("reminder_days_before")]

    class Meta:
        verbose_name = "service reviews"


class LocationRequest(models.Model):
    """A provider's new place, or a change to one of their places, waiting for an editor.

    Locations are shared directory records with no draft of their own, so what the provider typed is
    kept here and only copied onto the `Location` when an editor approves it; until then families see
    the place as it was.
    """

    PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"
    STATUSES = [(PENDING, "Waiting for approval"), (APPROVED, "Approved"), (REJECTED, "Sent back")]
    FIELDS = ["name", "description", "address_1", "address_2", "city", "postal_code", "accessibility_description"]

    organization = models.ForeignKey(
        "localoffer.Organization", verbose_name="organisation", on_delete=models.CASCADE, related_name="+"
    )
    location = models.ForeignKey(
        "localoffer.Location",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="provider_requests",
        help_text="Empty for a new place",
    )
    name = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    address_1 = models.CharField("address line 1", max_length=255)
    address_2 = models.CharField("address line 2", max_length=255, blank=True)
    city = models.CharField("town or city", max_length=100, default="London")
    postal_code = models.CharField("postcode", max_length=10)
    accessibility_description = models.TextField("accessibility of this place", blank=True)
    status = models.CharField(max_length=10, choices=STATUSES, default=PENDING)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="location_requests"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField("reason for sending back", blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = "location change from a provider"
        verbose_name_plural = "location changes from providers"

    def __str__(self):
        return f"{'Change to' if self.location_id else 'New place'}: {self.name}"

    def changes(self) -> list[tuple[str, str, str]]:
        """(field label, before, after) for each field the provider changed; all fields for a new place."""
        rows = []
        for name in self.FIELDS:
            label = self._meta.get_field(name).verbose_name
            after = getattr(self, name) or ""
            before = getattr(self.location, name, "") if self.location_id else ""
            if before != after:
                rows.append((label[:1].upper() + label[1:], before, after))
        return rows
