"""Directory imports in the Wagtail admin: feeds, the history of runs with their reports, and the
quarantine where an editor corrects a record and imports it."""

import csv
import json

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.models import IndexView, InspectView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton, ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from ..models import Feed, ImportRun, QuarantinedRecord
from . import runs, spreadsheet
from .tasks import queue_run

REFRESH_SECONDS = 10  # a run's page reloads itself this often while the task worker runs it
REPORT_COLUMNS = ["position", "record_id", "name", "outcome", "field", "detail"]


FEED_POLICY = ModelPermissionPolicy(Feed)


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Runs are history: seen by whoever may change feeds, never added, edited or deleted."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return FEED_POLICY.user_has_permission(user, "change")

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(ImportRun, ReadOnlyPolicy(ImportRun))


def require_feed_permission(request):
    if not FEED_POLICY.user_has_permission(request.user, "change"):
        raise PermissionDenied


# Feeds ------------------------------------------------------------------------------------------


SPREADSHEET_LINKS = [
    ("Spreadsheet template (XLSX)", "oruk_spreadsheet_template", "xlsx"),
    ("Spreadsheet template (CSV)", "oruk_spreadsheet_template", "csv"),
    ("Export the directory (XLSX)", "oruk_spreadsheet_export", "xlsx"),
    ("Export the directory (CSV)", "oruk_spreadsheet_export", "csv"),
]


class FeedIndexView(IndexView):
    @cached_property
    def header_more_buttons(self):
        return super().header_more_buttons + [
            HeaderButton(label, url=reverse(name, args=[kind]), icon_name="download")
            for label, name, kind in SPREADSHEET_LINKS
        ]

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if FEED_POLICY.user_has_permission(self.request.user, "change"):
            for label, action, icon in [("Preview", "preview", "view"), ("Import now", "import", "download")]:
                buttons.append(
                    ListingButton(label, url=reverse("oruk_feed:run", args=[instance.pk, action]), icon_name=icon)
                )
        return buttons


class FeedForm(forms.ModelForm):
    url = forms.URLField(
        label="Feed address",
        required=False,
        max_length=1000,
        assume_scheme="https",
        help_text=Feed._meta.get_field("url").help_text,
    )

    class Meta:
        model = Feed
        fields = ["name", "url", "upload", "publish_new", "overwrite_local_edits", "sync_nightly"]


class FeedViewSet(ModelViewSet):
    model = Feed
    name = "oruk_feed"
    url_prefix = "directory-imports/feeds"
    icon = "download"
    menu_label = "Feeds"

    def get_form_class(self, for_update=False):
        return FeedForm

    list_display = ["name", "source", "sync_nightly", "last_synced_at"]
    index_view_class = FeedIndexView
    copy_view_enabled = False

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/<str:action>/", FeedRunView.as_view(), name="run"),
        ]


class FeedRunView(WagtailAdminTemplateMixin, TemplateView):
    """Confirm, then queue a preview (nothing changes) or an import of the feed."""

    template_name = "localoffer/admin/imports/confirm_run.html"
    header_icon = "download"

    def dispatch(self, request, pk, action):
        require_feed_permission(request)
        if action not in ("preview", "import"):
            raise PermissionDenied
        self.feed, self.action = get_object_or_404(Feed, pk=pk), action
        return super().dispatch(request)

    def get_page_title(self):
        return f"{'Preview' if self.action == 'preview' else 'Import'} {self.feed.name}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(feed=self.feed, action=self.action, **kwargs)

    def post(self, request):
        run = queue_run(self.feed, dry_run=self.action == "preview", user=request.user)
        messages.success(request, f"{run} is {run.get_status_display().lower()}.")
        return redirect("oruk_import_run:inspect", run.pk)


# Runs and their reports -------------------------------------------------------------------------


class RunInspectView(InspectView):
    template_name = "localoffer/admin/imports/run_report.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["lines"] = self.object.lines.all()
        if self.object.status in (ImportRun.QUEUED, ImportRun.RUNNING):
            progress = runs.progress_of(self.object) or {}
            total, done = progress.get("total"), progress.get("done", 0)
            context["progress"] = {
                "stage": progress.get("stage", ""),
                "done": done,
                "total": total,
                "percent": min(100, round(100 * done / total)) if total else None,
            }
            context["refresh_seconds"] = REFRESH_SECONDS
        context["csv_url"] = reverse("oruk_import_run:report_csv", args=[self.object.pk])
        context["can_import"] = (
            self.object.dry_run and self.object.feed_id and FEED_POLICY.user_has_permission(self.request.user, "change")
        )
        return context


