"""axe-core on every provider page, generated from providers/urls.py (a new provider view is checked
without editing this file): each step of a service's edit, the review confirmation, a place, adding a
service, an invitation, a form with its error summary, a phone's width, and the families' stale notice."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.urls import URLPattern, reverse

from localoffer.models import ServicePage
from providers import urls as provider_urls
from providers.forms import STEPS
from providers.models import ProviderInvitation, ProviderMembership
from tests.browser.accessibility import assert_accessible
from tests.browser.test_accessibility_signed_in import assert_no_sideways_scrolling, sign_in
from tests.budgets.factories import UserFactory
from tests.localoffer.factories import LocationFactory, OrganizationFactory, ServicePageFactory, category

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def provider_world(site, directory):
    organization = OrganizationFactory(name="Kestrel Play")
    place = LocationFactory(name="Kestrel Hall")
    service = ServicePageFactory(
        parent=directory,
        title="Kestrel sensory play",
        organization=organization,
        categories=[category("leisure")],
        locations=[place],
        assured_date=datetime.date(2024, 1, 1),
        review_due_on=datetime.date(2025, 1, 1),
    )
    user = UserFactory(username="kim", email="kim@kestrel.example")
    EmailAddress.objects.filter(user=user).delete()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    ProviderMembership.objects.create(user=user, organization=organization)
    invitation = ProviderInvitation.objects.create(email=user.email)
    invitation.organizations.add(organization)
    return {"user": user, "service": service, "place": place, "invitation": invitation}


def provider_pages(world):
    values = {"page_id": world["service"].pk, "location_id": world["place"].pk, "token": world["invitation"].token}
    for pattern in provider_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        names = set(pattern.pattern.converters)
        if pattern.name == "submit":
            continue  # POST only: answers a GET with a redirect to the service page
        steps = STEPS if "step" in names else [None]
        for step in steps:
            kwargs = {name: values[name] for name in names - {"step"}} | ({"step": step} if step else {})
            yield reverse(f"providers:{pattern.name}", kwargs=kwargs)


def test_every_provider_page_is_accessible(page, live_server, provider_world):
    sign_in(page, live_server, provider_world["user"])
    for path in provider_pages(provider_world):
        response = page.goto(path)
        assert response.status == 200, path
        assert_accessible(page)


def test_a_step_with_errors_and_the_dashboard_on_a_phone(page, mobile_page, live_server, provider_world):
    service = provider_world["service"]
    sign_in(page, live_server, provider_world["user"])
    page.goto(reverse("providers:edit_step", kwargs={"page_id": service.pk, "step": "who"}))
    page.fill("#id_minimum_age", "12")
    page.fill("#id_maximum_age", "3")
    page.click("button[type=submit]")
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
    page.fill("#id_maximum_age", "14")
    page.click("button[type=submit]")
    assert page.locator("h1").inner_text() == "Kestrel sensory play"
    page.click("text=Send for approval")
    assert "sent to the council" in page.content()
    assert_accessible(page)

    sign_in(mobile_page, live_server, provider_world["user"])
    for path in (reverse("providers:dashboard"), reverse("providers:service", kwargs={"page_id": service.pk})):
        mobile_page.goto(path)
        assert_accessible(mobile_page)
        assert_no_sideways_scrolling(mobile_page)


def test_families_see_the_stale_notice_accessibly(page, provider_world):
    page.goto(ServicePage.objects.get(pk=provider_world["service"].pk).url)
    assert page.locator(".app-stale-notice").is_visible()
    assert_accessible(page)
