"""The one query interface for the directory. Views call `parse_query(request.GET)`, then
`find_services(query)`; the ORUK API calls `find_service_ids(query)`.

Which backend answers (Elasticsearch when ELASTICSEARCH_URL is set, else the database) is decided
here, never in views. If Elasticsearch cannot answer, the database backend does, the failure is
logged and the results say `degraded=True` so the page can say they may be incomplete.
"""

import logging

from localoffer.models import MAXIMUM_SERVICE_AGE, ServicePage, Taxonomy, TaxonomyTerm

from . import query as query_module
from . import signals
from .backends import build_backend, get_backend
from .backends.base import SearchUnavailable, prepare
from .query import (
    PAGE_SIZE,
    RADIUS_CHOICES,
    RESULT_WINDOW,
    FacetValue,
    Hit,
    InvalidQuery,
    SearchResults,
    ServiceQuery,
)

__all__ = [
    "PAGE_SIZE",
    "RADIUS_CHOICES",
    "FacetValue",
    "Hit",
    "InvalidQuery",
    "SearchResults",
    "ServiceQuery",
    "autocomplete",
    "find_service_ids",
    "find_services",
    "parse_query",
]
logger = logging.getLogger(__name__)
IDS_LIMIT = RESULT_WINDOW  # the most ids one search returns: Elasticsearch's result window
IDS_MAXIMUM_RADIUS_MILES = 1000  # further than any two places in the UK


def parse_query(params) -> tuple[ServiceQuery, list[str]]:
    """The directory page's GET parameters as a query, and a message for each value out of bounds."""
    codes = TaxonomyTerm.objects.filter(taxonomy__vocabulary__in=[Taxonomy.NEEDS, Taxonomy.CATEGORIES])
    known = {"needs": set(), "categories": set()}
    for vocabulary, code in codes.values_list("taxonomy__vocabulary", "code"):
        known["needs" if vocabulary == Taxonomy.NEEDS else "categories"].add(code)
    known["delivery"] = {value for value, _ in ServicePage.DELIVERY_METHODS}
    return query_module.parse_query(params, known=known, maximum_age=MAXIMUM_SERVICE_AGE)


def _check(query: ServiceQuery, **limits) -> None:
    problems = query_module.query_problems(query, maximum_age=MAXIMUM_SERVICE_AGE, **limits)
    if problems:
        raise InvalidQuery(problems)


def _fallback(error: Exception, action: str):
    logger.warning("Search backend unavailable for %s, using the database backend: %s", action, error)
    return build_backend("database")


def find_services(query: ServiceQuery, *, log: bool = False) -> SearchResults:
    """Search the directory. Never raises because a search backend is down; raises `InvalidQuery`
    for a query out of bounds (`parse_query` reports those to the family first).

    With `log=True` (the directory page) a first-page search is recorded for the analytics report,
    without personal data.
    """
    _check(query)
    prepared = prepare(query)
    backend = get_backend()
    try:
        results = backend.find_services(prepared)
    except SearchUnavailable as error:
        results = _fallback(error, "a search").find_services(prepared)
        results.degraded = True
    if log:
        log_search(results)
    return results


def log_search(results: SearchResults) -> None:
    """Record a first-page search for the analytics report (also when the page came from a cache)."""
    if results.query.page == 1:
        from .analytics import record_search

        record_search(results)


def find_service_ids(query: ServiceQuery) -> list[int]:
    """The page ids of every matching service (at most `IDS_LIMIT`), best match first: no page
    loads, highlights, facets or spelling suggestions. For callers that filter and page the
    services themselves (the ORUK API)."""
    query = ServiceQuery(**{**query.__dict__, "page": 1, "page_size": IDS_LIMIT})
    _check(query, page_size_limit=IDS_LIMIT, maximum_radius_miles=IDS_MAXIMUM_RADIUS_MILES)
    prepared = prepare(query)
    backend = get_backend()
    try:
        return backend.find_ids(prepared, limit=IDS_LIMIT)
    except SearchUnavailable as error:
        return _fallback(error, "a search").find_ids(prepared, limit=IDS_LIMIT)


def autocomplete(prefix: str, limit: int = 8) -> list[str]:
    """Suggestions for the search box as the family types."""
    backend = get_backend()
    try:
        return backend.autocomplete(prefix, limit)
    except SearchUnavailable as error:
        return _fallback(error, "autocomplete").autocomplete(prefix, limit)


def indexing_deferred():
    """A block in which a bulk load's page saves update search once, at the end (see
    `search.signals.deferred`): the directory import's way to keep search current without paying for
    a search-row rewrite on every save."""
    return signals.deferred()
