"""The ORUK API's SQL stays constant as the page grows: 5 services cost the same queries as 50."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.localoffer.factories import LocationFactory
from tests.localoffer.oruk_factories import bare_service, full_service

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.json()


def add_services(directory, count, start=0):
    for number in range(start, start + count):
        location = LocationFactory(name=f"Centre {number}")
        full_service(directory, title=f"Club {number:03d}", locations=[location])


@pytest.mark.parametrize(
    "path, five, fifty",
    [("services", 5, 50), ("service_at_locations", 5, 50), ("organizations", 5, 50), ("taxonomy_terms", 3, 3)],
)
def test_list_queries_do_not_grow_with_the_page(client, directory, path, five, fifty):
    add_services(directory, 5)
    small, body = queries_for(client, f"/api/oruk/{path}?per_page=50")
    assert body["size"] == five
    add_services(directory, 45, start=5)
    large, body = queries_for(client, f"/api/oruk/{path}?per_page=50")
    assert body["size"] == fifty
    assert 0 < large == small


def test_a_service_costs_the_same_queries_however_much_it_holds(client, directory):
    small = bare_service(directory, title="Small")
    big = full_service(directory, locations=[LocationFactory(name=f"Place {n}") for n in range(6)])
    few, _ = queries_for(client, f"/api/oruk/services/{small.uuid}")
    many, body = queries_for(client, f"/api/oruk/services/{big.uuid}")
    assert len(body["service_at_locations"]) == 6
    assert 0 < many == few


def test_services_page_of_fifty_stays_under_ten_queries(client, directory, django_assert_max_num_queries):
    add_services(directory, 50)
    with django_assert_max_num_queries(10):
        response = client.get("/api/oruk/services?per_page=50")
    assert response.json()["size"] == 50
