"""Ofsted's childcare register, as the directory holds it.

Each registered provider in the council's area is one `OfstedRegistration`, keyed by Ofsted's
provider URN and linked one-to-one to the directory's service page. The monthly import (see
`ofsted.importer`) keeps the registration and latest inspection up to date; editors write the rest of
the service page. An import run and its per-row report are kept so nothing in the file is left out
without a reason an editor can read.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from localoffer.models import ServicePage

GRADES = {1: "Outstanding", 2: "Good", 3: "Requires improvement", 4: "Inadequate"}


class OfstedRegistration(models.Model):
    """One provider on Ofsted's Early Years or Childcare Register."""

    service = models.OneToOneField(ServicePage, on_delete=models.CASCADE, related_name="ofsted")
    urn = models.CharField("Ofsted URN", max_length=20, unique=True, help_text="Ofsted's provider URN, e.g. EY123456")
    provider_type = models.CharField(max_length=100, blank=True)
    provider_subtype = models.CharField(max_length=100, blank=True)
    home_based = models.BooleanField(
        "childminder or home-based",
        default=False,
        help_text="Childminders and childcare on domestic premises: the home address is never shown, only the "
        "postcode district",
    )
    local_authority = models.CharField(max_length=100, blank=True)
    provider_status = models.CharField("Ofsted status", max_length=50, blank=True)
    registration_date = models.DateField(null=True, blank=True)
    registers = models.CharField("registers", max_length=50, blank=True, help_text="e.g. EYR-CCR")
    places = models.PositiveIntegerField(null=True, blank=True)
    inspection_date = models.DateField("most recent full inspection", null=True, blank=True)
    judgement = models.CharField("overall effectiveness", max_length=50, blank=True)
    ended = models.BooleanField("registration ended", default=False)
    ended_on = models.DateField(null=True, blank=True)
    ended_reason = models.CharField(max_length=255, blank=True)
    last_seen = models.DateTimeField("last in an Ofsted file", default=timezone.now)

    class Meta:
        ordering = ["urn"]
        verbose_name = "Ofsted registration"

    def __str__(self):
        return f"{self.urn}: {self.service.title}"

    @property
    def report_url(self) -> str:
        return settings.OFSTED_REPORT_URL.format(urn=self.urn)


class OfstedImport(models.Model):
    """One reading of Ofsted's file, with its totals; `lines` say what happened to each row."""

    RUNNING, FINISHED, FAILED = "running", "finished", "failed"
    STATUSES = [(RUNNING, "Running"), (FINISHED, "Finished"), (FAILED, "Failed")]

    file_name = models.CharField(max_length=255)
    local_authority = models.CharField(max_length=100)
    dry_run = models.BooleanField("preview", default=False)
    status = models.CharField(max_length=20, choices=STATUSES, default=RUNNING)
    error = models.TextField(blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    ended = models.PositiveIntegerField(default=0)
    not_taken = models.PositiveIntegerField("rows not taken", default=0)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = "Ofsted import"

    def __str__(self):
        kind = "Preview" if self.dry_run else "Import"
        return (
            f"{kind} of {self.file_name} ({self.local_authority}), {timezone.localtime(self.started_at):%d %b %Y %H:%M}"
        )


class OfstedImportLine(models.Model):
    CREATED, UPDATED, UNCHANGED, ENDED, NOT_TAKEN = "created", "updated", "unchanged", "ended", "not taken"
    OUTCOMES = [
        (CREATED, "New draft service"),
        (UPDATED, "Updated"),
        (UNCHANGED, "Unchanged"),
        (ENDED, "Registration ended"),
        (NOT_TAKEN, "Not taken"),
    ]

    run = models.ForeignKey(OfstedImport, on_delete=models.CASCADE, related_name="lines")
    row_number = models.PositiveIntegerField(null=True, blank=True, help_text="The row in Ofsted's file")
    urn = models.CharField(max_length=50, blank=True)
    name = models.CharField(max_length=255, blank=True)
    outcome = models.CharField(max_length=20, choices=OUTCOMES)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["run", "row_number", "pk"]
