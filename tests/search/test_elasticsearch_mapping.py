"""The index definition: core analyzers on the test node, English stemming where the node has it."""

import pytest

from search.backends.elasticsearch import ElasticsearchBackend
from search.documents import REFRESH_INTERVAL, index_body, to_source
from search.indexing import title_suggestions


def test_core_definition_uses_only_core_analyzers_and_typed_fields():
    mappings = index_body(stemming=False)["mappings"]["properties"]
    assert mappings["ages"] == {"type": "integer_range"}
    assert mappings["locations"] == {"type": "geo_point"}
    assert mappings["need_codes"] == {"type": "keyword"}
    assert mappings["suggest"] == {"type": "completion", "analyzer": "simple"}
    assert mappings["title"] == {"type": "text", "copy_to": "all_text"}
    assert "fields" not in mappings["all_text"]


def test_stemming_definition_adds_an_english_subfield():
    mappings = index_body(stemming=True)["mappings"]["properties"]
    assert mappings["all_text"]["fields"] == {"english": {"type": "text", "analyzer": "english"}}


def test_both_definitions_share_the_settings_a_rebuild_restores():
    assert index_body(stemming=True)["settings"] == index_body(stemming=False)["settings"]
    assert index_body(stemming=False)["settings"]["refresh_interval"] == REFRESH_INTERVAL == "1s"


def test_the_test_node_has_no_analysis_common_module(es_backend):
    assert es_backend.has_stemming() is False


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
