"""Bringing other directories in: feeds, the history of every import run and its report, the
records an import could not take, and what each imported service looked like when it arrived."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone


class Feed(models.Model):
    """A directory we import from: an ORUK 1.0 or 3.0 API, or an uploaded file (JSON, CSV, XLSX)."""

    name = models.CharField(max_length=255, help_text="Whose directory this is, e.g. 'Camden family hubs'")
    url = models.URLField(
        "feed address",
        max_length=1000,
        blank=True,
        help_text="The /services address of an ORUK API, e.g. https://example.org/api/services",
    )
    upload = models.FileField(
        "or a file",
        upload_to="directory-imports/",
        blank=True,
        help_text="An ORUK JSON file, or the spreadsheet template filled in (CSV or XLSX)",
    )
    publish_new = models.BooleanField(
        "publish new services", default=False, help_text="Otherwise new services arrive as drafts to check"
    )
    overwrite_local_edits = models.BooleanField(
        "replace edits made here", default=False, help_text="Otherwise services edited here since are left alone"
    )
    sync_nightly = models.BooleanField(
        "sync every night",
        default=False,
        help_text="Import the feed again each night; services that leave the feed are unpublished, never deleted",
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_synced_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = "directory feed"

    def __str__(self):
        return self.name

    def clean(self):
        if bool(self.url) == bool(self.upload):
            raise ValidationError({"url": "Give the feed's address or upload a file (one of the two)"})
        if self.sync_nightly and not self.url:
            raise ValidationError({"sync_nightly": "Only a feed with an address can sync; a file does not change"})

    @property
    def source(self) -> str:
        return self.url or (self.upload.name if self.upload else "")


class ImportRun(models.Model):
    """One preview or import, with its counts; its lines are the report."""

    QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
    STATUSES = [(QUEUED, "Waiting to start"), (RUNNING, "Running"), (DONE, "Finished"), (FAILED, "Could not run")]

    feed = models.ForeignKey(Feed, null=True, blank=True, on_delete=models.SET_NULL, related_name="runs")
    source = models.CharField(max_length=1000)
    dry_run = models.BooleanField("preview", default=False)
    status = models.CharField(max_length=20, choices=STATUSES, default=QUEUED)
    version = models.CharField("format", max_length=20, blank=True, help_text="ORUK 1.0, ORUK 3.0 or spreadsheet")
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    records = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    repaired = models.PositiveIntegerField(default=0)
    quarantined = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField("skipped (edited here)", default=0)
    unpublished = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True, help_text="Why the run could not read the feed at all")

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = "import run"

    def __str__(self):
        kind = "Preview" if self.dry_run else "Import"
        return f"{kind} of {self.feed or self.source} at {timezone.localtime(self.started_at):%d %b %Y %H:%M}"


class ImportLine(models.Model):
    """One line of a run's report: what happened to one record, or one repair made to it."""

    CREATED, UPDATED, UNCHANGED, SKIPPED = "created", "updated", "unchanged", "skipped"
    REPAIRED, QUARANTINED, NOTE, UNPUBLISHED = "repaired", "quarantined", "note", "unpublished"
    OUTCOMES = [
        (CREATED, "Created"),
        (UPDATED, "Updated"),
        (UNCHANGED, "Unchanged"),
        (SKIPPED, "Skipped: edited here"),
        (REPAIRED, "Repaired"),
        (QUARANTINED, "Quarantined"),
        (NOTE, "Not held"),
        (UNPUBLISHED, "Unpublished: left the feed"),
    ]

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField(help_text="The record's place in the feed, from 1")
    record_id = models.CharField(max_length=255, blank=True)
    name = models.CharField(max_length=500, blank=True)
    outcome = models.CharField(max_length=20, choices=OUTCOMES)
    field = models.CharField(max_length=255, blank=True)
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["run", "pk"]

    def __str__(self):
        return f"{self.position} {self.record_id} {self.outcome} {self.field}: {self.detail}"


class QuarantinedRecord(models.Model):
    """A record an import could not take, kept whole so an editor can fix it and import it here."""

    WAITING, IMPORTED, DISMISSED = "waiting", "imported", "dismissed"
    STATUSES = [(WAITING, "Waiting to be fixed"), (IMPORTED, "Imported"), (DISMISSED, "Dismissed")]

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="quarantine")
    feed = models.ForeignKey(Feed, null=True, blank=True, on_delete=models.SET_NULL, related_name="quarantine")
    record_id = models.CharField(max_length=255, blank=True)
    name = models.CharField(max_length=500, blank=True)
    version = models.CharField("format", max_length=20)
    payload = models.JSONField(help_text="The record as the feed gave it; correct it and import it again")
    problems = models.JSONField(default=list, help_text="Each problem: the field and the reason")
    status = models.CharField(max_length=20, choices=STATUSES, default=WAITING)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["status", "-run__started_at", "pk"]
        verbose_name = "quarantined record"

    def __str__(self):
        return f"{self.name or self.record_id or 'Record'} ({self.get_status_display().lower()})"

    @property
    def problem_summary(self) -> str:
        return "; ".join(f"{problem['field']}: {problem['reason']}" for problem in self.problems)


class ORUKImportRecord(models.Model):
    """The last import of one service. If the page's latest revision is no longer the one the import
    made, an editor has changed it since, and the next import leaves it alone unless told to
    overwrite."""

    service = models.OneToOneField(
        "localoffer.ServicePage", on_delete=models.CASCADE, related_name="oruk_import", primary_key=True
    )
    source = models.CharField(max_length=1000, help_text="The file or web address it was imported from")
    feed = models.ForeignKey(Feed, null=True, blank=True, on_delete=models.SET_NULL, related_name="services")
    source_id = models.CharField(
        max_length=255, blank=True, help_text="The record's id in the feed, when it is not the service's UUID"
    )
    payload_hash = models.CharField(max_length=64, help_text="SHA-256 of the imported ORUK record")
    revision = models.ForeignKey("wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+")
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "ORUK import record"

    def __str__(self):
        return f"{self.service_id} from {self.source}"
