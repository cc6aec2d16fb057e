from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel


class ProblemReport(models.Model):
    """Something wrong on a service or information page, reported by a visitor. Anonymous: the form asks
    for no personal data, and nothing about the sender (address, browser, account) is kept."""

    CONTACT, CLOSED_SERVICE, TIMES, COST, OTHER = "contact", "closed", "times", "cost", "other"
    KINDS = [
        (CONTACT, "Contact details are wrong"),
        (CLOSED_SERVICE, "The service has closed or moved"),
        (TIMES, "Opening times are wrong"),
        (COST, "Costs are wrong"),
        (OTHER, "Something else"),
    ]
    OPEN, CLOSED = "open", "closed"
    STATUSES = [(OPEN, "Open"), (CLOSED, "Closed")]

    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="page"
    )
    # Kept as they were when reported, so the report still makes sense if the page is moved or deleted.
    page_title = models.CharField(max_length=255)
    page_url = models.CharField("page address", max_length=2000, blank=True)
    kind = models.CharField("what is wrong", max_length=20, choices=KINDS)
    details = models.TextField(max_length=2000)
    submitted_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=STATUSES, default=OPEN)
    closing_note = models.TextField(
        blank=True, help_text="What was done about the report. Required to close it; the reporter is not told."
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    forwarded_to = models.TextField(
        "forwarded to", blank=True, help_text="The provider's addresses the report was sent to, one a line"
    )
    forwarded_at = models.DateTimeField(null=True, blank=True)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("page_title", read_only=True),
                FieldPanel("page_url", read_only=True),
                FieldPanel("kind", read_only=True),
                FieldPanel("details", read_only=True),
                FieldPanel("submitted_at", read_only=True),
                FieldPanel("forwarded_to", read_only=True),
            ],
            heading="The report",
        ),
        FieldPanel("status"),
        FieldPanel("closing_note"),
    ]

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = "problem report"
        verbose_name_plural = "problems reported"
        indexes = [models.Index(fields=["status", "-submitted_at"], name="problems_open_queue")]

    def __str__(self):
        return f"{self.page_title}: {self.get_kind_display()}"

    def clean(self):
        if self.status == self.CLOSED and not self.closing_note.strip():
            raise ValidationError(
                {"closing_note": "Enter a closing note to say what was done before you close the report"}
            )

    def save(self, *args, **kwargs):
        if self.status == self.CLOSED and self.closed_at is None:
            self.closed_at = timezone.now()
        elif self.status == self.OPEN:
            self.closed_at = None
        super().save(*args, **kwargs)
