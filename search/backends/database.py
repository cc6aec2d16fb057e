"""Database search backend: the embedded default (SQLite), and PostgreSQL without Elasticsearch.

It searches its own table, `search.models.SearchEntry`: one row per live, public service with the
service's words (`text`, the same text Elasticsearch indexes, as lower-case ASCII words) and
everything a search filters, counts, sorts and measures by, in narrow columns. `search/entries.py`
builds the rows; `search/signals.py` keeps them in step as pages change.

One search is one SQL query over that table:

- Text uses the database's own full-text index, compiled from `search.text`'s `QueryPlan` (groups
  ANDed, alternatives ORed): SQLite's FTS5 (`"autis"*` for a word start, `"speech and language
  therapy"` for a glossary phrase, vocabulary words within Elasticsearch's AUTO edit distance as
  whole words) or PostgreSQL's `to_tsquery('simple', ...)` (`'autis':*`, `'speech' <-> 'and' ...`).
  Every word is quoted, and words are only ever ASCII letters and digits, so nothing a family
  types can break the query syntax.
- Age filters in SQL (it applies to every count); with a radius, a bounding box narrows the rows.
- The narrow columns of the matching rows are then read once, and Python does the rest: the other
  filters, each facet's counts with every *other* filter applied, haversine distances from the
  stored points, the total and the sort (relevance = title matches every group first, then name;
  name; distance).

Only the page of up to `page_size` hits is then loaded from ServicePage (one query), so the number
of SQL queries per results page is constant (tests/search/test_directory_search.py).
"""

from collections import Counter
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, IntegerField
from django.db.models.expressions import RawSQL

from .. import vocabulary as vocabulary_module
from ..api import Hit, SearchResults, ServiceQuery
from ..entries import parse_points, sync_entries
from ..indexing import description_text
from ..text import Alternative, Group, QueryPlan, edit_distance, highlight, is_fuzzy_match, tokenize
from .base import (
    FACETS,
    as_miles,
    bounding_box,
    build_facets,
    merge_suggestions,
    miles_between,
    prepare,
    term_suggestions,
)

MAXIMUM_EXPANSIONS = 50  # Elasticsearch's default max_expansions for fuzzy matching
SUGGESTION_MINIMUM_LENGTH = 4  # Elasticsearch's term suggester min_word_length
SUGGESTION_MAXIMUM_EDITS = 2  # Elasticsearch's term suggester max_edits
FACET_BITS = {name: 1 << position for position, name in enumerate(FACETS)}
TABLE = "search_searchentry"
FTS_TABLE = "search_searchentry_fts"


class TextSearchUnsupported(Exception):
    """The database has no full-text index the backend knows (only SQLite and PostgreSQL do)."""


@dataclass(frozen=True)
class Term:
    """One way a group can match: these words in a row, the last one as a word start if `prefix`."""

    words: tuple[str, ...]
    prefix: bool = False


def fuzzy_words(alternative: Alternative, vocabulary) -> list[str]:
    """Directory words within the AUTO edit distance of a typed word (the 50 most frequent)."""
    if alternative.exact or vocabulary is None:
        return []
    typed = alternative.words[0]
    fuzzy = sorted(
        word
        for word in vocabulary.candidates(typed)
        if word != typed and not (alternative.allows_prefix and word.startswith(typed)) and is_fuzzy_match(typed, word)
    )
    return sorted(sorted(fuzzy, key=lambda w: -vocabulary.frequencies[w])[:MAXIMUM_EXPANSIONS])


def group_terms(group: Group, vocabulary) -> list[Term]:
    terms = []
    for alternative in group.alternatives:
        if alternative.exact:
            terms.append(Term(alternative.words))
        else:
            terms.append(Term(alternative.words, prefix=alternative.allows_prefix))
            terms += [Term((word,)) for word in fuzzy_words(alternative, vocabulary)]
    return terms


def fts5_query(groups: list[list[Term]]) -> str:
    """An FTS5 MATCH expression: `("autis"* OR "autism") AND ("salt" OR "speech and language therapy")`."""

    def term(t: Term) -> str:
        quoted = '"' + " ".join(t.words).replace('"', '""') + '"'
        return quoted + "*" if t.prefix else quoted

    return " AND ".join("(" + " OR ".join(term(t) for t in terms) + ")" for terms in groups)


def tsquery(groups: list[list[Term]]) -> str:
    """A PostgreSQL tsquery: `('autis':* | 'autism') & ('salt' | 'speech' <-> 'and' <-> ...)`."""

    def quote(word: str) -> str:
        return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"

    def term(t: Term) -> str:
        return " <-> ".join(quote(word) for word in t.words) + (":*" if t.prefix else "")

    return " & ".join("(" + " | ".join(term(t) for t in terms) + ")" for terms in groups)


def text_match(groups: list[list[Term]]) -> RawSQL:
    if connection.vendor == "sqlite":
        sql = f'"{TABLE}"."page_id" IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)'
        return RawSQL(sql, [fts5_query(groups)], output_field=BooleanField())
    if connection.vendor == "postgresql":
        sql = f"to_tsvector('simple', \"{TABLE}\".\"text\") @@ to_tsquery('simple', %s)"
        return RawSQL(sql, [tsquery(groups)], output_field=BooleanField())
    raise TextSearchUnsupported(f"The database backend cannot search text on {connection.vendor}")


