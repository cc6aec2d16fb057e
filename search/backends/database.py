"""Database search backend: the embedded default (SQLite), and PostgreSQL without Elasticsearch.

It searches its own table, `search.models.SearchEntry`: one row per live, public service with each
ranked field's stems and all the service's unstemmed words (`search.text`'s pipeline, the same
terms Elasticsearch indexes), and everything a search filters, counts, sorts and measures by, in
narrow columns. `search/entries.py` builds the rows; `search/signals.py` keeps them in step.

One search is one SQL query over that table:

- Text uses the database's own full-text index, compiled from the `QueryPlan`: a service matches
  when it matches any term of any group. SQLite's FTS5 ranks with `bm25()` and column weights
  (search.text.FIELD_WEIGHTS); PostgreSQL with `ts_rank_cd` over a tsvector weighted A to D, one
  rank per group weighted by BM25's inverse document frequency (ts_rank_cd has none). For
  each group and tier, an indexed sub-query says whether the row matches it, so coverage and tiers
  are counted in the same query. Every word is quoted, and words are only ever letters and digits,
  so nothing a family types can break the query syntax.
- Age filters in SQL (it applies to every count); with a radius, a bounding box narrows the rows.
- Python does the rest over the narrow columns: the other filters, each facet's counts with every
  *other* filter applied, haversine distances, the total and the sort (relevance: coverage, then
  tiers, then BM25; name; distance).

Only the page of up to `page_size` hits is then loaded from ServicePage (one query), so the number
of SQL queries per results page is constant (tests/search/test_directory_search.py).
"""

import math
from collections import Counter
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from localoffer.models import ServicePage

from .. import vocabulary as vocabulary_module
from ..entries import parse_points, rebuild_entries, sync_entries
from ..indexing import description_text
from ..models import SearchEntry
from ..query import Hit, SearchResults
from ..text import COVERAGE, FIELD_WEIGHTS, FIELDS, RANK, TIER, QueryPlan, Term, highlight, tokenize
from .base import (
    FACETS,
    as_miles,
    bounding_box,
    build_facets,
    merge_suggestions,
    miles_between,
    prepare,
    spelling_suggestion,
    term_suggestions,
)

FACET_BITS = {name: 1 << position for position, name in enumerate(FACETS)}
TABLE = "search_searchentry"
FTS_TABLE = "search_searchentry_fts"
STEM_COLUMNS = tuple(f"{name}_stems" for name in FIELDS)
# PostgreSQL's ts_rank_cd weights, in its {D, C, B, A} order: description and audience tags D,
# needs, categories and organisation C, summary B, name A (search/migrations/0004).
POSTGRESQL_WEIGHTS = "{0.1, 0.3, 0.5, 1.0}"
# ts_rank_cd's normalisation: 1 divides by 1 + log(the service's number of words), standing in
# for BM25's document length normalisation.
POSTGRESQL_NORMALIZATION = 1
COLUMNS = ["page_id", "title_sort", "is_free", "need_codes", "category_codes", "delivery_methods", "areas", "points"]


class TextSearchUnsupported(Exception):
    """The database has no full-text index the backend knows (only SQLite and PostgreSQL do)."""


def fts5_term(term: Term) -> str:
    quoted = '"' + " ".join(term.words).replace('"', '""') + '"'
    if term.stemmed:
        return "{" + " ".join(STEM_COLUMNS) + "} : " + quoted
    return "words : " + quoted + ("*" if term.prefix else "")


def fts5_query(terms: list[Term]) -> str:
    """An FTS5 MATCH expression: any of the terms, e.g. `words : "autism" OR {...} : "autism"`."""
    return " OR ".join(fts5_term(term) for term in terms)


def tsquery(terms: list[Term]) -> str:
    """A PostgreSQL tsquery over the same terms: `'speech' <-> 'therapi' | 'salt'`."""

    def quote(word: str) -> str:
        return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"

    return " | ".join(" <-> ".join(quote(w) for w in term.words) + (":*" if term.prefix else "") for term in terms)


