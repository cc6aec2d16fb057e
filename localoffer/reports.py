"""Admin report: live services whose information is due to be checked again.

A service is due for review when it was last reviewed (ORUK `assured_date`) more than 12 months ago,
or when its own `review_due_on` date has passed. Built on Wagtail's page report, as the aging pages
report is, so CSV and XLSX export come with it; every text cell is exported as text, never a formula.
"""

import datetime

import django_filters
from django.db.models import Q
from django.utils import timezone
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.reports import PageReportView

from spreadsheets.admin import SafeSpreadsheetExportMixin

from .models import REVIEW_INTERVAL, Organization, ServicePage


def services_due_for_review(today: datetime.date | None = None):
    today = today or timezone.localdate()
    return ServicePage.objects.live().filter(Q(assured_date__lt=today - REVIEW_INTERVAL) | Q(review_due_on__lte=today))


class ReviewDueFilterSet(WagtailFilterSet):
    organization = django_filters.ModelChoiceFilter(
        label="Organisation", queryset=Organization.objects.all(), empty_label="All organisations"
    )

    class Meta:
        model = ServicePage
        fields = ["organization"]


class ReviewDueReportView(SafeSpreadsheetExportMixin, PageReportView):
    page_title = "Services due for review"
    header_icon = "time"
    results_template_name = "localoffer/admin/review_due_results.html"
    filterset_class = ReviewDueFilterSet
    index_url_name = "localoffer_review_due"
    index_results_url_name = "localoffer_review_due_results"
    any_permission_required = ["add", "change", "publish"]
    list_export = ["title", "organization.name", "assured_date", "review_due_on", "full_url"]
    export_headings = {
        "title": "Service",
        "organization.name": "Organisation",
        "assured_date": "Last reviewed",
        "review_due_on": "Review due",
        "full_url": "Web address",
    }

    def get_filename(self):
        return f"services-due-for-review-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        editable = self.permission_policy.instances_user_has_any_permission_for(
            self.request.user, ["change", "publish"]
        )
        self.queryset = (
            services_due_for_review()
            .filter(pk__in=editable.values("pk"))
            .select_related("organization")
            .order_by("assured_date", "title")
        )
        return super().get_queryset()
