"""The Elasticsearch document for a service (elasticsearch-dsl).

Text fields are copied into `all_text`, which the query matches word by word (as the database
backend does); the separate fields carry the boosts for ranking. Analysis uses only Elasticsearch's
core analyzers (`standard`, `simple`), which every distribution has; where the node has the
analysis-common module, `all_text.english` adds English stemming for ranking (see `index_body`).
"""

from elasticsearch_dsl import (
    Boolean,
    Completion,
    Document,
    GeoPoint,
    Integer,
    IntegerRange,
    Keyword,
    Text,
)


class ServiceDocument(Document):
    page_id = Integer()
    uuid = Keyword()
    title = Text(copy_to="all_text")
    title_sort = Keyword()
    url = Keyword(index=False)
    summary = Text(copy_to="all_text")
    description = Text(copy_to="all_text")
    organization = Text(copy_to="all_text", fields={"raw": Keyword()})
    need_codes = Keyword()
    need_names = Text(copy_to="all_text")
    category_codes = Keyword()
    category_names = Text(copy_to="all_text")
    all_text = Text()
    ages = IntegerRange()
    is_free = Boolean()
    delivery = Keyword()
    areas = Keyword()
    locations = GeoPoint()  # one point per location; distance is to the nearest (mode "min")
    suggest = Completion(analyzer="simple")


REFRESH_INTERVAL = "1s"  # a live index; a rebuild loads with refreshes off, then sets this

BOOSTED_FIELDS = [
    "title^5",
    "need_names^3",
    "category_names^2",
    "summary^2",
    "organization^2",
    "description",
]


def index_body(*, stemming: bool) -> dict:
    """Settings and mappings for a new index. `stemming` needs the analysis-common module."""
    mappings = ServiceDocument._doc_type.mapping.to_dict()
    if stemming:
        mappings["properties"]["all_text"]["fields"] = {"english": {"type": "text", "analyzer": "english"}}
    return {
        "settings": {"number_of_shards": 1, "number_of_replicas": 0, "refresh_interval": REFRESH_INTERVAL},
        "mappings": mappings,
    }


def to_source(document: dict) -> dict:
    """The `_source` for a service dict from `search.indexing.service_document`."""
    return ServiceDocument(**document).to_dict()
