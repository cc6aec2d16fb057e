"""The ORUK 3.0 read API: every endpoint validated against the profile's official schemas."""

import datetime

import pytest
from django.utils import timezone

from localoffer.models import Taxonomy
from tests.localoffer.factories import LocationFactory, OrganizationFactory, ServicePageFactory
from tests.localoffer.oruk_factories import bare_service, full_service, service_with_many_cost_options
from tests.localoffer.oruk_schema import assert_no_empty_values, assert_valid, assert_valid_page, assert_valid_response

pytestmark = pytest.mark.django_db


@pytest.fixture
def services(directory):
    return {
        "full": full_service(directory),
        "costly": service_with_many_cost_options(directory),
        "bare": bare_service(directory),
    }


def get(client, url, **headers):
    response = client.get(url, **headers)
    assert response["Content-Type"].startswith("application/json")
    assert response["Access-Control-Allow-Origin"] == "*"
    return response


def test_root_names_the_version_the_profile_and_the_openapi_document(client, directory):
    body = get(client, "/api/oruk/").json()
    assert body["version"] == "3.0"
    assert body["profile"].startswith("https://")
    assert_valid_response("/", body)
    document = get(client, body["openapi_url"].replace("http://testserver", "")).json()
    assert document["info"]["title"] == "Open Referral UK Profile"


def test_services_page_is_valid_and_lists_only_published_services(client, services, directory):
    draft = ServicePageFactory(parent=directory, title="Unpublished draft", live=False)
    body = get(client, "/api/oruk/services").json()
    assert_valid_response("/services", body)
    assert_valid_page(body, "compiled/service_list")
    assert body["total_items"] == 3
    assert [item["name"] for item in body["contents"]] == ["Helpline", "Holiday scheme", "Saturday Sensory Club"]
    assert str(draft.uuid) not in {item["id"] for item in body["contents"]}
    assert get(client, f"/api/oruk/services/{draft.uuid}").status_code == 404


@pytest.mark.parametrize("key", ["full", "costly", "bare"])
def test_each_service_is_a_valid_fully_nested_record(client, services, key):
    service = services[key]
    response = get(client, f"/api/oruk/services/{service.uuid}")
    body = response.json()
    assert_valid_response("/services/{id}", body)
    assert_valid("compiled/service", body)
    assert_no_empty_values(body)
    assert body["id"] == str(service.uuid)
    assert body["organization"]["id"] == str(service.organization_id)


def test_full_service_carries_its_relations(client, services):
    body = get(client, f"/api/oruk/services/{services['full'].uuid}").json()
    assert [(s["byday"], s["opens_at"], s["closes_at"]) for s in body["schedules"]] == [
        ("SA", "10:00:00", "12:00:00"),
        ("WE", "15:30:00", "17:00:00"),
    ]
    assert body["cost_options"][0]["amount"] == 2.5
    assert body["contacts"][0]["name"] == "Ann Persona"
    assert [language["name"] for language in body["languages"]] == ["English", "British Sign Language"]
    address = body["service_at_locations"][0]["location"]["addresses"][0]
    assert address["postal_code"] == "NW5 1TL"
    assert {a["taxonomy_term"]["code"] for a in body["attributes"]} == {"autism", "speech", "play"}
    # Derived ids are stable between requests.
    again = get(client, f"/api/oruk/services/{services['full'].uuid}").json()
    assert again["languages"] == body["languages"]


def test_edge_cases_leave_empty_relations_out(client, services):
    bare = get(client, f"/api/oruk/services/{services['bare'].uuid}").json()
    for key in ("service_at_locations", "contacts", "schedules", "cost_options", "languages", "url", "email", "phones"):
        assert key not in bare
    costly = get(client, f"/api/oruk/services/{services['costly'].uuid}").json()
    assert [option["amount"] for option in costly["cost_options"]] == list(range(10, 22))


