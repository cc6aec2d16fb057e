"""Every search parameter is bounded, checked once (search.query), and a bad value gets a message
saying what to type, never a 500: a pasted page of words, a 5,000-digit age or page, a distance
that is not a number, a postcode that is not one."""

import pytest
from django.http import QueryDict

from search.api import IDS_LIMIT, InvalidQuery, ServiceQuery, find_service_ids, find_services
from search.query import MAXIMUM_PAGE, MAXIMUM_WORDS, parse_query

KNOWN = {"needs": {"autism"}, "categories": {"leisure"}, "delivery": {"online"}}
MANY_WORDS = " ".join(f"word{i}" for i in range(999))
HUGE_NUMBER = "9" * 5000


def parse(**params):
    query = QueryDict(mutable=True)
    for name, value in params.items():
        query[name] = value
    return parse_query(query, known=KNOWN, maximum_age=25)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": MANY_WORDS}, "Search for at most 200 characters"),
        ({"q": " ".join(["ot"] * 30)}, f"Search for at most {MAXIMUM_WORDS} words"),
        ({"age": HUGE_NUMBER}, "Age must be a whole number from 0 to 25."),
        ({"age": "26"}, "Age must be a whole number from 0 to 25."),
        ({"age": "-1"}, "Age must be a whole number from 0 to 25."),
        ({"page": HUGE_NUMBER}, f"Page must be a whole number from 1 to {MAXIMUM_PAGE}."),
        ({"page": str(MAXIMUM_PAGE + 1)}, f"Page must be a whole number from 1 to {MAXIMUM_PAGE}."),
        ({"page": "0"}, f"Page must be a whole number from 1 to {MAXIMUM_PAGE}."),
        ({"radius": "nan"}, "Distance must be a number of miles from 1 to 50."),
        ({"radius": "1e999"}, "Distance must be a number of miles from 1 to 50."),
        ({"radius": "three"}, "Distance must be a number of miles from 1 to 50."),
        ({"postcode": "NW5 1TL NW5 1TL"}, "is not a postcode"),
        ({"postcode": "12345"}, "‘12345’ is not a postcode"),
        ({"area": "NW5 1TL"}, "Area must be the first part of a postcode, like NW5."),
        ({"cost": "cheap"}, "Cost must be ‘free’ or ‘paid’."),
        ({"needs": "x" * 500}, "We do not recognise the need ‘" + "x" * 50 + "’"),
    ],
)
def test_each_bad_value_gets_one_clear_message(params, message):
    _, problems = parse(**params)
    assert len(problems) == 1 and message in problems[0], problems


def test_good_values_are_read_without_problems():
    query, problems = parse(q="autism club", age="7", page="3", radius="3", postcode="nw5 1tl", needs="autism")
    assert problems == []
    assert (query.text, query.age, query.page, query.radius_miles, query.needs) == (
        "autism club",
        7,
        3,
        3.0,
        ["autism"],
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": MANY_WORDS}, "Search for at most 200 characters"),
        ({"q": " ".join(["autism"] * 300)}, "Search for at most 200 characters"),
        ({"age": HUGE_NUMBER}, "Age must be a whole number from 0 to 25."),
        ({"page": HUGE_NUMBER}, "Page must be a whole number from 1 to 500."),
    ],
)
def test_the_directory_page_explains_instead_of_failing(client, contract_services, params, message):
    directory = contract_services["outreach"].get_parent()
    response = client.get(directory.url, params)
    assert response.status_code == 200
    assert message in response.content.decode()


@pytest.mark.django_db
def test_find_services_refuses_a_query_out_of_bounds(contract_services):
    with pytest.raises(InvalidQuery) as raised:
        find_services(ServiceQuery(text=MANY_WORDS))
    assert raised.value.problems == ["Search for at most 200 characters. Try the few words that matter most."]
    with pytest.raises(InvalidQuery):
        find_services(ServiceQuery(text="autism", page_size=1_000_000))


@pytest.mark.django_db
def test_the_oruk_api_answers_400_naming_search_for_a_pasted_page(client, contract_services):
    response = client.get("/api/oruk/services", {"search": MANY_WORDS})
    assert response.status_code == 400
    assert response.json()["parameter"] == "search"
    assert "200 characters" in response.json()["message"]  # the API's own length cap answers first
    # Short enough for the API's length cap, too many words for a search: search's own check answers.
    many_short_words = " ".join(["play"] * 30)
    assert len(many_short_words) <= 200
    response = client.get("/api/oruk/services", {"search": many_short_words})
    assert response.status_code == 400
    assert response.json()["parameter"] == "search"
    assert "at most 20 words" in response.json()["message"]


@pytest.mark.django_db
def test_ids_only_search_returns_every_match_best_first(contract_services):
    ids = find_service_ids(ServiceQuery(text="autism", page_size=2))
    expected = [hit.page_id for hit in find_services(ServiceQuery(text="autism")).hits]
    assert ids == expected and len(ids) == 3
    assert IDS_LIMIT == 10_000
