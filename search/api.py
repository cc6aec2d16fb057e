"""The one query interface for the directory. Views call `find_services(ServiceQuery(...))`.

Which backend answers (Elasticsearch when ELASTICSEARCH_URL is set, else the database) is decided
here, never in views.
"""

from dataclasses import dataclass, field
from decimal import Decimal

PAGE_SIZE = 20


@dataclass
class ServiceQuery:
    text: str = ""
    needs: list[str] = field(default_factory=list)  # taxonomy term codes
    categories: list[str] = field(default_factory=list)
    age: int | None = None
    cost: str = ""  # "free" or "paid"
    delivery: list[str] = field(default_factory=list)
    postcode: str = ""
    radius_miles: float | None = None
    sort: str = "relevance"  # relevance, distance, name
    page: int = 1
    page_size: int = PAGE_SIZE


@dataclass
class Hit:
    page_id: int
    uuid: str
    title: str
    url: str
    summary: str
    organization: str
    distance_miles: Decimal | None = None
    highlight: str = ""


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class SearchResults:
    query: ServiceQuery
    hits: list[Hit]
    total: int
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    suggestion: str = ""
    messages: list[str] = field(default_factory=list)
    degraded: bool = False

    @property
    def page_count(self) -> int:
        return max(1, -(-self.total // self.query.page_size))


def get_backend():
    from .backends import get_backend as _get_backend

    return _get_backend()


def find_services(query: ServiceQuery) -> SearchResults:
    return get_backend().find_services(query)