def report_csv(request, pk):
    require_feed_permission(request)
    run = get_object_or_404(ImportRun, pk=pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-run-{run.pk}-report.csv"'
    writer = csv.writer(response)
    writer.writerow(["run", "started", "format", *REPORT_COLUMNS])
    for line in run.lines.all():
        cells = [getattr(line, column) for column in REPORT_COLUMNS]
        writer.writerow([run.pk, run.started_at.isoformat(), run.version, *map(spreadsheet.safe_cell, cells)])
    return response


class ImportRunViewSet(ModelViewSet):
    model = ImportRun
    icon = "history"
    menu_label = "Import history"
    name = "oruk_import_run"
    url_prefix = "directory-imports/runs"
    list_display = [
        "__str__",
        "status",
        "version",
        "records",
        "created",
        "updated",
        "unchanged",
        "repaired",
        "quarantined",
        "skipped",
        "unpublished",
    ]
    list_filter = ["feed", "dry_run", "status"]
    inspect_view_enabled = True
    inspect_view_class = RunInspectView
    inspect_view_fields = ["feed", "source", "version", "status", "error", "started_by", "started_at", "finished_at"]
    copy_view_enabled = False
    form_fields = ["source"]  # never shown: runs are not added or edited here

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("<int:pk>/report.csv", report_csv, name="report_csv")]


# Quarantine -------------------------------------------------------------------------------------


class QuarantineForm(forms.ModelForm):
    payload = forms.JSONField(
        label="Record",
        widget=forms.Textarea(attrs={"rows": 30, "class": "monospace"}),
        help_text="The record as the feed gave it. Correct the fields named above, save, then import it.",
    )

    class Meta:
        model = QuarantinedRecord
        fields = ["payload", "status"]


class QuarantineIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.status == QuarantinedRecord.WAITING and FEED_POLICY.user_has_permission(
            self.request.user, "change"
        ):
            buttons.append(
                ListingButton("Import", url=reverse("oruk_quarantine:import", args=[instance.pk]), icon_name="download")
            )
        return buttons


class QuarantineViewSet(ModelViewSet):
    model = QuarantinedRecord
    icon = "warning"
    menu_label = "Quarantine"
    url_prefix = "directory-imports/quarantine"
    name = "oruk_quarantine"

    def get_form_class(self, for_update=False):
        return QuarantineForm

    list_display = ["name", "record_id", "problem_summary", "status", "run"]
    list_filter = ["status", "feed"]
    search_fields = ["name", "record_id"]
    index_view_class = QuarantineIndexView
    copy_view_enabled = False

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/import/", QuarantineImportView.as_view(), name="import"),
        ]


class QuarantineImportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "localoffer/admin/imports/confirm_quarantine.html"
    header_icon = "warning"

    def dispatch(self, request, pk):
        require_feed_permission(request)
        self.held = get_object_or_404(QuarantinedRecord.objects.select_related("run"), pk=pk)
        return super().dispatch(request)

    def get_page_title(self):
        return f"Import {self.held.name or self.held.record_id or 'the record'}"

    def get_context_data(self, **kwargs):
        payload = json.dumps(self.held.payload, indent=2, ensure_ascii=False)
        return super().get_context_data(held=self.held, payload=payload, **kwargs)

    def post(self, request):
        try:
            run = runs.import_quarantined(self.held, user=request.user)
        except runs.CannotRetry as error:
            messages.error(request, str(error))
            return redirect("oruk_quarantine:edit", self.held.pk)
        if run.quarantined:
            messages.error(request, "The record still has problems; the report lists them.")
        else:
            messages.success(request, "The record was imported.")
        return redirect("oruk_import_run:inspect", run.pk)


# Spreadsheets -----------------------------------------------------------------------------------

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def spreadsheet_download(request, kind, *, rows, filename):
    require_feed_permission(request)
    if kind not in CONTENT_TYPES:
        raise Http404
    response = HttpResponse(content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{kind}"'
    if kind == "csv":
        response.write("\ufeff")  # so Excel opens it as UTF-8
        spreadsheet.write_csv(rows, response)
    else:
        spreadsheet.write_xlsx(rows, response)
    return response


def spreadsheet_template(request, kind):
    """The empty template: the columns, a guide to each, and the terms needs and categories use."""
    return spreadsheet_download(request, kind, rows=[], filename="local-offer-services-template")


def spreadsheet_export(request, kind):
    """Every published service in the template's layout; importing it back changes nothing."""
    return spreadsheet_download(request, kind, rows=spreadsheet.exported_rows(), filename="local-offer-services")


class DirectoryImportsGroup(ViewSetGroup):
    menu_label = "Directory imports"
    menu_icon = "download"
    menu_order = 290
    items = (FeedViewSet, ImportRunViewSet, QuarantineViewSet)
