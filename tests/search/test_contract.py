"""The search contract: both backends, the same data, the same answers.

Totals, filters, facet counts, distances, "did you mean" and name/distance order must be identical.
Relevance order may differ (documented in docs/search.md), so relevance tests compare sets.
"""

from decimal import Decimal

import pytest

from search.api import ServiceQuery
from search.backends import build_backend


def titles(results):
    return [hit.title for hit in results.hits]


def title_set(results):
    return set(titles(results))


def facet(results, name):
    return {value.value: value.count for value in results.facets[name]}


pytestmark = pytest.mark.django_db

AUTISM_SERVICES = {"Autism Outreach Team", "Saturday Sensory Club", "Teenage Autism Social Group"}


def test_no_words_lists_every_published_service_by_name(search_backend):
    results = search_backend.find_services(ServiceQuery())
    assert results.total == 7
    assert titles(results) == sorted(titles(results), key=str.lower)
    assert "Hidden Autism Draft" not in titles(results)


def test_a_word_matches_titles_summaries_and_need_names(search_backend):
    results = search_backend.find_services(ServiceQuery(text="autism"))
    assert results.total == 3
    assert title_set(results) == AUTISM_SERVICES
    assert results.suggestion == ""


@pytest.mark.parametrize("text", ["ASD", "asc", "autism spectrum condition"])
def test_glossary_abbreviations_find_the_same_services(search_backend, text):
    assert title_set(search_backend.find_services(ServiceQuery(text=text))) == AUTISM_SERVICES


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SALT", {"Speech and Language Therapy Service"}),
        ("speech therapy", {"Speech and Language Therapy Service"}),
        ("OT", {"Occupational Therapy Clinic"}),
        ("occupational therapy", {"Occupational Therapy Clinic"}),
        ("wheelchair swimming", {"Wheelchair Swimming Sessions"}),
        ("swim", {"Wheelchair Swimming Sessions"}),
        ("ADHD support", {"ADHD Parent Support Group"}),
    ],
)
def test_words_synonyms_and_word_starts_rank_first(search_backend, text, expected):
    assert set(titles(search_backend.find_services(ServiceQuery(text=text)))[: len(expected)]) == expected


def test_a_typo_still_finds_services_and_suggests_the_spelling(search_backend):
    results = search_backend.find_services(ServiceQuery(text="autisim"))
    assert title_set(results) == AUTISM_SERVICES
    assert results.suggestion == "autism"


def test_services_matching_every_word_come_before_those_matching_some(search_backend):
    results = search_backend.find_services(ServiceQuery(text="autism teenagers"))
    assert titles(results)[0] == "Teenage Autism Social Group"
    assert AUTISM_SERVICES <= title_set(results)


def test_unknown_words_find_nothing(search_backend):
    results = search_backend.find_services(ServiceQuery(text="xylophone"))
    assert results.total == 0 and results.hits == []


def test_facet_counts_for_a_text_search(search_backend):
    results = search_backend.find_services(ServiceQuery(text="autism"))
    assert facet(results, "needs") == {"adhd": 0, "autism": 3, "physical": 1, "speech": 0}
    assert facet(results, "categories") == {"education": 0, "health": 1, "leisure": 2}
    assert facet(results, "cost") == {"free": 2, "paid": 1}
    assert facet(results, "delivery") == {"in_person": 3, "online": 0, "phone": 0, "home_visit": 1}
    assert facet(results, "area") == {"E14": 2, "NW1": 1, "NW5": 1}
    assert [value.label for value in results.facets["needs"]] == [
        "ADHD",
        "Autism",
        "Physical disability",
        "Speech, language and communication",
    ]


def test_a_facet_counts_as_if_its_own_filter_were_not_chosen(search_backend):
    results = search_backend.find_services(ServiceQuery(needs=["autism"], categories=["leisure"]))
    assert title_set(results) == {"Saturday Sensory Club", "Teenage Autism Social Group"}
    assert facet(results, "needs") == {"adhd": 0, "autism": 2, "physical": 2, "speech": 0}
    assert facet(results, "categories") == {"education": 0, "health": 1, "leisure": 2}
    assert [v.value for v in results.facets["needs"] if v.selected] == ["autism"]


