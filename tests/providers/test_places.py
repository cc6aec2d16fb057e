"""A provider's new or changed place waits for an editor, who approves it (copied onto the place) or
sends it back with a reason the provider receives and sees."""

import pytest
from django.core import mail
from django.urls import reverse

from localoffer.models import Location
from providers.access import locations_for
from providers.models import LocationRequest
from tests.budgets.staff import sign_in_staff

pytestmark = pytest.mark.django_db
PLACE = {"name": "Kestrel Annexe", "address_1": "1 Pratt Street", "city": "London", "postal_code": "nw1 0ae"}


def test_a_new_place_is_approved_by_an_editor(client, editor, kestrel_provider, kestrel_service):
    client.force_login(kestrel_provider)
    bad = client.post(reverse("providers:new_location"), PLACE | {"postal_code": "ZZ1 1ZZ"})
    assert bad.status_code == 200 and b"Enter a real UK postcode" in bad.content
    response = client.post(reverse("providers:new_location"), PLACE)
    assert response.status_code == 302
    change = LocationRequest.objects.get()
    assert change.postal_code == "NW1 0AE" and change.status == "pending"
    assert not Location.objects.filter(name="Kestrel Annexe").exists()  # nothing public yet

    client.logout()
    sign_in_staff(client, editor)
    decide = reverse("providers_decide_location", args=[change.pk])
    page = client.get(decide)
    assert page.status_code == 200 and b"1 Pratt Street" in page.content
    assert client.post(decide, {"action": "approve"}).status_code == 302
    place = Location.objects.get(name="Kestrel Annexe")
    assert place.latitude is not None  # found from the postcode
    assert place in locations_for(kestrel_provider)
    assert mail.outbox[-1].to == [kestrel_provider.email] and "published" in mail.outbox[-1].subject


def test_a_changed_place_sent_back_with_a_reason(client, editor, kestrel_provider, kestrel_service, kestrel_place):
    client.force_login(kestrel_provider)
    url = reverse("providers:location", kwargs={"location_id": kestrel_place.pk})
    assert client.post(url, PLACE | {"name": "Kestrel Hall (new entrance)"}).status_code == 302
    change = LocationRequest.objects.get()
    assert change.location == kestrel_place and ("Name", "Kestrel Hall", "Kestrel Hall (new entrance)") in [
        (label, before, after) for label, before, after in change.changes()
    ]

    client.logout()
    sign_in_staff(client, editor)
    decide = reverse("providers_decide_location", args=[change.pk])
    response = client.post(decide, {"action": "reject", "reason": ""})
    assert response.status_code == 200 and b"This field is required" in response.content
    client.post(decide, {"action": "reject", "reason": "The entrance is on Plender Street"})
    change.refresh_from_db()
    kestrel_place.refresh_from_db()
    assert change.status == "rejected" and kestrel_place.name == "Kestrel Hall"
    assert "Plender Street" in mail.outbox[-1].body

    client.logout()
    client.force_login(kestrel_provider)
    assert b"The entrance is on Plender Street" in client.get(reverse("providers:dashboard")).content


def test_a_provider_with_two_organisations_chooses_the_places_owner(client, kestrel_provider, osprey, kestrel):
    from providers.models import ProviderMembership

    ProviderMembership.objects.create(user=kestrel_provider, organization=osprey)
    client.force_login(kestrel_provider)
    assert b"Organisation" in client.get(reverse("providers:new_location")).content
    client.post(reverse("providers:new_location"), PLACE | {"organization": osprey.pk})
    assert LocationRequest.objects.get().organization == osprey
