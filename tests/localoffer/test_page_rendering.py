import pytest

from tests.localoffer.factories import LocationFactory, ServicePageFactory, category, need

pytestmark = pytest.mark.django_db


def test_home_page_has_search_box_and_content_areas(client, directory, information_page):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="q"' in html and 'name="postcode"' in html
    assert information_page.title in html
    assert "govuk-skip-link" in html and "govuk-phase-banner" in html and "Accessibility statement" in html


def test_service_page_shows_its_details(client, directory):
    autism = need("autism", "Autism")
    therapy = category("therapy", "Therapy")
    service = ServicePageFactory(
        parent=directory,
        title="Speech and language drop-in",
        needs=[autism],
        categories=[therapy],
        locations=[LocationFactory(name="Kentish Town Health Centre", postal_code="NW5 2AJ")],
        minimum_age=2,
        maximum_age=11,
    )
    response = client.get(service.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Speech and language drop-in" in html
    assert "2 to 11 years" in html
    assert "Autism" in html and "Therapy" in html
    assert "Kentish Town Health Centre" in html and "NW5 2AJ" in html


def test_directory_lists_and_filters_by_need(client, directory):
    autism, adhd = need("autism", "Autism"), need("adhd", "ADHD")
    ServicePageFactory(parent=directory, title="Autism parent group", needs=[autism])
    ServicePageFactory(parent=directory, title="ADHD coaching", needs=[adhd])
    response = client.get(directory.url, {"needs": "autism"})
    html = response.content.decode()
    assert "Autism parent group" in html and "ADHD coaching" not in html
    assert "1 service found" in html


def test_unknown_filter_value_gives_message_not_error(client, directory):
    response = client.get(directory.url, {"needs": "unicorns", "age": "200"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "We do not recognise the need" in html
    assert "Age must be a whole number from 0 to 25" in html


@pytest.mark.parametrize("path", ["/accessibility/", "/cookies/", "/privacy/"])
def test_static_pages_render(client, home_page, path):
    response = client.get(path)
    assert response.status_code == 200
    assert b"govuk-footer" in response.content


def test_directory_paginates_twenty_services_a_page(client, directory):
    therapy = category("therapy", "Therapy")
    for number in range(23):
        ServicePageFactory(parent=directory, title=f"Service {number:02d}", categories=[therapy])
    first = client.get(directory.url).content.decode()
    assert "23 services found" in first and "Service 00" in first and "Service 19" in first
    assert "Service 20" not in first and "govuk-pagination" in first
    second = client.get(directory.url, {"page": "2"}).content.decode()
    assert "Service 20" in second and "Service 22" in second and "Service 00" not in second
    beyond = client.get(directory.url, {"page": "99"}).content.decode()
    assert "Service 22" in beyond  # a page past the end shows the last page


def test_directory_filters_by_category_age_and_cost(client, directory):
    leisure, health = category("leisure", "Leisure"), category("health", "Health")
    ServicePageFactory(
        parent=directory, title="Toddler sensory play", categories=[leisure], minimum_age=0, maximum_age=4
    )
    ServicePageFactory(parent=directory, title="Teen drama", categories=[leisure], minimum_age=11, maximum_age=18)
    ServicePageFactory(parent=directory, title="Paid physio", categories=[health], is_free=False)
    html = client.get(directory.url, {"categories": "leisure", "age": "3"}).content.decode()
    assert "Toddler sensory play" in html and "Teen drama" not in html and "Paid physio" not in html
    html = client.get(directory.url, {"cost": "paid"}).content.decode()
    assert "Paid physio" in html and "Teen drama" not in html
    html = client.get(directory.url, {"cost": "expensive"}).content.decode()
    assert "Cost must be ‘free’ or ‘paid’." in html and "Paid physio" not in html


def test_directory_shows_facets_with_counts(client, directory):
    autism = need("autism", "Autism")
    ServicePageFactory(parent=directory, title="Autism group", needs=[autism])
    html = client.get(directory.url).content.decode()
    assert 'name="needs" type="checkbox" value="autism"' in html or 'value="autism"' in html
