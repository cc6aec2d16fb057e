"""What the Elasticsearch backend sends and reads, beyond the contract: the query is compiled from
the same plan as the database backend's (no fuzzy clauses: typos come from the directory's
vocabulary), the ids-only search stays inside the result window, searches without words use the
request cache, and the trimmed (filter_path) response still reads when parts of it are empty."""

import pytest

from search import vocabulary
from search.api import ServiceQuery
from search.backends import build_backend
from search.backends.base import load_glossary, prepare
from search.text import COVERAGE, STEMMED, TIER, TYPO, plan_query

pytestmark = pytest.mark.django_db


def test_each_group_scores_coverage_plus_its_best_tier(module_es_backend):
    plan = plan_query("autism teenagers", load_glossary(), vocabulary.current())
    query = module_es_backend._text_query(plan).to_dict()
    (matching,) = query["bool"]["must"]
    groups = matching["bool"]["should"]
    assert len(groups) == len(plan.groups) == 2 and matching["bool"]["minimum_should_match"] == 1
    boosts = sorted(clause["constant_score"]["boost"] for clause in groups[1]["dis_max"]["queries"])
    assert COVERAGE + TIER * STEMMED in boosts and max(boosts) == COVERAGE + TIER
    assert "fuzziness" not in str(query)


def test_a_typo_is_expanded_from_the_vocabulary_and_a_known_word_is_not(module_es_backend):
    typo = plan_query("autisim", load_glossary(), vocabulary.current())
    assert any(term.tier == TYPO and term.words == ("autism",) for term in typo.groups[0].terms)
    known = plan_query("carer support", load_glossary(), vocabulary.current())
    assert all(term.tier != TYPO for group in known.groups for term in group.terms)
    short = plan_query("BSL BS1", load_glossary(), vocabulary.current())
    assert all(term.tier != TYPO for group in short.groups for term in group.terms)


def test_ids_only_search_matches_the_results_page_and_asks_for_nothing_else(module_es_backend, monkeypatch):
    sent = []
    search = module_es_backend.client.search

    def recording(**kwargs):
        sent.append(kwargs)
        return search(**kwargs)

    monkeypatch.setattr(module_es_backend.client, "search", recording)
    query = ServiceQuery(text="autism support", page_size=20)
    ids = module_es_backend.find_ids(prepare(query), limit=10_000)
    body = sent[-1]["body"]
    assert body["size"] == 10_000 and body.get("from", 0) == 0
    assert body["_source"] is False and "highlight" not in body and "aggs" not in body and "suggest" not in body
    assert ids == [hit.page_id for hit in module_es_backend.find_services(query).hits]
    database = build_backend("database")
    assert set(database.find_ids(prepare(query), limit=10_000)) == set(ids)


def request_cache_stats(backend) -> dict:
    stats = backend.client.indices.stats(index=backend.alias, metric="request_cache")
    return stats["_all"]["total"]["request_cache"]


def test_searches_without_words_are_answered_from_the_request_cache(module_es_backend):
    query = ServiceQuery(needs=["autism"], age=9, cost="free", sort="name")
    first = module_es_backend.find_services(query)
    before = request_cache_stats(module_es_backend)
    second = module_es_backend.find_services(query)
    after = request_cache_stats(module_es_backend)
    assert after["hit_count"] == before["hit_count"] + 1
    assert [hit.title for hit in second.hits] == [hit.title for hit in first.hits]
    assert second.total == first.total and second.facets == first.facets


def test_searches_with_words_skip_the_request_cache(module_es_backend):
    query = ServiceQuery(text="autism", sort="name")
    module_es_backend.find_services(query)
    before = request_cache_stats(module_es_backend)
    module_es_backend.find_services(query)
    after = request_cache_stats(module_es_backend)
    assert (after["hit_count"], after["miss_count"]) == (before["hit_count"], before["miss_count"])


def test_a_page_past_the_end_has_no_hits_but_keeps_total_and_facets(module_es_backend):
    results = module_es_backend.find_services(ServiceQuery(text="autism", page=5, page_size=3))
    assert results.hits == []
    assert results.total == 3
    assert {value.value: value.count for value in results.facets["needs"]}["autism"] == 3