@pytest.mark.parametrize(
    ("query", "expected_total"),
    [
        (ServiceQuery(age=12), 5),
        (ServiceQuery(age=0), 3),
        (ServiceQuery(cost="paid"), 2),
        (ServiceQuery(cost="free"), 5),
        (ServiceQuery(delivery=["online", "phone"]), 2),
        (ServiceQuery(delivery=["home_visit"]), 1),
        (ServiceQuery(area="E14"), 2),
        (ServiceQuery(needs=["autism", "adhd"]), 4),
        (ServiceQuery(text="children", cost="free", age=10), 4),
    ],
)
def test_filters(search_backend, query, expected_total):
    assert search_backend.find_services(query).total == expected_total


def test_outcode_search_keeps_hits_inside_the_radius_nearest_first(search_backend):
    results = search_backend.find_services(ServiceQuery(postcode="nw5", radius_miles=3, sort="distance"))
    assert titles(results) == [
        "Autism Outreach Team",
        "Speech and Language Therapy Service",
        "Saturday Sensory Club",
        "Wheelchair Swimming Sessions",
    ]
    assert [hit.distance_miles for hit in results.hits] == [
        Decimal("0.15"),
        Decimal("0.87"),
        Decimal("0.92"),
        Decimal("2.44"),
    ]
    assert results.location_label == "NW5"
    assert facet(results, "area") == {"NW1": 1, "NW3": 1, "NW5": 1, "WC1X": 1, "E14": 1}


@pytest.mark.parametrize(("radius", "total"), [(1, 3), (3, 4), (5, 4), (10, 5)])
def test_radius_choices(search_backend, radius, total):
    results = search_backend.find_services(ServiceQuery(postcode="NW5", radius_miles=radius))
    assert results.total == total
    assert all(hit.distance_miles <= radius for hit in results.hits)


def test_distance_is_to_the_nearest_of_several_locations(search_backend):
    results = search_backend.find_services(ServiceQuery(text="sensory club", postcode="NW1 0NE"))
    assert (results.hits[0].title, results.hits[0].distance_miles) == ("Saturday Sensory Club", Decimal("0.00"))


@pytest.mark.parametrize("postcode", ["NW5 1TL", "nw51tl", " Nw5  1tL "])
def test_full_postcodes_in_any_case_and_spacing(search_backend, postcode):
    results = search_backend.find_services(ServiceQuery(postcode=postcode, radius_miles=1, sort="distance"))
    assert results.location_label == "NW5 1TL"
    assert titles(results) == ["Autism Outreach Team", "Speech and Language Therapy Service"]
    assert [hit.distance_miles for hit in results.hits] == [Decimal("0.00"), Decimal("0.89")]
    assert results.messages == []


def test_without_a_radius_every_service_has_its_distance_and_unplaced_ones_come_last(search_backend):
    results = search_backend.find_services(ServiceQuery(postcode="NW5", sort="distance"))
    assert results.total == 7
    assert titles(results)[-1] == "ADHD Parent Support Group"
    assert results.hits[-1].distance_miles is None
    distances = [hit.distance_miles for hit in results.hits[:-1]]
    assert distances == sorted(distances) and distances[-1] > 49


@pytest.mark.parametrize(
    ("postcode", "message"),
    [("ZZ99 9ZZ", "We could not find the postcode ‘ZZ99 9ZZ’"), ("nw99", "We could not find the postcode ‘NW99’")],
)
def test_a_bad_postcode_gets_a_message_and_results_without_distances(search_backend, postcode, message):
    results = search_backend.find_services(ServiceQuery(postcode=postcode, radius_miles=3, sort="distance"))
    assert results.total == 7
    assert len(results.messages) == 1 and results.messages[0].startswith(message)
    assert all(hit.distance_miles is None for hit in results.hits)


def test_a_radius_or_distance_sort_without_a_postcode_says_so(search_backend):
    results = search_backend.find_services(ServiceQuery(radius_miles=3, sort="distance"))
    assert results.total == 7
    assert results.messages == [
        "Enter a postcode to see services within a distance.",
        "Enter a postcode to sort by distance.",
    ]