def test_service_at_locations_are_valid(client, services):
    body = get(client, "/api/oruk/service_at_locations").json()
    assert_valid_response("/service_at_locations", body)
    assert_valid_page(body, "compiled/service_at_location_list")
    assert body["total_items"] == 1  # only the full service has a location
    record = body["contents"][0]
    detail = get(client, f"/api/oruk/service_at_locations/{record['id']}").json()
    # openapi.json names compiled/service.json here, but a service-at-location's own schema fits.
    assert_valid("compiled/service_at_location", detail)
    assert_no_empty_values(detail)
    assert detail["service"]["id"] == str(services["full"].uuid)
    assert detail["location"]["name"] == "Kentish Town Centre"


def test_taxonomies_and_terms_are_valid(client, services):
    body = get(client, "/api/oruk/taxonomies").json()
    assert_valid_response("/taxonomies", body)
    assert_valid_page(body, "taxonomy")
    needs = Taxonomy.objects.get(vocabulary=Taxonomy.NEEDS)
    detail = get(client, f"/api/oruk/taxonomies/{needs.id}").json()
    assert_valid_response("/taxonomies/{id}", detail)
    assert {term["code"] for term in detail["taxonomy_terms"]} == {"autism", "speech"}
    terms = get(client, "/api/oruk/taxonomy_terms").json()
    assert_valid_response("/taxonomy_terms", terms)
    assert terms["total_items"] == 3
    term = get(client, f"/api/oruk/taxonomy_terms/{terms['contents'][0]['id']}").json()
    assert_valid_response("/taxonomy_terms/{id}", term)
    one_vocabulary = get(client, f"/api/oruk/taxonomy_terms?taxonomy_id={needs.id}").json()
    assert one_vocabulary["total_items"] == 2


def test_organizations_are_valid(client, services):
    body = get(client, "/api/oruk/organizations").json()
    assert_valid_page(body, "compiled/organization_list")
    organization = services["full"].organization
    detail = get(client, f"/api/oruk/organizations/{organization.id}/").json()
    assert_valid("compiled/organization", detail)
    assert [service["id"] for service in detail["services"]] == [str(services["full"].uuid)]


def test_pagination_follows_the_spec(client, directory):
    for number in range(7):
        bare_service(directory, title=f"Service {number}")
    first = get(client, "/api/oruk/services?per_page=3").json()
    assert (first["total_items"], first["total_pages"], first["size"]) == (7, 3, 3)
    assert first["first_page"] and not first["last_page"]
    last = get(client, "/api/oruk/services?per_page=3&page=3").json()
    assert (last["page_number"], last["size"], last["last_page"], last["first_page"]) == (3, 1, True, False)
    beyond = get(client, "/api/oruk/services?per_page=3&page=9").json()
    assert beyond["empty"] and beyond["contents"] == []
    assert_valid_response("/services", beyond)


def test_paths_work_with_and_without_a_trailing_slash(client, services):
    for url in ("/api/oruk/services", "/api/oruk/services/", f"/api/oruk/services/{services['full'].uuid}/"):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("page=0", "page"),
        ("page=two", "page"),
        ("per_page=5000", "per_page"),
        ("minimum_age=old", "minimum_age"),
        ("maximum_age=-1", "maximum_age"),
        ("start_time=9am", "start_time"),
        ("end_time=25:00", "end_time"),
        ("day=Funday", "day"),
        ("taxonomy_term_id=autism", "taxonomy_term_id"),
        ("taxonomy_id=1", "taxonomy_id"),
        ("organization_id=x", "organization_id"),
        ("modified_after=yesterday", "modified_after"),
        ("postcode=nowhere", "postcode"),
        ("postcode=NW5 1TL&proximity=far", "proximity"),
        ("proximity=1000", "proximity"),
    ],
)
def test_a_bad_parameter_gets_400_naming_it(client, directory, query, parameter):
    response = get(client, f"/api/oruk/services?{query}")
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter
    assert response.json()["error"] == "bad_parameter" and response.json()["message"]


@pytest.mark.parametrize("path", ["services", "service_at_locations", "taxonomies", "taxonomy_terms", "organizations"])
@pytest.mark.parametrize("key", ["not-a-uuid", "0b5d2c8e-7a1f-4f7e-9a43-5c2d1e6f8a90"])
def test_an_unknown_id_gets_404_json(client, directory, path, key):
    response = get(client, f"/api/oruk/{path}/{key}")
    assert response.status_code == 404
    assert response.json()["status"] == 404


