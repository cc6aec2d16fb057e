"""What the council tells Insight that no other part of the product knows: how many EHC plans it
maintains, so personal budget uptake can be set beside the national figures.

The permission to open Insight at all lives here too (`insight.view_insight`), so a council can give
it to commissioners without giving them any power to change directory content or budgets.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel


class EhcPlanCount(models.Model):
    """The number of EHC plans a council maintained as at January of a year, as it returned them
    to the DfE's SEN2 collection (the same census the national uptake figures are drawn from)."""

    council = models.ForeignKey("budgets.Council", on_delete=models.CASCADE, related_name="ehc_plan_counts")
    year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(2014), MaxValueValidator(2100)],
        help_text="The January census year, e.g. 2025 for plans maintained as at January 2025",
    )
    plans = models.PositiveIntegerField("EHC plans maintained")
    entered_at = models.DateTimeField(auto_now=True)

    panels = [FieldPanel("council"), FieldPanel("year"), FieldPanel("plans")]

    class Meta:
        ordering = ["council", "-year"]
        verbose_name = "EHC plan count"
        constraints = [models.UniqueConstraint(fields=["council", "year"], name="one_ehc_plan_count_per_year")]
        permissions = [("view_insight", "Can see the Insight dashboard and download its evidence pack")]

    def __str__(self):
        return f"{self.council}: {self.plans} EHC plans in January {self.year}"