def _tiers(plan: QueryPlan) -> list[list[tuple[float, list[Term]]]]:
    """For each group, its tiers best first, each with its terms."""
    groups = []
    for group in plan.groups:
        by_tier: dict[float, list[Term]] = {}
        for term in group.terms:
            by_tier.setdefault(term.tier, []).append(term)
        groups.append(sorted(by_tier.items(), key=lambda item: -item[0]))
    return groups


def text_search_sql(plan: QueryPlan) -> tuple[str, str, str, list, list]:
    """(FROM clause, WHERE condition, extra SELECT columns, their params, WHERE params) for a plan."""
    groups = _tiers(plan)
    every_term = [term for group in plan.groups for term in group.terms]
    select_params: list = []
    if connection.vendor == "sqlite":
        weights = ", ".join(str(FIELD_WEIGHTS[name]) for name in FIELDS) + ", 0.0"
        columns = [f"bm25({FTS_TABLE}, {weights})"]
        for tiers in groups:
            cases = []
            for tier, terms in tiers:
                cases.append(
                    f"WHEN e.page_id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s) THEN {tier}"
                )
                select_params.append(fts5_query(terms))
            columns.append("CASE " + " ".join(cases) + " ELSE 0 END")
        source = f"{FTS_TABLE} JOIN {TABLE} e ON e.page_id = {FTS_TABLE}.rowid"
        return source, f"{FTS_TABLE} MATCH %s", ", ".join(columns), select_params, [fts5_query(every_term)]
    if connection.vendor == "postgresql":

        def matches(terms: list[Term]) -> tuple[str, list]:
            conditions, params = [], []
            stemmed = [t for t in terms if t.stemmed]
            exact = [t for t in terms if not t.stemmed]
            if stemmed:
                conditions.append("e.stems_vector @@ to_tsquery('simple', %s)")
                params.append(tsquery(stemmed))
            if exact:
                conditions.append("e.words_vector @@ to_tsquery('simple', %s)")
                params.append(tsquery(exact))
            return "(" + " OR ".join(conditions) + ")", params

        # ts_rank_cd knows nothing of how common a word is, so each group gets its own rank, and
        # Python weighs them by BM25's inverse document frequency (see `_weighted_ranks`).
        columns = [f"(SELECT count(*) FROM {TABLE})"]
        for group in plan.groups:
            weights, normalization = POSTGRESQL_WEIGHTS, POSTGRESQL_NORMALIZATION
            columns.append(f"ts_rank_cd('{weights}', e.stems_vector, to_tsquery('simple', %s), {normalization})")
            select_params.append(tsquery([t for t in group.terms if t.stemmed]))
        for tiers in groups:
            cases = []
            for tier, terms in tiers:
                condition, params = matches(terms)
                # A bare 0.9 is numeric on PostgreSQL (a Decimal in Python): say float8.
                cases.append(f"WHEN {condition} THEN {tier}::float8")
                select_params += params
            columns.append("CASE " + " ".join(cases) + " ELSE 0 END")
        condition, params = matches(every_term)
        return f"{TABLE} e", condition, ", ".join(columns), select_params, params
    raise TextSearchUnsupported(f"The database backend cannot search text on {connection.vendor}")


def nearest_miles(origin, points: str) -> float | None:
    nearest = None
    for latitude, longitude in parse_points(points):
        miles = miles_between(origin.latitude, origin.longitude, latitude, longitude)
        if nearest is None or miles < nearest:
            nearest = miles
    return nearest


