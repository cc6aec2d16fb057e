from django.contrib.auth.decorators import permission_required
from django.template.response import TemplateResponse
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .analytics import top_queries
from .models import GlossaryEntry

REPORT_PERMISSION = "search.view_searchquerylog"
REPORT_PERIODS = {"7": 7, "30": 30, "90": 90, "365": 365}


class GlossaryEntryViewSet(SnippetViewSet):
    model = GlossaryEntry
    icon = "doc-full"
    menu_label = "Search glossary"
    add_to_admin_menu = False
    list_display = ["term", "alternatives"]
    search_fields = ["term", "alternatives"]


register_snippet(GlossaryEntryViewSet)


@permission_required(REPORT_PERMISSION, raise_exception=True)
def search_terms_report(request):
    period = request.GET.get("days", "90")
    days = REPORT_PERIODS.get(period, 90)
    return TemplateResponse(
        request,
        "search/admin/search_terms_report.html",
        {
            "days": days,
            "periods": REPORT_PERIODS.values(),
            "top": top_queries(days=days),
            "zero": top_queries(days=days, zero_results=True),
        },
    )


@hooks.register("register_admin_urls")
def register_report_url():
    return [path("reports/search-terms/", search_terms_report, name="search_terms_report")]


class SearchTermsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(REPORT_PERMISSION)


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return SearchTermsMenuItem("Search terms", reverse("search_terms_report"), icon_name="search", order=900)
