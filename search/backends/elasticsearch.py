"""Elasticsearch backend (elasticsearch-dsl). The only module, with search/documents.py, that
imports the Elasticsearch client.

Index layout: documents live in `<prefix>-services-<timestamp>`, read and written through the
alias `<prefix>-services`; `rebuild()` fills a new index and swaps the alias in one atomic call.

Matching and ranking compile the same `QueryPlan` as the database backend (see search/text.py)
over terms made in Python at index time (search/documents.py): a service matches any group; each
group is a `dis_max` of `constant_score` clauses, one per tier, worth COVERAGE + TIER x tier, so
coverage ranks first and then tiers, as on the database; a `multi_match` over the weighted stem
fields adds BM25 to order services that match alike. Facets are `terms` aggregations, each
filtered by the other facets' filters, with the facet filters themselves in `post_filter`, so a
facet's counts show what choosing it would give. Highlighting marks the plan's words in the
summary and description; the response is read as the client's raw dict (docs/search.md, "Where
the time goes").
"""

import functools
import time

import elasticsearch
from elasticsearch import helpers
from elasticsearch_dsl import A, Q, Search

from .. import vocabulary as vocabulary_module
from ..documents import BOOSTED_FIELDS, REFRESH_INTERVAL, STEM_FIELDS, index_body, to_source
from ..indexing import indexable_services, service_document
from ..query import Hit, SearchResults, ServiceQuery
from ..text import COVERAGE, TIER, QueryPlan, Term
from .base import (
    PreparedQuery,
    SearchUnavailable,
    as_miles,
    build_facets,
    merge_suggestions,
    prepare,
    spelling_suggestion,
    term_suggestions,
)

# BM25 over the weighted fields is scaled to be worth about the database backend's RANK (500) for a
# strong match: a tie-breaker between services that match alike, never more than a tier.
RANKING_BOOST = 5.0
FACET_FIELDS = {
    "needs": ("need_codes", 500),
    "categories": ("category_codes", 500),
    "cost": ("is_free", 2),
    "delivery": ("delivery", 20),
    "area": ("areas", 1000),
}
ERRORS = (elasticsearch.ApiError, elasticsearch.TransportError)
SOURCE_FIELDS = ["page_id", "uuid", "title", "url", "summary", "organization"]  # what a Hit shows
FILTER_PATH = [
    "took",  # the node's own time, for bench/search_benchmark.py
    "hits.total.value",
    "hits.hits._source",
    "hits.hits.sort",
    "hits.hits.highlight",
    "aggregations.*.values.buckets.key",
    "aggregations.*.values.buckets.doc_count",
]


def _unavailable_on_error(method):
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except ERRORS as error:
            raise SearchUnavailable(f"Elasticsearch at {self.url}: {error}") from error

    return wrapper