def title_match(groups: list[list[Term]]) -> RawSQL:
    """1 when the title alone matches every group (relevance puts those first), else 0. LIKE over
    the title's words with spaces around them means the same on SQLite and PostgreSQL."""
    padded = f"(' ' || \"{TABLE}\".\"title_words\" || ' ')"
    conditions, params = [], []
    for terms in groups:
        alternatives = []
        for t in terms:
            alternatives.append(f"{padded} LIKE %s")
            params.append(f"% {' '.join(t.words)}{'%' if t.prefix else ' %'}")
        conditions.append("(" + " OR ".join(alternatives) + ")")
    return RawSQL(f"CASE WHEN {' AND '.join(conditions)} THEN 1 ELSE 0 END", params, output_field=IntegerField())


def nearest_miles(origin, points: str) -> float | None:
    nearest = None
    for latitude, longitude in parse_points(points):
        miles = miles_between(origin.latitude, origin.longitude, latitude, longitude)
        if nearest is None or miles < nearest:
            nearest = miles
    return nearest


class DatabaseBackend:
    name = "database"

    # Index maintenance: the search table (search/entries.py)
    def rebuild(self, progress=None) -> int:
        from ..entries import rebuild_entries

        return rebuild_entries(progress)

    def update(self, page_id: int) -> None:
        sync_entries([page_id])

    def remove(self, page_id: int) -> None:
        sync_entries([page_id])

    def count(self) -> int:
        from ..models import SearchEntry

        return SearchEntry.objects.count()

    def indexed_page_ids(self) -> set[int]:
        from ..models import SearchEntry

        return set(SearchEntry.objects.values_list("pk", flat=True))

    # Querying
    def find_services(self, query: ServiceQuery) -> SearchResults:
        from localoffer.models import ServicePage

        from ..models import SearchEntry

        prepared = prepare(query)
        plan = prepared.plan
        origin = prepared.origin
        radius = prepared.radius_miles if origin else None
        vocabulary = vocabulary_module.current() if not plan.is_empty else None
        groups = [group_terms(group, vocabulary) for group in plan.groups]

        rows = SearchEntry.objects.all()
        if groups:
            rows = rows.filter(text_match(groups))
        if query.age is not None:
            rows = rows.filter(minimum_age__lte=query.age, maximum_age__gte=query.age)
        if radius:
            south, north, west, east = bounding_box(origin, radius)
            rows = rows.filter(
                latitude_min__lte=north, latitude_max__gte=south, longitude_min__lte=east, longitude_max__gte=west
            )
        columns = ["pk", "title_sort", "is_free", "need_codes", "category_codes", "delivery_methods", "areas", "points"]
        if prepared.sort == "relevance" and groups:
            rows = rows.annotate(title_hit=title_match(groups))
            columns.append("title_hit")

        wanted = {
            "needs": set(query.needs),
            "categories": set(query.categories),
            "delivery": set(query.delivery),
        }
        cost = query.cost if query.cost in {"free", "paid"} else ""
        area = query.area.upper()
        measure_every_row = origin is not None and (radius or prepared.sort == "distance")
        counts: dict[str, Counter] = {name: Counter() for name in FACETS}
        matched = []  # (title hit, title, pk, miles or None, points)
        for pk, title, is_free, needs, categories, delivery, areas, points, *title_hit in rows.values_list(*columns):
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
                matched.append((title_hit[0] if title_hit else 0, title, pk, miles, points))
                for name in FACETS:
                    counts[name].update(values[name])
            elif missed & (missed - 1) == 0:  # only one facet's filter fails: it counts for that facet
                name = FACETS[missed.bit_length() - 1]
                counts[name].update(values[name])

        if prepared.sort == "distance":
            matched.sort(key=lambda row: (row[3] if row[3] is not None else float("inf"), row[1], row[2]))
        elif prepared.sort == "relevance":
            matched.sort(key=lambda row: (-row[0], row[1], row[2]))
        else:
            matched.sort(key=lambda row: (row[1], row[2]))
        start = (query.page - 1) * query.page_size
        page_rows = matched[start : start + query.page_size]

        services = {}
        if page_rows:
            page_ids = [row[2] for row in page_rows]
            services = {s.pk: s for s in ServicePage.objects.filter(pk__in=page_ids).select_related("organization")}
        distances = None
        if origin is not None:
            distances = {
                pk: miles if measure_every_row else nearest_miles(origin, points)
                for _, _, pk, miles, points in page_rows
                if points
            }
        hits = [self._hit(services[row[2]], plan, distances) for row in page_rows if row[2] in services]
        return SearchResults(
            query=query,
            hits=hits,
            total=len(matched),
            facets=build_facets(query, {name: dict(counter) for name, counter in counts.items()}),
            suggestion=self._suggestion(plan, vocabulary),
            messages=prepared.messages,
            location_label=origin.label if origin else "",
        )

    def autocomplete(self, prefix: str, limit: int = 8) -> list[str]:
        """Need names and glossary terms, then service titles with words starting with the prefix."""
        from ..models import SearchEntry

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

    def _suggestion(self, plan: QueryPlan, vocabulary) -> str:
        if vocabulary is None:
            return ""
        replacements = {}
        for word in plan.free_words:
            if len(word) < SUGGESTION_MINIMUM_LENGTH or word in vocabulary:
                continue
            best = None
            for candidate in vocabulary.candidates(word):
                distance = edit_distance(word, candidate, SUGGESTION_MAXIMUM_EDITS)
                if distance <= SUGGESTION_MAXIMUM_EDITS:
                    key = (distance, -vocabulary.frequencies[candidate], candidate)
                    if best is None or key < best[0]:
                        best = (key, candidate)
            if best:
                replacements[word] = best[1]
        if not replacements:
            return ""
        return " ".join(replacements.get(word, word) for word in tokenize(plan.text))
