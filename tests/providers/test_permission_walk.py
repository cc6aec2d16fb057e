"""Every provider URL, generated from the URL conf, walked by a provider of one organisation over another
organisation's service and place: always a 404, for GET and POST, and nothing changes. A new provider
view is walked automatically; one taking an argument not in OTHERS fails until it is added."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from localoffer.models import Location, ServicePage
from providers.models import LocationRequest, ReviewConfirmation

pytestmark = pytest.mark.django_db


def _provider_patterns():
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver) and pattern.namespace == "providers":
            for inner in pattern.url_patterns:
                assert isinstance(inner, URLPattern)
                yield inner


PATTERNS = sorted(_provider_patterns(), key=lambda pattern: pattern.name)
# Views anyone signed in may open (the invitation is found by its secret token, not by organisation).
UNSCOPED = {"accept_invitation"}


@pytest.fixture
def others(osprey_service, osprey_place):
    return {"page_id": osprey_service.pk, "location_id": osprey_place.pk, "step": "what"}


def _snapshot():
    return (
        list(ServicePage.objects.order_by("pk").values_list("pk", "latest_revision_id", "assured_date")),
        list(Location.objects.order_by("pk").values_list("pk", "name")),
        LocationRequest.objects.count(),
        ReviewConfirmation.objects.count(),
    )


@pytest.mark.parametrize("pattern", [p for p in PATTERNS if p.name not in UNSCOPED], ids=lambda p: p.name)
def test_a_provider_never_sees_or_changes_another_organisations_records(
    client, pattern, others, kestrel_provider, kestrel_service
):
    names = set(pattern.pattern.converters)
    assert names <= set(others), f"{pattern.name} takes {names - set(others)}: add it to the walk"
    url = reverse(f"providers:{pattern.name}", kwargs={name: others[name] for name in names})
    client.force_login(kestrel_provider)
    before = _snapshot()
    form = {"title": "Hijacked", "minimum_age": "1", "maximum_age": "2", "name": "Hijacked", "address_1": "1 Road"}
    form |= {"postal_code": "NW1 2DB", "summary": "x", "description_text": "x", "status": "active"}
    if names:
        assert client.get(url).status_code == 404
        # 405 for a view that only shows: refused before any lookup, so it says nothing either.
        assert client.post(url, form).status_code in (404, 405)
    else:  # lists and "add" pages: they answer, naming nothing of the other organisation
        response = client.get(url)
        assert response.status_code == 200
        assert b"Osprey" not in response.content
    assert _snapshot() == before or not names


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.name)
def test_signed_out_visitors_are_asked_to_sign_in(client, pattern, others):
    kwargs = {name: others.get(name, "token") for name in pattern.pattern.converters}
    response = client.get(reverse(f"providers:{pattern.name}", kwargs=kwargs))
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("pattern", [p for p in PATTERNS if p.name not in UNSCOPED], ids=lambda p: p.name)
def test_people_who_are_not_providers_get_nothing(client, pattern, others, kestrel_service):
    from tests.budgets.factories import UserFactory

    kwargs = {name: others[name] for name in pattern.pattern.converters}
    client.force_login(UserFactory(username="parent"))
    assert client.get(reverse(f"providers:{pattern.name}", kwargs=kwargs)).status_code == 404


def test_the_new_service_form_offers_only_the_providers_organisations(client, kestrel_provider, osprey):
    client.force_login(kestrel_provider)
    response = client.post(
        reverse("providers:new_service"),
        {"organization": osprey.pk, "title": "Hijack", "summary": "x", "description_text": "x", "status": "active"},
    )
    assert response.status_code == 200 and not ServicePage.objects.filter(title="Hijack").exists()
    assert b"Select a valid choice" in response.content


def test_a_provider_is_not_staff_and_cannot_open_the_admin(client, kestrel_provider, kestrel_service):
    from accounts.staff import is_council_staff

    assert not is_council_staff(kestrel_provider)
    client.force_login(kestrel_provider)
    response = client.get("/admin/")
    assert response.status_code in (302, 403) and b"Kestrel sensory play" not in response.content
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[kestrel_service.pk]))
    assert edit.status_code in (302, 403)
