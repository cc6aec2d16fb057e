"""Bookkeeping for ORUK imports: what each imported service looked like when it arrived."""

from django.db import models
from django.utils import timezone


class ORUKImportRecord(models.Model):
    """The last import of one service. If the page's latest revision is no longer the one the import
    made, an editor has changed it since, and the next import leaves it alone unless told to
    overwrite."""

    service = models.OneToOneField(
        "localoffer.ServicePage", on_delete=models.CASCADE, related_name="oruk_import", primary_key=True
    )
    source = models.CharField(max_length=1000, help_text="The file or web address it was imported from")
    payload_hash = models.CharField(max_length=64, help_text="SHA-256 of the imported ORUK record")
    revision = models.ForeignKey("wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+")
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "ORUK import record"

    def __str__(self):
        return f"{self.service_id} from {self.source}"
