"""The Ofsted register in the Wagtail admin: upload Ofsted's file, preview it, import it, read the report;
and the registrations, with the ended ones flagged for editors."""

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet

from .forms import RegisterUploadForm
from .importer import ImportFailed, run_import
from .models import OfstedImport, OfstedImportLine, OfstedRegistration

IMPORT_PERMISSION = "ofsted.add_ofstedimport"


def require_import_permission(request):
    if not request.user.has_perm(IMPORT_PERMISSION):
        raise PermissionDenied


def upload_path(run: OfstedImport) -> Path:
    """Where a previewed file waits for the editor to import it (private: never served)."""
    return Path(settings.PRIVATE_MEDIA_ROOT) / "ofsted" / f"{run.pk}{Path(run.file_name).suffix.lower()}"


class UploadView(WagtailAdminTemplateMixin, FormView):
    """Upload Ofsted's file and preview it: the preview changes nothing and keeps the file for the import."""

    template_name = "ofsted/admin/upload.html"
    form_class = RegisterUploadForm
    page_title = "Import Ofsted's childcare register"
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        require_import_permission(request)
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        staging = Path(settings.PRIVATE_MEDIA_ROOT) / "ofsted"
        staging.mkdir(parents=True, exist_ok=True)
        incoming = staging / f"incoming-{self.request.user.pk}{Path(upload.name).suffix.lower()}"
        with open(incoming, "wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        try:
            run = run_import(
                incoming,
                local_authority=form.cleaned_data["local_authority"],
                dry_run=True,
                user=self.request.user,
                file_name=Path(upload.name).name,
            )
        except ImportFailed as error:
            incoming.unlink(missing_ok=True)
            form.add_error(None, str(error))
            return self.form_invalid(form)
        incoming.rename(upload_path(run))
        return redirect("ofsted_report", run.pk)


class ReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "ofsted/admin/report.html"
    header_icon = "doc-full"

    def dispatch(self, request, pk):
        require_import_permission(request)
        self.run = get_object_or_404(OfstedImport, pk=pk)
        return super().dispatch(request)

    def get_page_title(self):
        return str(self.run)

    def get_context_data(self, **kwargs):
        lines = self.run.lines.all()
        return super().get_context_data(
            run=self.run,
            changes=lines.exclude(outcome=OfstedImportLine.UNCHANGED),
            unchanged=lines.filter(outcome=OfstedImportLine.UNCHANGED).count(),
            can_import=self.run.dry_run and self.run.status == OfstedImport.FINISHED and upload_path(self.run).exists(),
            **kwargs,
        )

    def post(self, request):
        """Import the file this preview read."""
        source = upload_path(self.run)
        if not (self.run.dry_run and source.exists()):
            messages.error(request, "This preview's file is no longer here; upload Ofsted's file again.")
            return redirect("ofsted_upload")
        try:
            run = run_import(
                source, local_authority=self.run.local_authority, user=request.user, file_name=self.run.file_name
            )
        except ImportFailed as error:
            messages.error(request, str(error))
            return redirect("ofsted_report", self.run.pk)
        source.unlink(missing_ok=True)
        messages.success(request, f"Imported {run.file_name}: {run.created} new draft services, {run.ended} ended.")
        return redirect("ofsted_report", run.pk)


class HistoryView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "ofsted/admin/history.html"
    page_title = "Ofsted imports"
    header_icon = "history"

    def dispatch(self, request, *args, **kwargs):
        require_import_permission(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(runs=OfstedImport.objects.all()[:100], **kwargs)


class RegistrationViewSet(ModelViewSet):
    """Every Ofsted registration in the directory; an ended one is flagged for an editor to act on."""

    model = OfstedRegistration
    icon = "tick-inverse"
    menu_label = "Ofsted registrations"
    add_to_admin_menu = False
    list_display = ["urn", "service", "provider_type", "judgement", "inspection_date", "ended", "ended_reason"]
    list_filter = ["ended", "home_based", "judgement"]
    search_fields = ["urn", "service__title"]
    form_fields = ["service", "urn", "ended", "ended_reason"]
    inspect_view_enabled = True
    url_prefix = "ofsted/registrations"
    name = "ofsted_registration"


def admin_urls():
    return [
        path("ofsted/", UploadView.as_view(), name="ofsted_upload"),
        path("ofsted/imports/", HistoryView.as_view(), name="ofsted_history"),
        path("ofsted/imports/<int:pk>/", ReportView.as_view(), name="ofsted_report"),
    ]


def upload_url():
    return reverse("ofsted_upload")
