"""Issue 4 end to end on both search backends: a family searches "autism" near NW5 from the home page,
narrows by age and distance, and sees the total, the facet counts and the distances change.

The Elasticsearch run uses the test node (ELASTICSEARCH_TEST_URL, started by
`scripts/elasticsearch.sh start`) under an index prefix unique to the test, and fails, never skips,
when the node cannot be reached.
"""

import os
import re
import uuid
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from search.backends import build_backend
from search.backends.base import SearchUnavailable
from tests.browser.accessibility import assert_accessible
from tests.localoffer.factories import LocationFactory, ServicePageFactory, category, need

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ELASTICSEARCH_TEST_URL = os.environ.get("ELASTICSEARCH_TEST_URL", "http://127.0.0.1:9250")


def location(name, postal_code, latitude, longitude):
    return LocationFactory(name=name, postal_code=postal_code, latitude=Decimal(latitude), longitude=Decimal(longitude))


def build_autism_directory(directory):
    """Four autism services at known distances from the NW5 outcode centroid (51.55172, -0.14514):
    Kentish Town 0.15 mi, Hampstead 0.9, Holborn 2.4, Poplar 6.3; and one service without autism."""
    autism = need("autism", "Autism")
    speech = need("speech", "Speech, language and communication")
    physical = need("physical", "Physical disability")
    health = category("health", "Health")
    leisure = category("leisure", "Leisure and short breaks")
    education = category("education", "Education")

    def service(title, summary, needs, categories, place, minimum_age, maximum_age):
        return ServicePageFactory(
            parent=directory,
            title=title,
            summary=summary,
            needs=needs,
            categories=categories,
            locations=[place],
            minimum_age=minimum_age,
            maximum_age=maximum_age,
        )

    service(
        "Autism Outreach Team",
        "Support at home and school for autistic children",
        [autism],
        [health],
        location("Kentish Town Centre", "NW5 1TL", "51.553930", "-0.144750"),
        2,
        11,
    )
    service(
        "Teenage Autism Social Group",
        "Evening social group for autistic teenagers",
        [autism],
        [leisure],
        location("Hampstead Clinic", "NW3 2QG", "51.553220", "-0.165320"),
        13,
        19,
    )
    service(
        "Autism and Communication Advice",
        "Advice for families about autism, speech and communication",
        [autism, speech],
        [education],
        location("Holborn Family Hub", "WC1X 8AB", "51.520000", "-0.120000"),
        0,
        25,
    )
    service(
        "Saturday Autism Sensory Club",
        "Play sessions for autistic children with sensory needs",
        [autism],
        [leisure],
        location("Poplar Hub", "E14 0AA", "51.505000", "-0.020000"),
        5,
        15,
    )
    service(
        "Wheelchair Swimming Sessions",
        "Accessible swimming for wheelchair users",
        [physical],
        [leisure],
        location("Camden Centre", "NW1 0NE", "51.538610", "-0.142060"),
        8,
        25,
    )


@pytest.fixture(params=["database", "elasticsearch"])
def search_directory(request, settings, site, directory):
    """The directory above, indexed by the backend under test, which the live server then answers with."""
    build_autism_directory(directory)
    if request.param == "database":
        settings.ELASTICSEARCH_URL = ""
        backend = build_backend("database")
    else:
        prefix = f"test-browser-{uuid.uuid4().hex[:8]}"
        settings.ELASTICSEARCH_URL = ELASTICSEARCH_TEST_URL
        settings.ELASTICSEARCH_INDEX_PREFIX = prefix
        backend = build_backend("elasticsearch", url=ELASTICSEARCH_TEST_URL, index_prefix=prefix)
        try:
            backend.is_available()
        except SearchUnavailable as error:
            pytest.fail(
                f"The Elasticsearch test node is not reachable at ELASTICSEARCH_TEST_URL={ELASTICSEARCH_TEST_URL} "
                f"(start it with scripts/elasticsearch.sh start): {error}"
            )
    try:
        assert backend.rebuild() == 5
        yield request.param
    finally:
        if request.param == "elasticsearch":
            backend.delete_indices()


def facet_count(page, name, value) -> int:
    text = page.locator(f"label[for='{name}-{value}'] .facet-count").inner_text()
    return int(text.strip("()"))


def distances(page) -> list[float]:
    lines = page.locator(".service-result").all_inner_texts()
    found = [re.search(r"(\d+\.\d) miles away", line) for line in lines]
    assert all(found), f"a result shows no distance: {lines}"
    return [float(match.group(1)) for match in found]


def test_family_searches_autism_near_nw5_and_narrows_by_age_and_distance(page, search_directory):
    page.goto("/")
    page.get_by_label("What are you looking for?").fill("autism")
    page.get_by_label("Postcode (optional)").fill("NW5")
    page.get_by_role("button", name="Search").click()

    expect(page).to_have_url(re.compile(r"/services/\?.*q=autism.*postcode=NW5"))
    results_count = page.locator("#results-count")
    expect(results_count).to_have_text("4 services found of NW5")
    expect(page.get_by_text("Search is running in a reduced mode")).to_have_count(0)
    expect(page.get_by_role("link", name="Wheelchair Swimming Sessions")).to_have_count(0)
    assert sorted(distances(page)) == [0.2, 0.9, 2.4, 6.3]
    assert facet_count(page, "needs", "autism") == 4
    assert facet_count(page, "categories", "health") == 1
    assert facet_count(page, "categories", "leisure") == 2
    assert facet_count(page, "area", "NW5") == 1

    # Narrow by age: the outreach team (2 to 11) drops out.
    page.get_by_label("Age of child or young person").select_option("14")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"age=14"))
    expect(results_count).to_have_text("3 services found of NW5")
    expect(page.get_by_role("link", name="Autism Outreach Team")).to_have_count(0)
    assert sorted(distances(page)) == [0.9, 2.4, 6.3]
    assert facet_count(page, "needs", "autism") == 3
    assert facet_count(page, "categories", "health") == 0
    # Postcode districts are listed only where a service remains.
    expect(page.locator("label[for='area-NW5']")).to_have_count(0)
    expect(page.get_by_label("Age of child or young person")).to_have_value("14")

    # Narrow by distance: the Poplar club, 6.3 miles away, drops out; the rest are within 3 miles.
    page.get_by_label("Distance from postcode").select_option("3")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"radius=3"))
    expect(results_count).to_have_text("2 services found within 3 miles of NW5")
    expect(page.get_by_role("link", name="Saturday Autism Sensory Club")).to_have_count(0)
    remaining = distances(page)
    assert sorted(remaining) == [0.9, 2.4]
    assert all(miles <= 3 for miles in remaining)
    assert facet_count(page, "needs", "autism") == 2
    assert facet_count(page, "categories", "leisure") == 1
    expect(page.get_by_label("Age of child or young person")).to_have_value("14")
    expect(page.get_by_role("link", name="Teenage Autism Social Group")).to_be_visible()
    expect(page.get_by_role("link", name="Autism and Communication Advice")).to_be_visible()
    assert_accessible(page)