def _weighted_ranks(rows: list[tuple], first: int, group_count: int) -> list[tuple]:
    """PostgreSQL rows (columns, N, each group's ts_rank_cd, each group's tier) as (columns, rank,
    each group's tier): the groups' ranks summed, each weighted by BM25's inverse document
    frequency, ln(1 + (N - n + 0.5) / (n + 0.5)), where n is how many services match the group
    (counted over the rows found, which hold every service matching any group)."""
    total = rows[0][first]
    tiers_at = first + 1 + group_count
    matching = [sum(1 for row in rows if row[tiers_at + g]) for g in range(group_count)]
    weights = [math.log(1 + (total - n + 0.5) / (n + 0.5)) for n in matching]
    weighted = []
    for row in rows:
        ranks = row[first + 1 : tiers_at]
        rank = sum(weight * r for weight, r in zip(weights, ranks, strict=True))
        weighted.append((*row[:first], rank, *row[tiers_at:]))
    return weighted


@dataclass
class Match:
    score: float
    title: str
    pk: int
    miles: float | None
    points: str
    rank: float = 0.0  # BM25 (SQLite) or ts_rank_cd (PostgreSQL), higher is better


class DatabaseBackend:
    name = "database"

    # Index maintenance: the search table (search/entries.py)
    def rebuild(self, progress=None) -> int:
        return rebuild_entries(progress)

    def update(self, page_id: int) -> None:
        sync_entries([page_id])

    def remove(self, page_id: int) -> None:
        sync_entries([page_id])

    def count(self) -> int:
        return SearchEntry.objects.count()

    def indexed_page_ids(self) -> set[int]:
        return set(SearchEntry.objects.values_list("pk", flat=True))

    # Querying
    def _matches(self, prepared, *, count_facets: bool) -> tuple[list[Match], dict[str, Counter]]:
        """Every service matching the query and its filters, sorted, and the facet counts."""
        query, plan, origin = prepared.query, prepared.plan, prepared.origin
        radius = prepared.radius_miles if origin else None
        source, conditions, params = f"{TABLE} e", [], []
        extra, extra_params = "", []
        if not plan.is_empty:
            source, condition, extra, extra_params, where_params = text_search_sql(plan)
            conditions.append(condition)
            params += where_params
        if query.age is not None:
            conditions.append("e.minimum_age <= %s AND e.maximum_age >= %s")
            params += [query.age, query.age]
        if radius:
            south, north, west, east = bounding_box(origin, radius)
            conditions.append(
                "e.latitude_min <= %s AND e.latitude_max >= %s AND e.longitude_min <= %s AND e.longitude_max >= %s"
            )
            params += [north, south, east, west]
        sql = "SELECT " + ", ".join(f"e.{c}" for c in COLUMNS) + (f", {extra}" if extra else "") + f" FROM {source}"
        if conditions:
            sql += " WHERE " + " AND ".join(conditions)

        wanted = {"needs": set(query.needs), "categories": set(query.categories), "delivery": set(query.delivery)}
        cost = query.cost if query.cost in {"free", "paid"} else ""
        area = query.area.upper()
        measure_every_row = origin is not None and (radius or prepared.sort == "distance")
        counts: dict[str, Counter] = {name: Counter() for name in FACETS}
        matched: list[Match] = []
        ranks = []
        with connection.cursor() as cursor:
            cursor.execute(sql, extra_params + params)
            rows = cursor.fetchall()
        if rows and not plan.is_empty and connection.vendor == "postgresql":
            rows = _weighted_ranks(rows, len(COLUMNS), len(plan.groups))
        for pk, title, is_free, needs, categories, delivery, areas, points, *scores in rows:
            miles = None
            if measure_every_row:
                miles = nearest_miles(origin, points) if points else None
                if radius and (miles is None or miles > radius):
                    continue
            values = {
                "needs": needs.split(),
                "categories": categories.split(),
                "cost": ["free" if is_free else "paid"],
                "delivery": delivery.split(),
                "area": areas.split(),
            }
            missed = 0
            for name in ("needs", "categories", "delivery"):
                if wanted[name] and wanted[name].isdisjoint(values[name]):
                    missed |= FACET_BITS[name]
            if cost and values["cost"][0] != cost:
                missed |= FACET_BITS["cost"]
            if area and area not in values["area"]:
                missed |= FACET_BITS["area"]
            if missed == 0:
                score = 0.0
                if scores:
                    # bm25() is lower for better matches; ts_rank_cd higher.
                    rank = -scores[0] if connection.vendor == "sqlite" else scores[0]
                    tiers = [tier for tier in scores[1:] if tier]
                    score = COVERAGE * len(tiers) + TIER * sum(tiers)
                    ranks.append(rank)
                    score_rank = rank
                else:
                    score_rank = 0.0
                matched.append(Match(score, title, pk, miles, points, score_rank))
                if count_facets:
                    for name in FACETS:
                        counts[name].update(values[name])
            elif count_facets and missed & (missed - 1) == 0:  # only one facet's filter fails
                name = FACETS[missed.bit_length() - 1]
                counts[name].update(values[name])

        if prepared.sort == "distance":
            matched.sort(key=lambda m: (m.miles if m.miles is not None else float("inf"), m.title, m.pk))
        elif prepared.sort == "relevance":
            best = max(ranks, default=0) or 1.0
            for match in matched:
                match.score += RANK * max(0.0, match.rank) / best
            matched.sort(key=lambda m: (-m.score, m.title, m.pk))
        else:
            matched.sort(key=lambda m: (m.title, m.pk))
        return matched, counts

    def find_ids(self, query, *, limit: int) -> list[int]:
        """Page ids of the matching services, best first: no page loads, highlights or facets."""
        matched, _ = self._matches(prepare(query), count_facets=False)
        return [match.pk for match in matched[:limit]]

    def find_services(self, query) -> SearchResults:
        prepared = prepare(query)
        query, plan, origin = prepared.query, prepared.plan, prepared.origin
        matched, counts = self._matches(prepared, count_facets=True)
        start = (query.page - 1) * query.page_size
        page_rows = matched[start : start + query.page_size]

        services = {}
        if page_rows:
            page_ids = [match.pk for match in page_rows]
            services = {s.pk: s for s in ServicePage.objects.filter(pk__in=page_ids).select_related("organization")}
        distances = None
        if origin is not None:
            measured = prepared.radius_miles or prepared.sort == "distance"
            distances = {m.pk: m.miles if measured else nearest_miles(origin, m.points) for m in page_rows if m.points}
        hits = [self._hit(services[m.pk], plan, distances) for m in page_rows if m.pk in services]
        return SearchResults(
            query=query,
            hits=hits,
            total=len(matched),
            facets=build_facets(query, {name: dict(counter) for name, counter in counts.items()}),
            suggestion=self._suggestion(plan),
            messages=prepared.messages,
            location_label=origin.label if origin else "",
        )

    def autocomplete(self, prefix: str, limit: int = 8) -> list[str]:
        """Need names and glossary terms, then service titles with words starting with the prefix."""
        words = tokenize(prefix)
        if not words or len(prefix.strip()) < 2:
            return []
        titles = (
            SearchEntry.objects.filter(
                RawSQL(
                    f'(\' \' || "{TABLE}"."title_words") LIKE %s',
                    [f"% {' '.join(words)}%"],
                    output_field=BooleanField(),
                )
            )
            .order_by("title_sort", "pk")
            .values_list("page__title", flat=True)[:limit]
        )
        return merge_suggestions(term_suggestions(prefix), list(titles), limit=limit)

    # Helpers
    def _hit(self, service, plan: QueryPlan, distances) -> Hit:
        snippet = highlight(service.summary, plan) or highlight(description_text(service.description), plan, around=160)
        return Hit(
            page_id=service.pk,
            uuid=str(service.uuid),
            title=service.title,
            url=service.url,
            summary=service.summary,
            organization=service.organization.name,
            distance_miles=as_miles(distances.get(service.pk)) if distances is not None else None,
            highlight=snippet,
        )

    def _suggestion(self, plan: QueryPlan) -> str:
        return spelling_suggestion(plan, vocabulary_module.current()) if plan.unknown_words else ""
