"""Facet counts on a generated directory equal a brute-force count over every service.

The database backend counts facets by intersecting cached per-value sets of services and
Elasticsearch with aggregations; both must give, for every value, the number of services matching
the text, age and distance that have the value and pass every *other* filter chosen.
"""

import random
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import transaction

from localoffer.models import ServicePage
from places.postcodes import outcode_of
from search.backends import build_backend
from search.query import ServiceQuery
from tests.localoffer.factories import DirectoryIndexPageFactory, LocationFactory, ServicePageFactory, category, need
from tests.search.conftest import elasticsearch_backend, make_site

pytestmark = pytest.mark.django_db

NEEDS = ["autism", "adhd", "speech", "physical", "hearing"]
CATEGORIES = ["health", "leisure", "education"]
DELIVERY = ["in_person", "online", "phone", "home_visit"]
PLACES = [  # postcode, latitude, longitude: around NW5's centroid (51.55172, -0.14514)
    ("NW5 1TL", "51.553930", "-0.144750"),
    ("NW1 0NE", "51.538610", "-0.142060"),
    ("NW3 2QG", "51.553220", "-0.165320"),
    ("WC1X 8AB", "51.520000", "-0.120000"),
    ("E14 0AA", "51.505000", "-0.020000"),
]
WORDS = ["therapy", "club", "support", "play"]


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    """Forty services with needs, categories, costs, ways of delivery, ages and places drawn at random."""
    rng = random.Random(20261205)
    with django_db_blocker.unblock(), transaction.atomic():
        cache.clear()
        directory = DirectoryIndexPageFactory(parent=make_site())
        needs = {code: need(code, code.title()) for code in NEEDS}
        categories = {code: category(code, code.title()) for code in CATEGORIES}
        places = [
            LocationFactory(name=code, postal_code=code, latitude=Decimal(lat), longitude=Decimal(lon))
            for code, lat, lon in PLACES
        ]
        for number in range(40):
            low = rng.randrange(0, 15)
            ServicePageFactory(
                parent=directory,
                title=f"{rng.choice(['Family', 'Youth', 'Sensory', 'Parent'])} {rng.choice(WORDS)} {number}",
                summary=f"{rng.choice(WORDS)} and {rng.choice(WORDS)} for children",
                needs=[needs[c] for c in rng.sample(NEEDS, rng.randrange(0, 3))] or None,
                categories=[categories[c] for c in rng.sample(CATEGORIES, rng.randrange(0, 3))] or None,
                locations=rng.sample(places, rng.randrange(0, 3)) or None,
                minimum_age=low,
                maximum_age=low + rng.randrange(0, 12),
                is_free=rng.random() < 0.6,
                delivery_methods=rng.sample(DELIVERY, rng.randrange(1, 3)),
            )
        yield
        cache.clear()
        transaction.set_rollback(True)


@pytest.fixture(scope="module", params=["database", "elasticsearch"])
def backend(request, generated, django_db_blocker):
    with django_db_blocker.unblock():
        backend = build_backend("database") if request.param == "database" else elasticsearch_backend()
        backend.rebuild()
        yield backend
        if request.param == "elasticsearch":
            backend.delete_indices()


def random_queries(count: int) -> list[ServiceQuery]:
    rng = random.Random(5)
    queries = [ServiceQuery(page_size=100)]
    for _ in range(count):
        query = ServiceQuery(page_size=100, sort=rng.choice(["relevance", "name"]))
        if rng.random() < 0.4:
            query.text = rng.choice(WORDS)
        if rng.random() < 0.4:
            query.age = rng.randrange(0, 26)
        if rng.random() < 0.3:
            query.postcode, query.radius_miles = "NW5", float(rng.choice([1, 3, 10]))
        if rng.random() < 0.5:
            query.needs = rng.sample(NEEDS, rng.randrange(1, 3))
        if rng.random() < 0.4:
            query.categories = rng.sample(CATEGORIES, 1)
        if rng.random() < 0.3:
            query.cost = rng.choice(["free", "paid"])
        if rng.random() < 0.3:
            query.delivery = rng.sample(DELIVERY, rng.randrange(1, 3))
        if rng.random() < 0.3:
            query.area = rng.choice(["NW5", "NW1", "E14", "WC1X"])
        queries.append(query)
    return queries


def values_of(service) -> dict[str, set[str]]:
    return {
        "needs": {term.code for term in service.needs.all()},
        "categories": {term.code for term in service.categories.all()},
        "cost": {"free" if service.is_free else "paid"},
        "delivery": set(service.delivery_methods),
        "area": {outcode_of(link.location.postal_code) for link in service.service_at_locations.all()} - {""},
    }


def chosen_filters(query) -> dict[str, set[str]]:
    chosen = {"needs": set(query.needs), "categories": set(query.categories), "delivery": set(query.delivery)}
    chosen["cost"] = {query.cost} if query.cost else set()
    chosen["area"] = {query.area} if query.area else set()
    return {name: values for name, values in chosen.items() if values}


@pytest.mark.parametrize("query", random_queries(40), ids=lambda q: repr(q)[12:90])
def test_facet_counts_equal_a_brute_force_count(backend, query):
    # The services matching the text, age and distance (no facet filter): what every count starts from.
    unfiltered = ServiceQuery(
        text=query.text, age=query.age, postcode=query.postcode, radius_miles=query.radius_miles, page_size=100
    )
    base = set(backend.find_ids(unfiltered, limit=1000))
    services = {
        s.pk: values_of(s)
        for s in ServicePage.objects.live()
        .filter(pk__in=base)
        .prefetch_related("needs", "categories", "service_at_locations__location")
    }
    chosen = chosen_filters(query)

    def passes(values, skip=None):
        return all(values[name] & wanted for name, wanted in chosen.items() if name != skip)

    results = backend.find_services(query)

    matching = {pk for pk, values in services.items() if passes(values)}
    assert results.total == len(matching)
    assert {hit.page_id for hit in results.hits} == matching
    for name in ("needs", "categories", "cost", "delivery", "area"):
        expected = {}
        for values in services.values():
            if passes(values, skip=name):
                for value in values[name]:
                    expected[value] = expected.get(value, 0) + 1
        counted = {facet.value: facet.count for facet in results.facets[name] if facet.count}
        assert counted == expected, name


def test_counts_follow_every_change_to_the_search_table_at_once(generated):
    """The cached sets are keyed by a token the database changes with the table, in the same
    transaction: a service leaving the directory stops counting on the very next search."""
    from search.models import SearchEntry

    backend = build_backend("database")
    backend.rebuild()
    before = backend.find_services(ServiceQuery(page_size=100))
    entry = SearchEntry.objects.exclude(need_codes="").order_by("pk").first()
    needs = entry.need_codes.split()
    SearchEntry.objects.filter(pk=entry.pk).update(need_codes="")
    after = backend.find_services(ServiceQuery(page_size=100))
    counts = {f.value: f.count for f in before.facets["needs"]}
    assert {f.value: f.count for f in after.facets["needs"]} == {
        code: count - (code in needs) for code, count in counts.items()
    }
    SearchEntry.objects.filter(pk=entry.pk).delete()
    assert backend.find_services(ServiceQuery(page_size=100)).total == before.total - 1
