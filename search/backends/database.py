"""Database search backend: the embedded default (SQLite), and PostgreSQL without Elasticsearch.

It searches its own table, `search.models.SearchEntry`: one row per live, public service with each
ranked field's stems and all the service's unstemmed words (`search.text`'s pipeline, the same
terms Elasticsearch indexes), and everything a search filters, counts, sorts and measures by, in
narrow columns. `search/entries.py` builds the rows; `search/signals.py` keeps them in step.

One search is one SQL query over that table:

- Text uses the database's own full-text index, compiled from the `QueryPlan`: a service matches
  when it matches any term of any group. SQLite's FTS5 ranks with `bm25()` and column weights
  (search.text.FIELD_WEIGHTS); PostgreSQL with `ts_rank` over a tsvector weighted A to D, one
  rank per group weighted by BM25's inverse document frequency (ts_rank has none). (`ts_rank_cd`,
  cover density, until 2026-12-05: it cost 60-80 ms of SQL for a common word's thousands of matches,
  against 10 for `ts_rank`, and the tiers below already reward words found together.) For
  each group and tier, an indexed sub-query says whether the row matches it, so coverage and tiers
  are counted in the same query. Every word is quoted, and words are only ever letters and digits,
  so nothing a family types can break the query syntax.
- Age filters in SQL with the text (it applies to every count); with a radius, a bounding box
  narrows the rows. Without words or a radius no SQL searches at all.
- The other filters and each facet's counts with every *other* filter applied are intersections of
  per-value bit sets of services cached per version of the table (`term_sets.py`); Python measures
  haversine distances and sorts the matching services (relevance: coverage, then tiers, then BM25;
  name; distance).

Only the page of up to `page_size` hits is then loaded from ServicePage (one query), so the number
of SQL queries per results page is constant (tests/search/test_directory_search.py).
"""

import math

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
from .term_sets import TOKEN_SQL, bits, current_token, has, term_sets

TABLE = "search_searchentry"
FTS_TABLE = "search_searchentry_fts"
STEM_COLUMNS = tuple(f"{name}_stems" for name in FIELDS)
# PostgreSQL's ts_rank weights, in its {D, C, B, A} order: description and audience tags D,
# needs, categories and organisation C, summary B, name A (search/migrations/0004).
POSTGRESQL_WEIGHTS = "{0.1, 0.3, 0.5, 1.0}"
# ts_rank's normalisation: 1 divides by 1 + log(the service's number of words), standing in
# for BM25's document length normalisation.
POSTGRESQL_NORMALIZATION = 1


class _SiteRootPaths:
    """Where Wagtail keeps the sites' root paths while links to several pages are made (it reads
    them from the shared cache otherwise, once per link). Not a request: no current site."""

    _wagtail_site = None


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


def text_search_sql(plan: QueryPlan, *, ranked: bool = True) -> tuple[str, str, str, list, list]:
    """(FROM clause, WHERE condition, extra SELECT columns, their params, WHERE params) for a plan.
    Unranked (results sorted by name or distance), no rank or tier columns are asked for: working
    out a rank for every matching row was most of a text search's time on PostgreSQL."""
    groups = _tiers(plan)
    every_term = [term for group in plan.groups for term in group.terms]
    select_params: list = []
    if connection.vendor == "sqlite" and not ranked:
        source = f"{FTS_TABLE} JOIN {TABLE} e ON e.page_id = {FTS_TABLE}.rowid"
        return source, f"{FTS_TABLE} MATCH %s", "", [], [fts5_query(every_term)]
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

        any_term, any_term_params = matches(every_term)
        if not ranked:
            return f"{TABLE} e", any_term, "", [], any_term_params
        # ts_rank knows nothing of how common a word is, so each group gets its own rank, and
        # Python weighs them by BM25's inverse document frequency (see `_scored`).
        columns = []
        for group in plan.groups:
            weights, normalization = POSTGRESQL_WEIGHTS, POSTGRESQL_NORMALIZATION
            columns.append(f"ts_rank('{weights}', e.stems_vector, to_tsquery('simple', %s), {normalization})")
            select_params.append(tsquery([t for t in group.terms if t.stemmed]))
        for tiers in groups:
            cases = []
            for tier, terms in tiers:
                condition, params = matches(terms)
                # A bare 0.9 is numeric on PostgreSQL (a Decimal in Python): say float8.
                cases.append(f"WHEN {condition} THEN {tier}::float8")
                select_params += params
            columns.append("CASE " + " ".join(cases) + " ELSE 0 END")
        return f"{TABLE} e", any_term, ", ".join(columns), select_params, any_term_params
    raise TextSearchUnsupported(f"The database backend cannot search text on {connection.vendor}")


