"""The directory page and autocomplete endpoint, end to end through `search.api`."""

import json

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.api import ServiceQuery, find_services
from search.models import SearchQueryLog

pytestmark = pytest.mark.django_db


def test_search_near_an_outcode_shows_distances_and_facet_counts(client, contract_services):
    directory = contract_services["outreach"].get_parent()
    response = client.get(directory.url, {"q": "autism", "postcode": "nw5", "radius": "3", "sort": "distance"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 services found within 3 miles of NW5" in html
    assert "Autism Outreach Team" in html and "0.2 miles away" in html and "0.9 miles away" in html
    assert "Teenage Autism Social Group" not in html
    assert "for <mark>autistic</mark> children" in html
    assert 'id="needs-autism"' in html and 'Autism <span class="facet-count">(2)</span>' in html
    assert '<option value="3" selected>Within 3 miles</option>' in html

    narrowed = client.get(directory.url, {"q": "autism", "postcode": "NW5", "radius": "10", "age": "14"})
    assert "2 services found within 10 miles of NW5" in narrowed.content.decode()


def test_a_bad_postcode_is_explained_and_kept_in_the_form(client, contract_services):
    directory = contract_services["outreach"].get_parent()
    response = client.get(directory.url, {"q": "autism", "postcode": "QQ1 1QQ", "radius": "3"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "We could not find the postcode ‘QQ1 1QQ’" in html
    assert 'value="QQ1 1QQ"' in html
    assert "3 services found" in html


def test_a_typo_offers_did_you_mean(client, contract_services):
    directory = contract_services["outreach"].get_parent()
    html = client.get(directory.url, {"q": "autisim"}).content.decode()
    assert 'Did you mean <a class="govuk-link" href="?q=autism">autism</a>?' in html


def test_zero_results_show_help(client, contract_services):
    directory = contract_services["outreach"].get_parent()
    html = client.get(directory.url, {"q": "xylophone", "needs": "autism"}).content.decode()
    assert "0 services found" in html
    assert "No services match your search" in html
    assert "search again without filters" in html
    assert "SEND Information, Advice and Support Service" in html


def test_elasticsearch_down_falls_back_to_the_database_and_says_so(client, settings, contract_services, caplog):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    directory = contract_services["outreach"].get_parent()
    response = client.get(directory.url, {"q": "ASD"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "3 services found" in html
    assert "results may be incomplete" in html
    assert "Search backend unavailable" in caplog.text
    assert find_services(ServiceQuery(text="autism")).degraded is True


@pytest.mark.parametrize(
    "query",
    [
        ServiceQuery(text="children"),
        ServiceQuery(text="children", postcode="NW5", radius_miles=10, sort="distance"),
        ServiceQuery(postcode="NW5 1TL", needs=["autism"], age=10),
    ],
)
def test_the_database_backend_uses_a_constant_number_of_queries(contract_services, query):
    counts = []
    for page_size in (1, 7):
        query.page_size = page_size
        find_services(query)  # warm the vocabulary and site caches
        with CaptureQueriesContext(connection) as captured:
            results = find_services(query)
        assert len(results.hits) == min(page_size, results.total)
        counts.append(len(captured))
    # glossary, the search table, the page of services, facet labels (+ an uncached postcode)
    assert counts[0] == counts[1] <= 5


def test_autocomplete_returns_json_suggestions(client, contract_services):
    response = client.get("/search/autocomplete/", {"q": "aut"})
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["query"] == "aut"
    assert data["suggestions"][0] == "Autism"
    assert "Autism Outreach Team" in data["suggestions"]
    assert json.loads(client.get("/search/autocomplete/").content) == {"query": "", "suggestions": []}


def test_searches_are_logged_without_personal_data(client, contract_services):
    directory = contract_services["outreach"].get_parent()
    client.get(directory.url, {"q": "Autism NW5 1TL call 07700 900123", "postcode": "NW5 1TL", "age": "7"})
    client.get(directory.url, {"q": "autism", "page": "2"})  # later pages are not counted again
    log = SearchQueryLog.objects.get()
    assert log.text == "autism call"
    assert log.used_location is True
    assert log.filters == {"age": 7}
    assert "NW5" not in json.dumps(log.filters) and "1TL" not in log.text


def staff(django_user_model, username, **extra):
    user = django_user_model.objects.create_user(username, password="a-long-test-password", **extra)
    # Council staff must have two-factor authentication to reach the admin.
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "unused-in-tests"})
    return user


def test_search_terms_report_lists_top_and_zero_result_searches(client, django_user_model, contract_services):
    for text, count in [("autism", 3), ("autism", 3), ("trampoline", 0)]:
        SearchQueryLog.objects.create(text=text, result_count=count)
    editor = staff(django_user_model, "editor")
    editor.user_permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="view_searchquerylog")
    )
    client.force_login(editor)
    response = client.get("/admin/reports/search-terms/")
    html = response.content.decode()
    assert response.status_code == 200
    zero, top = html.split('id="top-searches"')
    assert "trampoline" in zero and "autism" not in zero
    assert "<td>autism</td><td>2</td>" in top


def test_search_terms_report_needs_permission(client, django_user_model, db):
    user = staff(django_user_model, "plain")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get("/admin/reports/search-terms/")
    assert response.status_code == 302 and response["Location"] == "/admin/"  # Wagtail: permission denied


def test_glossary_is_seeded_and_editable_in_the_admin(client, django_user_model):
    from search.models import GlossaryEntry

    client.force_login(staff(django_user_model, "admin", is_superuser=True, is_staff=True))
    autism = GlossaryEntry.objects.get(term="Autism")
    assert {"autism", "asd", "asc"} <= set(autism.phrases)
    assert GlossaryEntry.objects.filter(term__in=["ADHD", "SEMH", "EHCP", "PMLD", "Visual impairment"]).count() == 5
    response = client.get(f"/admin/snippets/search/glossaryentry/edit/{autism.pk}/")
    assert response.status_code == 200
    response = client.post(
        f"/admin/snippets/search/glossaryentry/edit/{autism.pk}/",
        {"term": "Autism", "alternatives": "ASD, ASC, autistic, neurodivergent", "description": ""},
    )
    assert response.status_code == 302
    assert "neurodivergent" in GlossaryEntry.objects.get(pk=autism.pk).phrases
