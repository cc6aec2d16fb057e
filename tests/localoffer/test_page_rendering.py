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
