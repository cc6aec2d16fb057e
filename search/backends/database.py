"""Database search backend: the embedded default (SQLite), and PostgreSQL without Elasticsearch.

Text matching follows `search.text`: every group of the query must match one of its alternatives
in the title, summary, description, organisation or a need/category name. A word matches the
start of a word, or a vocabulary word within Elasticsearch's AUTO edit distance; glossary phrases
match whole words. Patterns are portable regular expressions (SQLite's REGEXP is Python's `re`,
PostgreSQL's `~*` is POSIX), so the same query runs on both databases.

Distances are haversine in Python over the candidate locations (a bounding box narrows them in
SQL first). The number of SQL queries per results page is constant (see tests/search).
"""

import re

from django.db import connection
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.db.models.functions import Collate, Lower

from .. import vocabulary as vocabulary_module
from ..api import Hit, SearchResults, ServiceQuery
from ..indexing import description_text
from ..text import NOT_WORD, Alternative, QueryPlan, edit_distance, highlight, is_fuzzy_match, tokenize
from .base import (
    PreparedQuery,
    as_miles,
    bounding_box,
    build_facets,
    merge_suggestions,
    miles_between,
    outcode_of,
    prepare,
    term_suggestions,
)

TEXT_FIELDS = ("title", "summary", "description", "organization__name")
MAXIMUM_EXPANSIONS = 50  # Elasticsearch's default max_expansions for fuzzy matching
SUGGESTION_MINIMUM_LENGTH = 4  # Elasticsearch's term suggester min_word_length
SUGGESTION_MAXIMUM_EDITS = 2  # Elasticsearch's term suggester max_edits
MAXIMUM_SQLITE_IDS = 30000  # below SQLite's limit on query parameters


def _word_start(words: str) -> str:
    return f"(^|{NOT_WORD}){words}"


def _whole(words: str) -> str:
    return f"(^|{NOT_WORD}){words}({NOT_WORD}|$)"


def alternative_patterns(alternative: Alternative, vocabulary) -> list[str]:
    """Regular expressions (case-insensitive) for one alternative of a query group."""
    if alternative.exact:
        return [_whole(f"{NOT_WORD}+".join(map(re.escape, alternative.words)))]
    typed = alternative.words[0]
    patterns = [_word_start(re.escape(typed)) if alternative.allows_prefix else _whole(re.escape(typed))]
    if vocabulary is not None:
        fuzzy = sorted(
            word
            for word in vocabulary.candidates(typed)
            if word != typed
            and not (alternative.allows_prefix and word.startswith(typed))
            and is_fuzzy_match(typed, word)
        )
        fuzzy = sorted(fuzzy, key=lambda w: -vocabulary.frequencies[w])[:MAXIMUM_EXPANSIONS]
        if fuzzy:
            patterns.append(_whole("(" + "|".join(map(re.escape, sorted(fuzzy))) + ")"))
    return patterns


