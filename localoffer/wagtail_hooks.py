from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Feedback, Location, Organization, Taxonomy, TaxonomyTerm


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
