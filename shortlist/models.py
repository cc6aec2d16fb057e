from django.conf import settings
from django.db import models
from django.utils import timezone


class ShortlistItem(models.Model):
    """A service a signed-in family saved to come back to. A visitor who is not signed in keeps the
    same list in their session instead (shortlist.store); the two are merged when they sign in."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shortlist_items")
    service = models.ForeignKey(
        "localoffer.ServicePage", on_delete=models.CASCADE, related_name="+", verbose_name="service"
    )
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["saved_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["user", "service"], name="shortlist_item_once_per_user")]
        verbose_name = "shortlisted service"

    def __str__(self):
        return f"{self.service_id} for {self.user_id}"