def test_filters_follow_the_spec_descriptions(client, services, directory):
    full, costly = services["full"], services["costly"]

    def names(query):
        body = get(client, f"/api/oruk/services?{query}").json()
        assert_valid_response("/services", body)
        return [item["name"] for item in body["contents"]]

    autism = full.needs.get(code="autism")
    assert names(f"taxonomy_term_id={autism.id}") == ["Saturday Sensory Club"]
    assert names(f"taxonomy_id={autism.taxonomy_id}") == ["Saturday Sensory Club"]
    assert names(f"organization_id={costly.organization_id}") == ["Holiday scheme"]
    # "a minimum age of at least the specified value"; "a maximum age equal to or below".
    assert names("minimum_age=4") == ["Saturday Sensory Club"]
    assert names("maximum_age=11") == ["Saturday Sensory Club"]
    assert names("maximum_age=10") == []
    assert names("day=SA") == ["Saturday Sensory Club"]
    assert names("day=saturday&start_time=10:00&end_time=12:00") == ["Saturday Sensory Club"]
    assert names("day=SA&start_time=10:30") == []  # Saturday opens at 10:00
    assert names("day=WE&start_time=15:00&end_time=17:00") == ["Saturday Sensory Club"]
    assert names("search=sensory") == ["Saturday Sensory Club"]
    future = (timezone.now() + datetime.timedelta(days=1)).isoformat()
    assert names(f"modified_after={future.replace('+', '%2B')}") == []
    assert len(names("modified_after=2020-01-01")) == 3


def test_proximity_is_in_metres_from_the_postcode_centre(client, directory):
    near = LocationFactory(name="Near", postal_code="NW5 1TL", latitude="51.553600", longitude="-0.141700")
    far = LocationFactory(name="Far", postal_code="SE1 7PB", latitude="51.501000", longitude="-0.118000")
    bare_service(directory, title="Near service", locations=[near])
    bare_service(directory, title="Far service", locations=[far])
    bare_service(directory, title="Nowhere service")
    body = get(client, "/api/oruk/service_at_locations?postcode=NW5%201TL&proximity=2000").json()
    assert [item["service"]["name"] for item in body["contents"]] == ["Near service"]
    wide = get(client, "/api/oruk/service_at_locations?postcode=NW51TL&proximity=10000").json()
    assert wide["total_items"] == 2
    services = get(client, "/api/oruk/services?postcode=NW5 1TL&proximity=2000").json()
    assert [item["name"] for item in services["contents"]] == ["Near service"]


def test_conditional_get_answers_304(client, services):
    url = f"/api/oruk/services/{services['full'].uuid}"
    first = get(client, url)
    assert set(first["Cache-Control"].split(", ")) == {"public", "max-age=300"}
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    services["full"].title = "Renamed club"
    services["full"].save_revision().publish()
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    listing = get(client, "/api/oruk/taxonomies")
    assert client.get("/api/oruk/taxonomies", HTTP_IF_NONE_MATCH=listing["ETag"]).status_code == 304


def test_cors_preflight_is_allowed(client, directory):
    response = client.options("/api/oruk/services", HTTP_ORIGIN="https://example.net")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]


def test_the_api_is_read_only(client, directory):
    assert client.post("/api/oruk/services", {}).status_code == 405


def test_organisation_with_no_published_services_is_still_listed(client, directory):
    OrganizationFactory(name="Quiet charity", email="", website="")
    body = get(client, "/api/oruk/organizations").json()
    assert [item["name"] for item in body["contents"]] == ["Quiet charity"]
    assert_valid_page(body, "compiled/organization_list")


def test_developer_documentation_is_linked_from_the_footer(client, directory):
    page = client.get("/api/oruk/docs/")
    assert page.status_code == 200
    assert "Open Referral UK API" in page.content.decode()
    assert 'href="/api/oruk/docs/"' in client.get("/accessibility/").content.decode()