def nearest_miles(origin, points: str) -> float | None:
    return _nearest(origin, parse_points(points))


def _nearest(origin, pairs: list[tuple[float, float]]) -> float | None:
    nearest = None
    for latitude, longitude in pairs:
        miles = miles_between(origin.latitude, origin.longitude, latitude, longitude)
        if nearest is None or miles < nearest:
            nearest = miles
    return nearest


def _scored(rows: list[tuple], group_count: int, total: int, vendor: str) -> tuple[list, list, list]:
    """Ranked rows (page id, token, then the backend's rank columns, then each group's tier) as three
    columns: page ids, ranks (higher is better) and each row's coverage-and-tier score,
    COVERAGE x the groups matched + TIER x the sum of their tiers.

    SQLite gives one bm25() (lower is better). PostgreSQL gives each group's ts_rank, summed here,
    each weighted by BM25's inverse document frequency, ln(1 + (N - n + 0.5) / (n + 0.5)), where N
    is how many services there are and n how many match the group (counted over the rows found,
    which hold every service matching any group). Worked column by column (`zip(*rows)`): a common
    word matches thousands of services, and a loop per row was a fifth of its search."""
    columns = list(zip(*rows, strict=True))
    tiers = columns[-group_count:]
    if vendor == "postgresql":
        ranks = [0.0] * len(rows)
        for column, tier_column in zip(columns[2 : 2 + group_count], tiers, strict=True):
            n = len(tier_column) - tier_column.count(0)
            weight = math.log(1 + (total - n + 0.5) / (n + 0.5))
            ranks = [so_far + weight * rank for so_far, rank in zip(ranks, column, strict=True)]
    else:
        ranks = [-rank for rank in columns[2]]
    matched = [0] * len(rows)
    tier_sums = [0] * len(rows)
    for tier_column in tiers:
        matched = [m + 1 if tier else m for m, tier in zip(matched, tier_column, strict=True)]
        tier_sums = [so_far + tier for so_far, tier in zip(tier_sums, tier_column, strict=True)]
    scores = [COVERAGE * m + TIER * t for m, t in zip(matched, tier_sums, strict=True)]
    return columns[0], ranks, scores


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
    def _matches(self, prepared, *, count_facets: bool):
        """Every service matching the query and its filters, sorted, and the facet counts.

        Returns (the term sets, the matching services' bits best first, miles by bit where measured,
        {facet: {value: count}}). SQL finds the services matching the text (with the age and the
        radius's bounding box); the other filters and every facet's counts are intersections of
        the cached term sets (search/backends/term_sets.py)."""
        query, plan, origin = prepared.query, prepared.plan, prepared.origin
        radius = prepared.radius_miles if origin else None
        counts: dict[str, dict[str, int]] = {name: {} for name in FACETS}

        candidates = None  # [(bit, scores)] when SQL chose the rows; None for every service
        if not plan.is_empty or radius:
            source, conditions, params = f"{TABLE} e", [], []
            extra, extra_params = "", []
            wants_rank = prepared.sort == "relevance"
            if not plan.is_empty:
                source, condition, extra, extra_params, where_params = text_search_sql(plan, ranked=wants_rank)
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
            sql = f"SELECT e.page_id, {TOKEN_SQL}" + (f", {extra}" if extra else "") + f" FROM {source}"
            sql += " WHERE " + " AND ".join(conditions)
            with connection.cursor() as cursor:
                cursor.execute(sql, extra_params + params)
                rows = cursor.fetchall()
            if not rows:
                return None, [], {}, counts
            sets = term_sets(rows[0][1])
            position = sets.position
            # A row committed between reading the rows and loading the sets is left for the next search.
            if not plan.is_empty and wants_rank:
                pks, ranks, scores = _scored(rows, len(plan.groups), len(sets.page_ids), connection.vendor)
                candidates = [
                    (position[pk], (rank, score))
                    for pk, rank, score in zip(pks, ranks, scores, strict=True)
                    if pk in position
                ]
            else:
                candidates = [(position[row[0]], ()) for row in rows if row[0] in position]
        else:
            sets = term_sets(current_token())

        miles: dict[int, float | None] = {}
        if candidates is None:
            base = sets.everyone if query.age is None else sets.age(query.age)
        else:
            if radius:
                kept = []
                for i, scores in candidates:
                    distance_ = _nearest(origin, sets.points[i]) if sets.points[i] else None
                    if distance_ is not None and distance_ <= radius:
                        miles[i] = distance_
                        kept.append((i, scores))
                candidates = kept
            base = bits(i for i, _ in candidates)

        values = sets.values
        wanted: dict[str, int] = {}
        for name in ("needs", "categories", "delivery"):
            chosen = getattr(query, name)
            if chosen:
                wanted[name] = 0
                for value in set(chosen):
                    wanted[name] |= values[name].get(value, 0)
        cost = query.cost if query.cost in {"free", "paid"} else ""
        if cost:
            wanted["cost"] = values["cost"].get(cost, 0)
        area = query.area.upper()
        if area:
            wanted["area"] = values["area"].get(area, 0)

        def applying(skip: str | None = None) -> int:
            found = base
            for name, mask in wanted.items():
                if name != skip:
                    found &= mask
            return found

        matched = applying()
        if count_facets:
            for name in FACETS:
                scope = applying(name) if name in wanted else matched
                if scope:
                    counts[name] = {v: n for v, mask in values[name].items() if (n := (mask & scope).bit_count())}
        if not matched:
            return sets, [], miles, counts
        members = sets.members(matched)
        titles, page_ids = sets.titles, sets.page_ids

        if prepared.sort == "relevance":
            # Coverage and tiers first, then the rank scaled to 0..RANK over the services shown,
            # then the name (a service's place in name order stands for its title and page id).
            kept, best = [], 0.0
            for i, (rank, score) in candidates or []:
                if has(members, i):
                    kept.append((score, rank, i))
                    if rank > best:
                        best = rank
            best = best or 1.0
            name_rank = sets.name_rank
            ranked = sorted((-(score + RANK * max(0.0, rank) / best), name_rank[i], i) for score, rank, i in kept)
            return sets, [i for _, _, i in ranked], miles, counts
        if prepared.sort == "distance":
            found = [i for i, _ in candidates] if candidates is not None else range(len(page_ids))
            ordered = [i for i in found if has(members, i)]
            if not radius:
                for i in ordered:
                    miles[i] = _nearest(origin, sets.points[i]) if sets.points[i] else None
            far = float("inf")
            ordered.sort(key=lambda i: (miles[i] if miles[i] is not None else far, titles[i], page_ids[i]))
            return sets, ordered, miles, counts
        if matched == sets.everyone:
            return sets, sets.name_order, miles, counts
        return sets, [i for i in sets.name_order if has(members, i)], miles, counts

    def find_ids(self, query, *, limit: int) -> list[int]:
        """Page ids of the matching services, best first: no page loads, highlights or facets."""
        sets, ordered, _, _ = self._matches(prepare(query), count_facets=False)
        return [sets.page_ids[i] for i in ordered[:limit]]

    def find_services(self, query) -> SearchResults:
        prepared = prepare(query)
        query, plan, origin = prepared.query, prepared.plan, prepared.origin
        sets, ordered, miles, counts = self._matches(prepared, count_facets=True)
        start = (query.page - 1) * query.page_size
        page_rows = ordered[start : start + query.page_size]

        services = {}
        page_ids = [sets.page_ids[i] for i in page_rows]
        if page_ids:
            services = {s.pk: s for s in ServicePage.objects.filter(pk__in=page_ids).select_related("organization")}
        distances = None
        if origin is not None:
            measured = prepared.radius_miles or prepared.sort == "distance"
            distances = {
                sets.page_ids[i]: miles.get(i) if measured else _nearest(origin, sets.points[i])
                for i in page_rows
                if sets.points[i]
            }
        # One read of the sites' root paths for the page's links, not one per link.
        sites = _SiteRootPaths()
        hits = [self._hit(services[pk], plan, distances, sites) for pk in page_ids if pk in services]
        return SearchResults(
            query=query,
            hits=hits,
            total=len(ordered),
            facets=build_facets(query, counts),
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
    def _hit(self, service, plan: QueryPlan, distances, sites=None) -> Hit:
        snippet = ""
        if not plan.is_empty:
            snippet = highlight(service.summary, plan) or highlight(
                description_text(service.description), plan, around=160
            )
        return Hit(
            page_id=service.pk,
            uuid=str(service.uuid),
            title=service.title,
            url=service.get_url(request=sites),
            summary=service.summary,
            organization=service.organization.name,
            distance_miles=as_miles(distances.get(service.pk)) if distances is not None else None,
            highlight=snippet,
        )

    def _suggestion(self, plan: QueryPlan) -> str:
        return spelling_suggestion(plan, vocabulary_module.current()) if plan.unknown_words else ""
