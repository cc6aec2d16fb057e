"""The Elasticsearch document for a service (elasticsearch-dsl).

Search matches and ranks on terms made in Python by `search.text` (the pipeline the database
backend indexes too): each ranked field's stems (`name_stems` ... `tags_stems`) and all the
service's unstemmed words (`words`), indexed with the core `whitespace` analyzer. So the stemming,
folding and possessives are the same on every node, with or without the analysis-common module
(the integration-test node has none). `summary` and `description` keep the `standard` analyzer
for highlighting; `suggest` feeds autocomplete.
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

from .indexing import index_terms
from .text import FIELD_WEIGHTS, FIELDS


class ServiceDocument(Document):
    page_id = Integer()
    uuid = Keyword()
    title = Text()
    title_sort = Keyword()
    url = Keyword(index=False)
    summary = Text()
    description = Text()
    organization = Text(fields={"raw": Keyword()})
    need_codes = Keyword()
    need_names = Text()
    category_codes = Keyword()
    category_names = Text()
    eligibility = Text()
    name_stems = Text(analyzer="whitespace")
    summary_stems = Text(analyzer="whitespace")
    needs_stems = Text(analyzer="whitespace")
    organization_stems = Text(analyzer="whitespace")
    description_stems = Text(analyzer="whitespace")
    tags_stems = Text(analyzer="whitespace")
    words = Text(analyzer="whitespace")
    ages = IntegerRange()
    is_free = Boolean()
    delivery = Keyword()
    areas = Keyword()
    locations = GeoPoint()  # one point per location; distance is to the nearest (mode "min")
    suggest = Completion(analyzer="simple")


REFRESH_INTERVAL = "1s"  # a live index; a rebuild loads with refreshes off, then sets this

# The ranked fields and their weights: the same as the database backend's (search.text).
BOOSTED_FIELDS = [f"{name}_stems^{FIELD_WEIGHTS[name]:g}" for name in FIELDS]
STEM_FIELDS = [f"{name}_stems" for name in FIELDS]


def index_body() -> dict:
    """Settings and mappings for a new index: only core analyzers, so any node will do."""
    return {
        "settings": {"number_of_shards": 1, "number_of_replicas": 0, "refresh_interval": REFRESH_INTERVAL},
        "mappings": ServiceDocument._doc_type.mapping.to_dict(),
    }


def to_source(document: dict) -> dict:
    """The `_source` for a service dict from `search.indexing.service_document`, with its terms."""
    return ServiceDocument(**document, **index_terms(document)).to_dict()
