from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path, reverse
from django.utils.functional import cached_property
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import Page
from wagtail.permissions import policy_registry
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet
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


def moderatable_feedback(user):
    """Comments waiting for moderation are the public's words before personal details are taken out:
    only people with a permission on comments (moderators) may list, choose or open them."""
    policy = policy_registry.get_by_type(Feedback)
    return policy.instances_user_has_any_permission_for(user, ["add", "change", "delete", "view"])


class FeedbackChooserMixin:
    def get_object_list(self):
        return moderatable_feedback(self.request.user)

    def get_object(self, pk):
        return moderatable_feedback(self.request.user).get(pk=pk)

    def get_objects(self, pks):
        return moderatable_feedback(self.request.user).filter(pk__in=pks)

    def can_create(self):
        return False


class FeedbackChooserViewSet(SnippetChooserViewSet):
    def construct_view(self, view_class, **kwargs):
        return super().construct_view(type(view_class.__name__, (FeedbackChooserMixin, view_class), {}), **kwargs)


class FeedbackObjectMixin:
    """A comment is a 404 to anyone who may not moderate, whatever the view, so none is read or confirmed."""

    def get_object(self, *args, **kwargs):
        try:
            obj = super().get_object(*args, **kwargs)
        except PermissionDenied as denied:  # Wagtail's copy view checks the comment itself
            raise Http404 from denied
        if getattr(obj, "pk", None) is None:
            return obj
        if not moderatable_feedback(self.request.user).filter(pk=obj.pk).exists():
            raise Http404
        return obj


class FeedbackDeleteBulkAction(DeleteBulkAction):
    """Wagtail's bulk delete names the items a person may not delete; for comments that would show
    unmoderated text, so only comments the person may moderate are ever looked up."""

    models = [Feedback]

    @cached_property
    def _actionable_objects(self):
        ids = [i for i in self.request.GET.getlist("id") if i.isdigit()]
        objects = list(moderatable_feedback(self.request.user).filter(pk__in=ids))
        if not objects:
            raise Http404
        allowed = [o for o in objects if self.check_perm(o)]
        return allowed, {"items_with_no_access": [o for o in objects if o not in allowed]}


hooks.register("register_bulk_action", FeedbackDeleteBulkAction, order=100)


class FeedbackViewSet(SnippetViewSet):
    model = Feedback
    chooser_viewset_class = FeedbackChooserViewSet
    icon = "comment"
    menu_label = "You said, we did"
    add_to_admin_menu = True
    list_display = ["__str__", "about", "status", "submitted_at"]
    list_filter = ["status"]
    ordering = ["-submitted_at"]

    def construct_view(self, view_class, **kwargs):
        return super().construct_view(type(view_class.__name__, (FeedbackObjectMixin, view_class), {}), **kwargs)


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
