"""Insight in the Wagtail admin: the dashboard and evidence pack (menu item "Insight"), and the EHC
plan counts council staff enter, each behind its council's wall like every other budget record."""

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from budgets.permissions import CouncilWallPolicy, councils_for
from budgets.wagtail_hooks import WalledChooserMixin, WalledObjectMixin, walled_objects
from insight import views
from insight.models import EhcPlanCount

register_permission_policy(EhcPlanCount, CouncilWallPolicy(EhcPlanCount))


@hooks.register("register_admin_urls")
def register_insight_urls():
    urls = [
        path("", views.dashboard, name="dashboard"),
        path("evidence-pack/", views.pack_download, name="pack"),
        path("evidence-pack.pdf", views.pack_pdf, name="pack_pdf"),
        path("evidence-pack.xlsx", views.pack_xlsx, name="pack_xlsx"),
    ]
    return [path("insight/", include((urls, "insight"), namespace="insight"))]


class InsightMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(views.PERMISSION)


@hooks.register("register_admin_menu_item")
def register_insight_menu_item():
    return InsightMenuItem("Insight", reverse("insight:dashboard"), icon_name="table", order=270)


@hooks.register("register_permissions")
def register_insight_permission():
    """Offered in the admin's group editor, so a council can give commissioners Insight alone."""
    return Permission.objects.filter(content_type__app_label="insight", codename="view_insight")


def _walled(mixin, view_class):
    # Made here, not by the budgets helpers, so each view belongs to Insight (the budget admin's
    # permission walk classifies every view made in the budgets app as one of its own).
    return type(f"Walled{view_class.__name__}", (mixin, view_class), {"__module__": __name__})


class EhcPlanCountChooserViewSet(SnippetChooserViewSet):
    def construct_view(self, view_class, **kwargs):
        return super().construct_view(_walled(WalledChooserMixin, view_class), **kwargs)


class EhcPlanCountViewSet(SnippetViewSet):
    model = EhcPlanCount
    icon = "table"
    menu_label = "EHC plan counts"
    add_to_admin_menu = False
    list_display = ["council", "year", "plans"]

    chooser_viewset_class = EhcPlanCountChooserViewSet

    def construct_view(self, view_class, **kwargs):
        """Every view, present and future, behind the council wall, like the budget snippets."""
        return super().construct_view(_walled(WalledObjectMixin, view_class), **kwargs)

    def get_queryset(self, request):
        return walled_objects(request.user, self.model)

    def get_form_class(self, for_update=False):
        base = super().get_form_class(for_update)

        class ScopedForm(base):
            def __init__(self, *args, for_user=None, **kwargs):
                super().__init__(*args, for_user=for_user, **kwargs)
                if "council" in self.fields:
                    self.fields["council"].queryset = councils_for(for_user)

        ScopedForm.__name__ = base.__name__
        return ScopedForm


register_snippet(EhcPlanCountViewSet)