class ElasticsearchBackend:
    name = "elasticsearch"

    def __init__(self, url: str, *, index_prefix: str = "localoffer", refresh=False, timeout: float = 5):
        self.url = url
        self.alias = f"{index_prefix}-services"
        self.refresh = refresh  # "wait_for" in tests: a change is searchable when the call returns
        self.client = elasticsearch.Elasticsearch(url, request_timeout=timeout, max_retries=1, retry_on_timeout=False)

    # Index maintenance
    @_unavailable_on_error
    def is_available(self) -> bool:
        """The integ-test distribution has no `GET /`, so `ping()` is False even when it is up."""
        self.client.cluster.health(timeout="2s")
        return True

    def _create_index(self, name: str, *, bulk_load: bool = False) -> None:
        body = index_body()
        settings = body["settings"]
        if bulk_load:  # no refreshes while a rebuild fills it: fewer, larger segments
            settings = {**settings, "refresh_interval": "-1"}
        self.client.indices.create(index=name, settings=settings, mappings=body["mappings"])

    def _new_index_name(self) -> str:
        return f"{self.alias}-{time.time_ns()}"

    def _indices_behind_alias(self) -> list[str]:
        try:
            return list(self.client.indices.get_alias(name=self.alias).keys())
        except elasticsearch.NotFoundError:
            return []

    @_unavailable_on_error
    def ensure_index(self) -> None:
        if self._indices_behind_alias():
            return
        if self.client.indices.exists(index=self.alias):
            self.client.indices.delete(index=self.alias)  # a stray index under the alias's name
        name = self._new_index_name()
        self._create_index(name)
        self.client.indices.put_alias(index=name, name=self.alias)

    @_unavailable_on_error
    def rebuild(self, progress=None, chunk_size: int = 500) -> int:
        """Index every published service into a new index, then point the alias at it.

        The new index is merged into one segment before it goes live: a search then rewrites its
        fuzzy and prefix clauses against one term dictionary instead of one per segment."""
        name = self._new_index_name()
        self._create_index(name, bulk_load=True)
        count = 0
        try:
            batch = []
            for service in indexable_services().iterator(chunk_size=chunk_size):
                batch.append({"_index": name, "_id": service.pk, "_source": to_source(service_document(service))})
                if len(batch) >= chunk_size:
                    count += self._bulk(batch, progress)
                    batch = []
            if batch:
                count += self._bulk(batch, progress)
            self.client.indices.put_settings(index=name, settings={"refresh_interval": REFRESH_INTERVAL})
            self.client.indices.refresh(index=name)
            # A merge takes seconds at 50,000 services, longer than a search's timeout.
            self.client.options(request_timeout=600).indices.forcemerge(index=name, max_num_segments=1)
        except BaseException:
            self.client.indices.delete(index=name, ignore_unavailable=True)
            raise
        old = self._indices_behind_alias()
        if self.client.indices.exists(index=self.alias) and not old:
            self.client.indices.delete(index=self.alias)
        actions = [{"remove": {"index": index, "alias": self.alias}} for index in old]
        actions.append({"add": {"index": name, "alias": self.alias}})
        self.client.indices.update_aliases(actions=actions)
        for index in old:
            self.client.indices.delete(index=index, ignore_unavailable=True)
        return count

    def _bulk(self, batch, progress) -> int:
        indexed, _ = helpers.bulk(self.client, batch)
        if progress:
            progress(len(batch))
        return indexed

    @_unavailable_on_error
    def update(self, page_id: int) -> None:
        """Index the service if it is published and public; otherwise remove it."""
        service = indexable_services().filter(pk=page_id).first()
        if service is None:
            self.remove(page_id)
            return
        self.ensure_index()
        self.client.index(
            index=self.alias, id=page_id, document=to_source(service_document(service)), refresh=self.refresh
        )

    @_unavailable_on_error
    def remove(self, page_id: int) -> None:
        if not self._indices_behind_alias():
            return
        try:
            self.client.delete(index=self.alias, id=page_id, refresh=self.refresh)
        except elasticsearch.NotFoundError:
            pass

    @_unavailable_on_error
    def count(self) -> int:
        if not self._indices_behind_alias():
            return 0
        return self.client.count(index=self.alias)["count"]

    @_unavailable_on_error
    def indexed_page_ids(self) -> set[int]:
        if not self._indices_behind_alias():
            return set()
        search = Search(using=self.client, index=self.alias).source(["page_id"])
        return {hit.page_id for hit in search.scan()}

    @_unavailable_on_error
    def delete_indices(self) -> None:
        """Remove this prefix's indices (tests clean up their session's indices)."""
        self.client.indices.delete(index=f"{self.alias}*", ignore_unavailable=True, allow_no_indices=True)

    # Querying
    def _search(self, prepared: PreparedQuery) -> Search:
        """The query, filters and sort shared by a results page and an ids-only search."""
        query, plan, origin = prepared.query, prepared.plan, prepared.origin
        filters = []
        if query.age is not None:
            filters.append(Q("term", ages=query.age))
        if origin and prepared.radius_miles:
            filters.append(
                Q(
                    "geo_distance",
                    distance=f"{prepared.radius_miles}mi",
                    distance_type="arc",
                    locations={"lat": origin.latitude, "lon": origin.longitude},
                )
            )
        text_query = self._text_query(plan) if not plan.is_empty else None
        search = Search(index=self.alias).query(Q("bool", must=[text_query] if text_query else [], filter=filters))
        sort, _ = self._sort(prepared)
        return search.sort(*sort)

    @_unavailable_on_error
    def find_ids(self, query, *, limit: int) -> list[int]:
        """Page ids of the matching services, best first: no sources, highlights or aggregations.
        `limit` is at most the index's 10,000-hit result window."""
        prepared = prepare(query)
        search = self._search(prepared)
        facet_filters = self._facet_filters(prepared.query)
        if facet_filters:
            search = search.post_filter(Q("bool", filter=list(facet_filters.values())))
        search = search.source(False).extra(track_total_hits=False)[:limit]
        response = self.client.search(index=self.alias, body=search.to_dict(), filter_path=["hits.hits._id"])
        return [int(hit["_id"]) for hit in response.get("hits", {}).get("hits", [])]

    @_unavailable_on_error
    def find_services(self, query) -> SearchResults:
        prepared = prepare(query)
        query, plan, origin = prepared.query, prepared.plan, prepared.origin
        facet_filters = self._facet_filters(query)
        search = self._search(prepared).extra(track_total_hits=True).source(SOURCE_FIELDS)
        if facet_filters:
            search = search.post_filter(Q("bool", filter=list(facet_filters.values())))
        for name, (field, size) in FACET_FIELDS.items():
            others = [q for other, q in facet_filters.items() if other != name]
            facet = A("filter", Q("bool", filter=others))
            facet.bucket("values", "terms", field=field, size=size)
            search.aggs.bucket(name, facet)
        _, distance_position = self._sort(prepared)
        start = (query.page - 1) * query.page_size
        search = search[start : start + query.page_size]
        if not plan.is_empty:
            search = search.highlight_options(
                pre_tags=["<mark>"],
                post_tags=["</mark>"],
                encoder="html",
                require_field_match=False,
                highlight_query=self._highlight_query(plan).to_dict(),
            )
            search = search.highlight("summary", number_of_fragments=0)
            search = search.highlight("description", fragment_size=160, number_of_fragments=1)
        # The client's raw dict, trimmed by `filter_path` and `_source` filtering: no description
        # text to send and decode for each hit, and no elasticsearch-dsl Response/AttrDict wrapping.
        # Searches without words (the filter pages) repeat, so the shard request cache may answer
        # them; a refresh that changes the index drops it, so a cached answer is never stale.
        options = {"request_cache": True, "preference": "directory-filters"} if plan.is_empty else {}
        response = self.client.search(index=self.alias, body=search.to_dict(), filter_path=FILTER_PATH, **options)

        hits_section = response.get("hits", {})
        hits = [self._hit(hit, distance_position) for hit in hits_section.get("hits", [])]
        counts = {name: {} for name in FACET_FIELDS}
        aggregations = response.get("aggregations", {})
        for name in FACET_FIELDS:
            for bucket in aggregations.get(name, {}).get("values", {}).get("buckets", []):
                key = bucket["key"]
                if name == "cost":
                    key = "free" if key in (1, True, "true") else "paid"
                counts[name][key] = bucket["doc_count"]
        return SearchResults(
            query=query,
            hits=hits,
            total=hits_section["total"]["value"],
            facets=build_facets(query, counts),
            suggestion=spelling_suggestion(plan, vocabulary_module.current()) if plan.unknown_words else "",
            messages=prepared.messages,
            location_label=origin.label if origin else "",
        )

    @_unavailable_on_error
    def autocomplete(self, prefix: str, limit: int = 8) -> list[str]:
        """Need names and glossary terms, then service titles from the completion suggester (whose
        inputs include each word onwards of the title, so "outr" finds "Autism Outreach Team")."""
        if len(prefix.strip()) < 2:
            return []
        search = Search(using=self.client, index=self.alias).extra(size=0)
        search = search.suggest(
            "complete",
            prefix.strip().lower(),
            completion={"field": "suggest", "size": limit, "skip_duplicates": True},
        )
        response = search.execute()
        titles = [option._source.title for option in response.suggest.complete[0].options]
        return merge_suggestions(term_suggestions(prefix), sorted(titles, key=str.lower), limit=limit)

    # Helpers
    @staticmethod
    def _term_query(term: Term):
        if term.stemmed:
            return Q("multi_match", query=" ".join(term.words), type="phrase", fields=STEM_FIELDS)
        if term.prefix:
            return Q("prefix", words=term.words[0])
        return Q("term", words=term.words[0])

    def _text_query(self, plan: QueryPlan):
        """A service matches any group. Each group scores COVERAGE + TIER x its best tier matched
        (a `dis_max` of constant scores, one per tier), as the database backend counts them; BM25
        over the weighted stem fields orders services that match alike."""
        groups = []
        for group in plan.groups:
            by_tier: dict[float, list] = {}
            for term in group.terms:
                by_tier.setdefault(term.tier, []).append(self._term_query(term))
            clauses = [
                Q(
                    "constant_score",
                    filter=queries[0] if len(queries) == 1 else Q("bool", should=queries, minimum_should_match=1),
                    boost=COVERAGE + TIER * tier,
                )
                for tier, queries in by_tier.items()
            ]
            groups.append(Q("dis_max", queries=clauses, tie_breaker=0))
        stems = " ".join(word for group in plan.groups for term in group.terms if term.stemmed for word in term.words)
        ranking = Q("multi_match", query=stems, fields=BOOSTED_FIELDS, type="most_fields", boost=RANKING_BOOST)
        return Q("bool", must=[Q("bool", should=groups, minimum_should_match=1)], should=[ranking])

    def _highlight_query(self, plan: QueryPlan):
        """What the highlighter marks in the summary and description: the words the plan matched
        (as typed, every surface form of a matched stem in the directory, typos' corrections), and
        the start of a word still being typed; the same words the database backend marks."""
        words = sorted(plan.highlight_words)
        should = [Q("terms", summary=words), Q("terms", description=words)] if words else []
        for group in plan.groups:
            for term in group.terms:
                if term.prefix:
                    should += [Q("prefix", summary=term.words[0]), Q("prefix", description=term.words[0])]
        return Q("bool", should=should or [Q("match_none")])

    def _facet_filters(self, query: ServiceQuery) -> dict:
        filters = {}
        if query.needs:
            filters["needs"] = Q("terms", need_codes=query.needs)
        if query.categories:
            filters["categories"] = Q("terms", category_codes=query.categories)
        if query.cost in {"free", "paid"}:
            filters["cost"] = Q("term", is_free=query.cost == "free")
        if query.delivery:
            filters["delivery"] = Q("terms", delivery=query.delivery)
        if query.area:
            filters["area"] = Q("term", areas=query.area)
        return filters

    def _sort(self, prepared: PreparedQuery) -> tuple[list, int | None]:
        by_name = [{"title_sort": {"order": "asc"}}, {"page_id": {"order": "asc"}}]
        geo = None
        if prepared.origin:
            geo = {
                "_geo_distance": {
                    "locations": {"lat": prepared.origin.latitude, "lon": prepared.origin.longitude},
                    "order": "asc",
                    "unit": "mi",
                    "mode": "min",
                    "distance_type": "arc",
                    "ignore_unmapped": True,
                }
            }
        if prepared.sort == "distance":
            return [geo, *by_name], 0
        sort = ["_score", *by_name] if prepared.sort == "relevance" else by_name
        if geo:
            return [*sort, geo], len(sort)
        return sort, None

    def _hit(self, hit: dict, distance_position) -> Hit:
        distance = None
        if distance_position is not None:
            value = hit["sort"][distance_position]
            distance = as_miles(float(value)) if value not in (None, "Infinity") else None
        snippet = ""
        highlight = hit.get("highlight")
        if highlight:
            if "summary" in highlight:
                snippet = highlight["summary"][0]
            elif "description" in highlight:
                snippet = f"… {highlight['description'][0]} …"
        source = hit["_source"]
        return Hit(
            page_id=source["page_id"],
            uuid=source["uuid"],
            title=source["title"],
            url=source.get("url", ""),
            summary=source.get("summary", ""),
            organization=source.get("organization", ""),
            distance_miles=distance,
            highlight=snippet,
        )
