"""What the Elasticsearch backend sends and reads, beyond the contract: the cheap highlight query
gives the same highlights as the full ranking query, searches without words use the request
cache, and the trimmed (filter_path) response still reads when parts of it are empty."""

import pytest

from search.api import ServiceQuery
from search.backends.elasticsearch import ElasticsearchBackend, _whole_words
from search.text import load_glossary, plan_query

pytestmark = pytest.mark.django_db


class RankingQueryHighlights(ElasticsearchBackend):
    """Highlights with the whole text query, ranking `multi_match` included (the old request)."""

    def _highlight_query(self, plan):
        return self._text_query(plan)


def fuzzy_clauses(query: dict) -> list[dict]:
    found = []
    if isinstance(query, dict):
        for key, value in query.items():
            if key in {"match", "multi_match"} and "fuzziness" in str(value):
                found.append(query)
            else:
                found.extend(fuzzy_clauses(value))
    elif isinstance(query, list):
        for item in query:
            found.extend(fuzzy_clauses(item))
    return found


@pytest.mark.parametrize(
    "text",
    ["swimming", "autisim", "speech therapy", "ADHD support", "children", "sensory needs", "wheelchair swim", "groop"],
)
def test_highlights_are_those_of_the_full_ranking_query(module_es_backend, text):
    reference = RankingQueryHighlights(module_es_backend.url, index_prefix=module_es_backend.alias[: -len("-services")])
    query = ServiceQuery(text=text, sort="name")
    expected = [(hit.title, hit.highlight) for hit in reference.find_services(query).hits]
    assert [(hit.title, hit.highlight) for hit in module_es_backend.find_services(query).hits] == expected
    assert text == "groop" or any(highlight for _, highlight in expected)


def test_the_highlight_query_has_one_fuzzy_clause_on_all_text_not_one_per_field(module_es_backend):
    plan = plan_query("ADHD support", load_glossary())
    highlight = module_es_backend._highlight_query(plan).to_dict()
    assert len(fuzzy_clauses(module_es_backend._text_query(plan).to_dict())) == 2  # match + multi_match
    assert fuzzy_clauses(highlight) == [
        {"match": {"all_text": {"query": "ADHD support", "fuzziness": "AUTO", "prefix_length": 1}}}
    ]
    assert {"prefix": {"all_text": "support"}} in highlight["bool"]["should"]


def test_a_word_the_standard_tokenizer_may_join_keeps_its_own_fuzzy_clause(module_es_backend):
    plan = plan_query("children's swimming", load_glossary())
    clauses = fuzzy_clauses(module_es_backend._highlight_query(plan).to_dict())
    assert {"match": {"all_text": {"query": "children", "fuzziness": "AUTO", "prefix_length": 1}}} in clauses
    assert {"match": {"all_text": {"query": "swimming", "fuzziness": "AUTO", "prefix_length": 1}}} not in clauses


def test_whole_words_are_only_plain_ascii_words_between_spaces():
    assert _whole_words("Autism, speech (therapy) post-16 children's a_b 1,000 café NW5") == {
        "autism",
        "speech",
        "therapy",
        "nw5",
    }


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


def test_every_word_and_phrase_also_matches_the_stemmed_field(module_es_backend):
    """On a node with analysis-common the index has `all_text.english`; every group of the query can
    match there too ("therapies" finds "therapy"), and the ranking reads it."""
    plan = plan_query("speech therapies", load_glossary())
    query = module_es_backend._text_query(plan).to_dict()
    groups = query["bool"]["must"]
    assert len(groups) == len(plan.groups) >= 2
    for group in groups:
        stemmed = [
            clause
            for clause in group["bool"]["should"]
            if "all_text.english" in clause.get("match", {}) or "all_text.english" in clause.get("match_phrase", {})
        ]
        assert stemmed, group
    assert "all_text.english" in query["bool"]["should"][0]["multi_match"]["fields"]


def test_stemmed_clauses_change_nothing_on_an_index_without_the_subfield(module_es_backend):
    """The test node has no analysis-common, so its index has no `all_text.english`: the stemmed
    clauses match nothing there and the results are those of `all_text` alone."""
    mapping = module_es_backend.client.indices.get_mapping(index=module_es_backend.alias)
    (index_mapping,) = mapping.body.values()
    assert "fields" not in index_mapping["mappings"]["properties"]["all_text"]

    class WithoutStemmedClauses(ElasticsearchBackend):
        def _text_query(self, plan):
            query = super()._text_query(plan).to_dict()
            for group in query["bool"]["must"]:
                group["bool"]["should"] = [c for c in group["bool"]["should"] if "all_text.english" not in str(c)]
            query["bool"]["should"][0]["multi_match"]["fields"].remove("all_text.english")
            from elasticsearch_dsl import Q

            return Q(query)

    plain = WithoutStemmedClauses(module_es_backend.url, index_prefix=module_es_backend.alias[: -len("-services")])
    for text in ["swimming", "speech therapy", "autisim", "ADHD support"]:
        with_stemmed = module_es_backend.find_services(ServiceQuery(text=text))
        without = plain.find_services(ServiceQuery(text=text))
        assert with_stemmed.total == without.total > 0, text
        assert [h.page_id for h in with_stemmed.hits] == [h.page_id for h in without.hits], text
