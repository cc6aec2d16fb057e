from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, SnippetViewSet

from .models import ProblemReport
from .permissions import ProblemReportPermissionPolicy

# Registered before the viewset reads it: add is refused to everyone, superusers included.
register_permission_policy(ProblemReport, ProblemReportPermissionPolicy(ProblemReport))


class ProblemReportEditView(EditView):
    def save_instance(self):
        report = self.form.instance
        if report.status == ProblemReport.CLOSED and report.closed_by_id is None:
            report.closed_by = self.request.user
        elif report.status == ProblemReport.OPEN:
            report.closed_by = None
        return super().save_instance()


class ProblemReportViewSet(SnippetViewSet):
    """The editors' queue: reports from the public, newest first, open ones by default filter. Only people
    with a permission on problem reports see it (Editors and Moderators, see permissions.py); nobody
    adds a report here."""

    model = ProblemReport
    icon = "warning"
    menu_label = "Problems reported"
    menu_order = 250
    add_to_admin_menu = True
    edit_view_class = ProblemReportEditView
    list_display = ["page_title", "kind", "status", "submitted_at", "forwarded_at"]
    list_filter = ["status", "kind"]
    search_fields = ["page_title", "details"]
    ordering = ["-submitted_at"]
    inspect_view_enabled = False


register_snippet(ProblemReportViewSet)
