from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page, Revision, Site

from localoffer.demo import camden_postcodes
from localoffer.models import (
    DirectoryIndexPage,
    Feedback,
    HomePage,
    InformationPage,
    Location,
    Organization,
    ServicePage,
    Taxonomy,
    TaxonomyTerm,
    YouSaidWeDidPage,
)

pytestmark = pytest.mark.django_db


def _counts():
    return {
        "pages": Page.objects.count(),
        "services": ServicePage.objects.count(),
        "organisations": Organization.objects.count(),
        "locations": Location.objects.count(),
        "terms": TaxonomyTerm.objects.count(),
        "feedback": Feedback.objects.count(),
        "users": get_user_model().objects.count(),
        "emails": EmailAddress.objects.count(),
        "revisions": Revision.objects.count(),
    }


def test_demo_loader_builds_the_camden_local_offer_and_is_idempotent(client):
    out = StringIO()
    call_command("load_demo", stdout=out, stderr=StringIO())
    first = _counts()
    call_command("load_demo", stdout=StringIO(), stderr=StringIO())
    assert _counts() == first

    # The site tree replaces Wagtail's welcome page.
    home = HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert not Page.objects.exact_type(Page).filter(depth=2).exists()
    assert DirectoryIndexPage.objects.live().get().url == "/services/"
    assert YouSaidWeDidPage.objects.live().get().url == "/you-said-we-did/"

    services = ServicePage.objects.live()
    assert services.count() >= 200 and first["organisations"] >= 30
    assert all(page.latest_revision_id for page in services.only("latest_revision"))
    # Every need and every category has services; some services are overdue for review, most are not.
    for term in TaxonomyTerm.objects.all():
        relation = term.services_by_need if term.taxonomy.vocabulary == Taxonomy.NEEDS else term.services_by_category
        assert relation.live().exists(), term.code
    overdue = [page for page in services if page.is_due_for_review]
    assert 20 < len(overdue) < services.count() / 2
    assert services.filter(is_free=False, cost_options__amount__gt=0).exists()

    # Locations are at real Camden postcodes with those postcodes' coordinates.
    camden = {postcode: (lat, lon) for rows in camden_postcodes().values() for postcode, lat, lon in rows}
    for location in Location.objects.all():
        assert (location.latitude, location.longitude) == camden[location.postal_code]

    education = InformationPage.objects.get(slug="education")
    assert {child.slug for child in education.get_children()} == {"early-years", "schools", "post-16"}
    assert InformationPage.objects.filter(slug="personal-budgets").exists()
    years = set(Feedback.objects.filter(status=Feedback.PUBLISHED).dates("submitted_at", "year"))
    assert len(years) >= 2 and Feedback.objects.filter(status=Feedback.NEW).count() >= 2

    editor = get_user_model().objects.get(username="editor")
    assert editor.groups.filter(name="Editors").exists()
    assert get_user_model().objects.get(username="approver").groups.filter(name="Moderators").exists()
    assert EmailAddress.objects.filter(user=editor, verified=True, primary=True).exists()
    assert home.get_workflow().name == "Moderators approval"
    printed = out.getvalue()
    assert "editor@camden-demo.example" in printed and "demo-young-2025" in printed

    assert client.login(username="parent", password="demo-parent-2025") or client.login(
        email="parent@camden-demo.example", password="demo-parent-2025"
    )
    response = client.get("/services/", {"needs": "communication-interaction"})
    assert response.status_code == 200 and "services found" in response.content.decode()
