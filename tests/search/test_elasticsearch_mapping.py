"""The index definition: core analyzers only, with terms stemmed in Python so every node ranks alike."""

import pytest

from search.backends.elasticsearch import ElasticsearchBackend
from search.documents import REFRESH_INTERVAL, index_body, to_source
from search.indexing import title_suggestions


def test_the_definition_uses_only_core_analyzers_and_typed_fields():
    mappings = index_body()["mappings"]["properties"]
    assert mappings["ages"] == {"type": "integer_range"}
    assert mappings["locations"] == {"type": "geo_point"}
    assert mappings["need_codes"] == {"type": "keyword"}
    assert mappings["suggest"] == {"type": "completion", "analyzer": "simple"}
    for name in ("name_stems", "summary_stems", "needs_stems", "description_stems", "tags_stems", "words"):
        assert mappings[name] == {"type": "text", "analyzer": "whitespace"}
    assert "english" not in str(mappings) and "all_text" not in mappings
    assert index_body()["settings"]["refresh_interval"] == REFRESH_INTERVAL == "1s"


def test_source_carries_the_terms_stemmed_in_python():
    """Stemming happens in Python, so the test node (no analysis-common) and a production node
    index the same terms and rank alike."""
    source = to_source(
        {
            "page_id": 1,
            "title": "Dancing for Disabled Teenagers",
            "summary": "Asperger\u2019s friendly",
            "description": "Café sessions",
            "need_names": ["Autism"],
            "category_names": [],
            "organization": "",
            "eligibility": "Young people",
        }
    )
    assert source["name_stems"] == "danc for disabl teenag"
    assert source["summary_stems"] == "asperg friend"
    assert source["description_stems"] == "cafe session"
    assert source["tags_stems"] == "young peopl"
    assert source["words"] == "dancing for disabled teenagers asperger friendly autism cafe sessions young people"


def test_completion_inputs_start_at_each_longer_word():
    assert title_suggestions("Autism Outreach Team") == ["Autism Outreach Team", "Outreach Team", "Team"]
    assert title_suggestions("A to Z of play") == ["A to Z of play", "play"]


def test_source_keeps_every_location():
    source = to_source(
        {"page_id": 1, "title": "Club", "locations": [{"lat": 51.5, "lon": -0.1}, {"lat": 51.6, "lon": -0.2}]}
    )
    assert source["locations"] == [{"lat": 51.5, "lon": -0.1}, {"lat": 51.6, "lon": -0.2}]


class RefreshingBackend(ElasticsearchBackend):
    """Refreshes after every batch, as a long rebuild would be if refreshes stayed on."""

    def _bulk(self, batch, progress):
        indexed = super()._bulk(batch, progress)
        self.client.indices.refresh(index=batch[0]["_index"])
        return indexed


@pytest.mark.django_db
def test_a_rebuilt_index_goes_live_in_one_segment_with_refreshes_back_on(contract_services, es_backend):
    backend = RefreshingBackend(es_backend.url, index_prefix=es_backend.alias.removesuffix("-services"))
    assert backend.rebuild(chunk_size=2) == 7
    (name,) = backend._indices_behind_alias()
    shard = backend.client.indices.segments(index=name)["indices"][name]["shards"]["0"][0]
    assert shard["num_search_segments"] == 1
    settings = backend.client.indices.get_settings(index=name)[name]["settings"]["index"]
    assert settings["refresh_interval"] == "1s"