def test_name_sort_and_pages(search_backend):
    first = search_backend.find_services(ServiceQuery(sort="name", page_size=3))
    second = search_backend.find_services(ServiceQuery(sort="name", page_size=3, page=2))
    third = search_backend.find_services(ServiceQuery(sort="name", page_size=3, page=3))
    assert titles(first) == ["ADHD Parent Support Group", "Autism Outreach Team", "Occupational Therapy Clinic"]
    assert titles(second) == [
        "Saturday Sensory Club",
        "Speech and Language Therapy Service",
        "Teenage Autism Social Group",
    ]
    assert titles(third) == ["Wheelchair Swimming Sessions"]
    assert first.page_count == 3 and first.total == 7


def test_matching_words_are_highlighted_and_escaped(search_backend):
    results = search_backend.find_services(ServiceQuery(text="swimming"))
    assert results.hits[0].highlight == "Accessible <mark>swimming</mark> for wheelchair users"


def test_hits_carry_what_the_listing_shows(search_backend, contract_services):
    hit = search_backend.find_services(ServiceQuery(text="outreach")).hits[0]
    service = contract_services["outreach"]
    assert (hit.page_id, hit.uuid, hit.url, hit.organization) == (
        service.pk,
        str(service.uuid),
        service.url,
        service.organization.name,
    )


def test_autocomplete_suggests_service_titles(search_backend):
    assert "Autism Outreach Team" in search_backend.autocomplete("aut")
    assert search_backend.autocomplete("x") == []


QUERIES = [
    ServiceQuery(),
    ServiceQuery(text="autism", postcode="NW5"),
    ServiceQuery(text="therapy", age=4, sort="name"),
    ServiceQuery(text="children", postcode="NW5 1TL", radius_miles=5, sort="distance"),
    ServiceQuery(categories=["leisure"], delivery=["in_person"], postcode="WC1X", sort="distance"),
    ServiceQuery(text="sensory needs", cost="free", postcode="NW3"),
    ServiceQuery(text="groop"),
]


@pytest.mark.parametrize("query", QUERIES, ids=range(len(QUERIES)))
def test_both_backends_give_identical_totals_facets_and_distances(module_es_backend, query):
    database = build_backend("database")
    expected, actual = database.find_services(query), module_es_backend.find_services(query)
    assert actual.total == expected.total
    assert actual.facets == expected.facets
    assert actual.suggestion == expected.suggestion
    assert actual.messages == expected.messages
    assert {h.title: h.distance_miles for h in actual.hits} == {h.title: h.distance_miles for h in expected.hits}
    if query.sort != "relevance":
        assert titles(actual) == titles(expected)


def test_the_vocabulary_reads_the_same_text_elasticsearch_indexes(contract_services):
    from search.indexing import indexable_services, searchable_text, service_document, service_text

    for service in indexable_services():
        assert sorted(service_text(service)) == sorted(searchable_text(service_document(service)))


@pytest.mark.parametrize(
    "query",
    [
        ServiceQuery(text="autism"),
        ServiceQuery(text="speech therapy", age=4),
        ServiceQuery(text="ASD"),
        ServiceQuery(text="sensory needs", cost="free"),
        ServiceQuery(text="children", postcode="NW5 1TL", radius_miles=5),
        ServiceQuery(text="groop"),
    ],
    ids=range(6),
)
def test_sorting_by_name_finds_what_sorting_by_relevance_finds(search_backend, query):
    """Sorted by name (or distance), the database backend asks SQL for no ranks at all: the services,
    totals, facets and suggestion must be the ones the ranked search gives."""
    from dataclasses import replace

    ranked = search_backend.find_services(replace(query, sort="relevance", page_size=50))
    by_name = search_backend.find_services(replace(query, sort="name", page_size=50))
    assert by_name.total == ranked.total and by_name.total > 0
    assert title_set(by_name) == title_set(ranked)
    assert titles(by_name) == sorted(titles(by_name), key=str.lower)
    assert by_name.facets == ranked.facets
    assert by_name.suggestion == ranked.suggestion