class DatabaseBackend:
    name = "database"

    # Index maintenance: the database is the index, so only the vocabulary needs refreshing.
    def rebuild(self, progress=None) -> int:
        from ..indexing import indexable_services

        vocabulary_module.invalidate()
        count = indexable_services().count()
        if progress:
            progress(count)
        return count

    def update(self, page_id: int) -> None:
        vocabulary_module.invalidate()

    def remove(self, page_id: int) -> None:
        vocabulary_module.invalidate()

    def count(self) -> int:
        from ..indexing import indexable_services

        return indexable_services().count()

    # Querying
    def find_services(self, query: ServiceQuery) -> SearchResults:
        from localoffer.models import ServicePage

        prepared = prepare(query)
        plan = prepared.plan
        vocabulary = vocabulary_module.current() if not plan.is_empty else None
        # One regular expression per group (alternatives joined), evaluated once per search: the
        # matching ids then narrow every other query (results, facets, distances).
        group_patterns = [
            ["|".join(f"(?:{p})" for a in group.alternatives for p in alternative_patterns(a, vocabulary))]
            for group in plan.groups
        ]
        text_ids = None
        if group_patterns:
            matching = ServicePage.objects.live().public()
            for patterns in group_patterns:
                matching = matching.filter(self._text_q(patterns))
            text_ids = matching.values("pk")
            if connection.vendor == "sqlite":
                text_ids = list(text_ids.values_list("pk", flat=True))
                if len(text_ids) > MAXIMUM_SQLITE_IDS:
                    text_ids = matching.values("pk")

        distances: dict[int, float] = {}
        radius_ids = None
        if prepared.origin and prepared.radius_miles:
            distances = self._distances(prepared, box=bounding_box(prepared.origin, prepared.radius_miles))
            radius_ids = [pk for pk, miles in distances.items() if miles <= prepared.radius_miles]

        def filtered(skip=""):
            services = ServicePage.objects.live().public()
            if text_ids is not None:
                services = services.filter(pk__in=text_ids)
            if radius_ids is not None:
                services = services.filter(pk__in=radius_ids)
            return self._apply_filters(services, query, skip)

        services = filtered()
        total = services.count()
        start = (query.page - 1) * query.page_size
        end = start + query.page_size

        if prepared.sort == "distance":
            if radius_ids is None:
                distances = self._distances(prepared)
            rows = list(services.values_list("pk", "title"))
            rows.sort(key=lambda row: (distances.get(row[0], float("inf")), row[1].lower(), row[0]))
            page_ids = [pk for pk, _ in rows[start:end]]
            by_id = {s.pk: s for s in services.filter(pk__in=page_ids).select_related("organization")}
            page = [by_id[pk] for pk in page_ids]
        else:
            ordering = [self._title_order(), "pk"]
            if prepared.sort == "relevance":
                title_q = Q()
                for patterns in group_patterns:
                    title_q &= self._text_q(patterns, fields=("title",), with_terms=False)
                services = services.annotate(
                    title_hit=Case(When(title_q, then=Value(1)), default=Value(0), output_field=IntegerField())
                )
                ordering = ["-title_hit", *ordering]
            page = list(services.select_related("organization").order_by(*ordering)[start:end])
            if prepared.origin and page and not distances:
                distances = self._distances(prepared, service_ids=[s.pk for s in page])

        hits = [self._hit(service, plan, distances if prepared.origin else None) for service in page]
        return SearchResults(
            query=query,
            hits=hits,
            total=total,
            facets=build_facets(query, self._facet_counts(filtered)),
            suggestion=self._suggestion(plan, vocabulary),
            messages=prepared.messages,
            location_label=prepared.origin.label if prepared.origin else "",
        )

    def autocomplete(self, prefix: str, limit: int = 8) -> list[str]:
        """Need names and glossary terms, then service titles with a word starting with the prefix."""
        from localoffer.models import ServicePage

        words = tokenize(prefix)
        if not words or len(prefix.strip()) < 2:
            return []
        pattern = _word_start(f"{NOT_WORD}+".join(map(re.escape, words)))
        titles = (
            ServicePage.objects.live()
            .public()
            .filter(title__iregex=pattern)
            .order_by(self._title_order())
            .values_list("title", flat=True)[:limit]
        )
        return merge_suggestions(term_suggestions(prefix), list(titles), limit=limit)

    # Helpers
    def _text_q(self, patterns: list[str], fields=TEXT_FIELDS, with_terms=True) -> Q:
        from localoffer.models import ServicePage, TaxonomyTerm

        q = Q()
        for pattern in patterns:
            for name in fields:
                q |= Q(**{f"{name}__iregex": pattern})
        if with_terms:
            compiled = [re.compile(p, re.IGNORECASE) for p in patterns]
            term_ids = [
                pk
                for pk, name in TaxonomyTerm.objects.values_list("pk", "name")
                if any(c.search(name) for c in compiled)
            ]
            if term_ids:
                q |= Q(
                    pk__in=ServicePage.needs.through.objects.filter(taxonomyterm_id__in=term_ids).values(
                        "servicepage_id"
                    )
                )
                q |= Q(
                    pk__in=ServicePage.categories.through.objects.filter(taxonomyterm_id__in=term_ids).values(
                        "servicepage_id"
                    )
                )
        return q

    def _apply_filters(self, services, query: ServiceQuery, skip: str):
        from localoffer.models import ServiceAtLocation, ServicePage, Taxonomy

        for name, through, vocabulary in (
            ("needs", ServicePage.needs.through, Taxonomy.NEEDS),
            ("categories", ServicePage.categories.through, Taxonomy.CATEGORIES),
        ):
            codes = getattr(query, name)
            if codes and skip != name:
                services = services.filter(
                    pk__in=through.objects.filter(
                        taxonomyterm__code__in=codes, taxonomyterm__taxonomy__vocabulary=vocabulary
                    ).values("servicepage_id")
                )
        if query.age is not None:
            services = services.filter(minimum_age__lte=query.age, maximum_age__gte=query.age)
        if query.cost in {"free", "paid"} and skip != "cost":
            services = services.filter(is_free=query.cost == "free")
        if query.delivery and skip != "delivery":
            delivery = Q()
            for method in query.delivery:
                delivery |= Q(delivery_methods__icontains=f'"{method}"')
            services = services.filter(delivery)
        if query.area and skip != "area":
            services = services.filter(
                pk__in=ServiceAtLocation.objects.filter(location__postal_code__istartswith=f"{query.area} ").values(
                    "service_id"
                )
            )
        return services

    def _facet_counts(self, filtered) -> dict[str, dict[str, int]]:
        from localoffer.models import ServiceAtLocation, ServicePage, Taxonomy

        counts: dict[str, dict[str, int]] = {}
        for name, through, vocabulary in (
            ("needs", ServicePage.needs.through, Taxonomy.NEEDS),
            ("categories", ServicePage.categories.through, Taxonomy.CATEGORIES),
        ):
            rows = (
                through.objects.filter(
                    servicepage_id__in=filtered(skip=name).values("pk"), taxonomyterm__taxonomy__vocabulary=vocabulary
                )
                .values("taxonomyterm__code")
                .annotate(count=Count("servicepage_id", distinct=True))
            )
            counts[name] = {row["taxonomyterm__code"]: row["count"] for row in rows}
        counts["cost"] = filtered(skip="cost").aggregate(
            free=Count("pk", filter=Q(is_free=True)), paid=Count("pk", filter=Q(is_free=False))
        )
        counts["delivery"] = filtered(skip="delivery").aggregate(
            **{
                method: Count("pk", filter=Q(delivery_methods__icontains=f'"{method}"'))
                for method, _ in ServicePage.DELIVERY_METHODS
            }
        )
        areas: dict[str, set[int]] = {}
        for service_id, postal_code in ServiceAtLocation.objects.filter(
            service_id__in=filtered(skip="area").values("pk")
        ).values_list("service_id", "location__postal_code"):
            area = outcode_of(postal_code)
            if area:
                areas.setdefault(area, set()).add(service_id)
        counts["area"] = {area: len(ids) for area, ids in areas.items()}
        return counts

    def _distances(self, prepared: PreparedQuery, *, box=None, service_ids=None) -> dict[int, float]:
        """{service id: miles to its nearest location} for live services with coordinates."""
        from localoffer.models import ServiceAtLocation, ServicePage

        rows = ServiceAtLocation.objects.filter(
            location__latitude__isnull=False,
            location__longitude__isnull=False,
            service_id__in=ServicePage.objects.live().public().values("pk")
            if service_ids is None
            else list(service_ids),
        )
        if box:
            rows = rows.filter(
                location__latitude__gte=box[0],
                location__latitude__lte=box[1],
                location__longitude__gte=box[2],
                location__longitude__lte=box[3],
            )
        origin = prepared.origin
        nearest: dict[int, float] = {}
        for service_id, latitude, longitude in rows.values_list(
            "service_id", "location__latitude", "location__longitude"
        ):
            miles = miles_between(origin.latitude, origin.longitude, float(latitude), float(longitude))
            if miles < nearest.get(service_id, float("inf")):
                nearest[service_id] = miles
        return nearest

    def _title_order(self):
        title = Lower("title")
        if connection.vendor == "postgresql":
            return Collate(title, "C")  # byte order, as Elasticsearch sorts keywords
        return title

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
