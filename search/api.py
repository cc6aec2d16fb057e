"""The one query interface for the directory. Views call `find_services(ServiceQuery(...))`.

Which backend answers (Elasticsearch when ELASTICSEARCH_URL is set, else the database) is decided
here, never in views. If Elasticsearch cannot answer, the database backend does, the failure is
logged and the results say `degraded=True` so the page can say they may be incomplete.
"""

import logging
from dataclasses import dataclass, field
from decimal import Decimal

PAGE_SIZE = 20
RADIUS_CHOICES = (1, 3, 5, 10)
logger = logging.getLogger(__name__)


@dataclass
class ServiceQuery:
    text: str = ""
    needs: list[str] = field(default_factory=list)  # taxonomy term codes
    categories: list[str] = field(default_factory=list)
    age: int | None = None
    cost: str = ""  # "free" or "paid"
    delivery: list[str] = field(default_factory=list)
    area: str = ""  # a postcode district (outcode) where the service has a location, e.g. NW5
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
    distance_miles: Decimal | None = None  # to the service's nearest location, 2 decimal places
    highlight: str = ""  # HTML-escaped text with <mark> around matching words


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
    location_label: str = ""  # the postcode or outcode distances are measured from

    @property
    def page_count(self) -> int:
        return max(1, -(-self.total // self.query.page_size))


def get_backend():
    from .backends import get_backend as _get_backend

    return _get_backend()


def _fallback(error: Exception, action: str):
    from .backends.database import DatabaseBackend

    logger.warning("Search backend unavailable for %s, using the database backend: %s", action, error)
    return DatabaseBackend()


def find_services(query: ServiceQuery, *, log: bool = False) -> SearchResults:
    """Search the directory. Never raises because a search backend is down.

    With `log=True` (the directory page) a first-page search is recorded for the analytics report,
    without personal data.
    """
    from .backends.base import SearchUnavailable

    backend = get_backend()
    try:
        results = backend.find_services(query)
    except SearchUnavailable as error:
        results = _fallback(error, "a search").find_services(query)
        results.degraded = True
    if log:
        log_search(results)
    return results


def log_search(results: SearchResults) -> None:
    """Record a first-page search for the analytics report (also when the page came from a cache)."""
    if results.query.page == 1:
        from .analytics import record_search

        record_search(results)


def autocomplete(prefix: str, limit: int = 8) -> list[str]:
    """Suggestions for the search box as the family types."""
    from .backends.base import SearchUnavailable

    backend = get_backend()
    try:
        return backend.autocomplete(prefix, limit)
    except SearchUnavailable as error:
        return _fallback(error, "autocomplete").autocomplete(prefix, limit)
