from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import Page
from wagtail.permissions import policy_registry
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Feedback, Location, Organization, Taxonomy, TaxonomyTerm
from .reports import ReviewDueReportView


class OrganizationViewSet(SnippetViewSet):
    model = Organization
    icon = "group"
    list_display = ["name", "email", "website"]
    search_fields = ["name"]


class LocationViewSet(SnippetViewSet):
    model = Location
    icon = "site"
    list_display = ["name", "postal_code"]
    search_fields = ["name", "postal_code"]


class TaxonomyViewSet(SnippetViewSet):
    model = Taxonomy
    icon = "list-ul"


class TaxonomyTermViewSet(SnippetViewSet):
    model = TaxonomyTerm
    icon = "tag"
    list_display = ["name", "taxonomy", "code"]
    list_filter = ["taxonomy"]
    search_fields = ["name", "code"]


class DirectoryGroup(SnippetViewSetGroup):
    menu_label = "Directory data"
    menu_icon = "folder-open-inverse"
    items = (OrganizationViewSet, LocationViewSet, TaxonomyViewSet, TaxonomyTermViewSet)


class FeedbackViewSet(SnippetViewSet):
    model = Feedback
    icon = "comment"
    menu_label = "You said, we did"
    add_to_admin_menu = True
    list_display = ["__str__", "about", "status", "submitted_at"]
    list_filter = ["status"]
    ordering = ["-submitted_at"]


register_snippet(DirectoryGroup)
register_snippet(FeedbackViewSet)


@hooks.register("register_admin_urls")
def register_review_due_report_urls():
    return [
        path("reports/review-due/", ReviewDueReportView.as_view(), name="localoffer_review_due"),
        path(
            "reports/review-due/results/",
            ReviewDueReportView.as_view(results_only=True),
            name="localoffer_review_due_results",
        ),
    ]


class ReviewDueMenuItem(MenuItem):
    def is_shown(self, request):
        return policy_registry.get_by_type(Page).user_has_any_permission(request.user, ["add", "change", "publish"])


@hooks.register("register_reports_menu_item")
def register_review_due_report_menu_item():
    return ReviewDueMenuItem(
        "Services due for review",
        reverse("localoffer_review_due"),
        name="services-due-for-review",
        icon_name="time",
        order=1050,
    )


@hooks.register("before_serve_page")
def keep_public_pages_for_anonymous_visitors(page, request, serve_args, serve_kwargs):
    """Home, information, service and directory pages may be served from the shared page cache."""
    from .caching import mark_cacheable
    from .models import DirectoryIndexPage, HomePage, InformationPage, ServicePage

    if isinstance(page.specific_deferred, HomePage | InformationPage | ServicePage | DirectoryIndexPage):
        mark_cacheable(request, page)
