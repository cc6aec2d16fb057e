"""The service page shows Ofsted's latest judgement; a childminder's home address is shown nowhere:
not on the page, not in the ORUK API, not in search. Families find childminders by distance from the
centre of their postcode district."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from localoffer.models import Location, ServiceAtLocation
from ofsted.importer import run_import
from ofsted.models import OfstedRegistration
from places.distance import miles_between
from search.api import find_services
from search.entries import sync_entries
from search.query import ServiceQuery

from .conftest import JANUARY

pytestmark = pytest.mark.django_db

STREET = "7 Secret Mews"
NW5_CENTRE = (Decimal("51.55172"), Decimal("-0.14514"))


def published(urn):
    service = OfstedRegistration.objects.get(urn=urn).service
    service.save_revision().publish()
    service.refresh_from_db()
    sync_entries([service.pk])  # the search signals do this when the publish commits
    return service


@pytest.fixture
def imported(childcare):
    run_import(JANUARY, local_authority="Camden")


def test_the_service_page_shows_the_latest_judgement_with_a_link_to_ofsteds_reports(client, imported):
    nursery = published("EY100001")
    html = client.get(nursery.url).content.decode()
    assert "Ofsted: Good, inspected 12 March 2024." in html
    assert 'href="https://reports.ofsted.gov.uk/provider/16/EY100001"' in html
    not_inspected = published("2512345")
    assert "Ofsted: not yet inspected." in client.get(not_inspected.url).content.decode()


def test_a_service_without_a_registration_shows_no_ofsted_section(client, imported, directory):
    from tests.localoffer.factories import ServicePageFactory

    other = ServicePageFactory(parent=directory, title="Speech therapy drop-in")
    assert "Ofsted" not in client.get(other.url).content.decode()


def test_a_judgement_changed_by_an_import_shows_on_the_cached_page(
    client, imported, tmp_path, django_capture_on_commit_callbacks
):
    nursery = published("EY100001")
    assert "Ofsted: Good" in client.get(nursery.url).content.decode()
    changed = tmp_path / "changed.csv"
    changed.write_text(JANUARY.read_text().replace("12/03/2024,2,", "20/01/2026,1,", 1))
    with django_capture_on_commit_callbacks(execute=True):  # the cache moves on when the import commits
        run_import(changed, local_authority="Camden")
    assert "Ofsted: Outstanding, inspected 20 January 2026." in client.get(nursery.url).content.decode()


@pytest.fixture
def childminder_with_a_street_address(imported):
    """An editor types the childminder's home address into its location, and adds another."""
    service = published("EY100002")
    location = service.locations[0]
    location.address_1, location.postal_code = STREET, "NW5 2AB"
    location.save()
    extra = Location.objects.create(name="Home", address_1=STREET, address_2="Flat 2", postal_code="NW5 2AB")
    ServiceAtLocation.objects.create(service=service, location=extra)
    service.save_revision().publish()
    sync_entries([service.pk])
    return service


def test_a_childminders_locations_are_kept_to_the_outcode_however_they_are_edited(childminder_with_a_street_address):
    for location in childminder_with_a_street_address.locations:
        location.refresh_from_db()
        assert (location.address_1, location.address_2, location.postal_code) == ("", "", "NW5")
        assert (location.latitude, location.longitude) == NW5_CENTRE


def test_a_childminders_page_shows_the_district_not_the_home(client, childminder_with_a_street_address):
    html = client.get(childminder_with_a_street_address.url).content.decode()
    assert "Childminder in NW5" in html and "Ofsted: Outstanding, inspected 8 November 2023." in html
    assert STREET not in html and "NW5 2AB" not in html and "Flat 2" not in html


def test_the_oruk_api_gives_no_childminders_address(client, childminder_with_a_street_address):
    service = childminder_with_a_street_address
    detail = client.get(reverse("oruk-service", args=[service.uuid]))
    assert detail.status_code == 200
    body = json.dumps(detail.json())
    assert STREET not in body and "NW5 2AB" not in body and "Flat 2" not in body
    for link in detail.json()["service_at_locations"]:
        assert link["location"].get("addresses", []) == []  # none is sent
        assert (link["location"]["latitude"], link["location"]["longitude"]) == (51.55172, -0.14514)
    listing = json.dumps(client.get(reverse("oruk-services"), {"page": 1}).json())
    assert STREET not in listing and "NW5 2AB" not in listing


def test_search_finds_a_childminder_by_distance_from_the_outcode_centre(client, childminder_with_a_street_address):
    service = childminder_with_a_street_address
    near = find_services(ServiceQuery(postcode="NW5 2AA", radius_miles=1, sort="distance"))
    (hit,) = [hit for hit in near.hits if hit.page_id == service.pk]
    # The distance is to the district's centre (NW5 2AA is at 51.55001, -0.14047).
    expected = Decimal(miles_between(51.55001, -0.14047, *NW5_CENTRE)).quantize(Decimal("0.01"))
    assert hit.distance_miles == expected
    far = find_services(ServiceQuery(postcode="EN5 5XY", radius_miles=1))
    assert service.pk not in [hit.page_id for hit in far.hits]
    results = client.get(service.get_parent().url, {"postcode": "NW5 2AA", "radius": "1"}).content.decode()
    assert "Childminder in NW5" in results and STREET not in results and "NW5 2AB" not in results
    assert STREET not in json.dumps([hit.__dict__ for hit in near.hits], default=str)


def test_a_childminder_held_by_its_district_is_found_by_the_area_filter(childminder_with_a_street_address):
    service = childminder_with_a_street_address
    in_area = find_services(ServiceQuery(area="NW5"))
    assert service.pk in [hit.page_id for hit in in_area.hits]
    elsewhere = find_services(ServiceQuery(area="EN5"))
    assert service.pk not in [hit.page_id for hit in elsewhere.hits]
