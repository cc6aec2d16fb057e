"""What both backends share: reading the query (postcode, glossary, sort), distances, facet lists.

Everything here is plain Python so the two backends cannot drift apart on meaning; they differ
only in how they find and count matching services.
"""

import math
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from localoffer.models import ServicePage, Taxonomy, TaxonomyTerm
from places import distance
from places.postcodes import lookup_postcode

from .. import vocabulary as vocabulary_module
from ..models import GlossaryEntry
from ..query import FacetValue, ServiceQuery
from ..text import Glossary, QueryPlan, edit_distance, glossary_map, plan_query, tokenize

FACETS = ("needs", "categories", "cost", "delivery", "area")
COST_LABELS = [("free", "Free"), ("paid", "There is a cost")]


class SearchUnavailable(Exception):
    """The backend could not answer (e.g. Elasticsearch is down). Callers fall back."""


@dataclass(frozen=True)
class Origin:
    label: str
    latitude: float
    longitude: float


@dataclass
class PreparedQuery:
    query: ServiceQuery
    plan: QueryPlan
    origin: Origin | None
    radius_miles: float | None
    sort: str  # "relevance", "distance" or "name", after falling back when it cannot apply
    messages: list[str] = field(default_factory=list)


def prepare(query: "ServiceQuery | PreparedQuery") -> PreparedQuery:
    """Resolve the postcode, read the words (glossary, vocabulary) and pick the sort that applies.

    The query's values were checked once, by `search.query.query_problems`; what is left here is
    what only a lookup can tell: a well-formed postcode that does not exist. Never raises."""
    if isinstance(query, PreparedQuery):
        return query
    messages = []
    origin = None
    typed = (query.postcode or "").strip()
    if typed:
        found = lookup_postcode(typed)
        if found is None:
            messages.append(
                f"We could not find the postcode ‘{typed.upper()[:10]}’. Check it, or try the first part "
                "only, like NW5. Results are not sorted by distance."
            )
        else:
            origin = Origin(found.postcode, float(found.latitude), float(found.longitude))
    radius = query.radius_miles
    if radius and origin is None:
        if not typed:
            messages.append("Enter a postcode to see services within a distance.")
        radius = None
    sort = query.sort if query.sort in {"relevance", "distance", "name"} else "relevance"
    if sort == "distance" and origin is None:
        if not typed:
            messages.append("Enter a postcode to sort by distance.")
        sort = "relevance"
    if query.text.strip():
        plan = plan_query(query.text, load_glossary(), vocabulary_module.current())
    else:
        plan = plan_query(query.text, {})  # no words: nothing to expand
    if sort == "relevance" and plan.is_empty:
        sort = "distance" if origin else "name"
    return PreparedQuery(query=query, plan=plan, origin=origin, radius_miles=radius, sort=sort, messages=messages)


_glossary_memo: tuple = ((), None)


def load_glossary() -> Glossary:
    """The glossary's phrases, read afresh each time (editors change it in the admin) but parsed
    again only when a row has changed: parsing it is most of the cost of reading a query."""
    global _glossary_memo
    rows = tuple(GlossaryEntry.objects.values_list("term", "alternatives"))
    known_rows, glossary = _glossary_memo
    if glossary is None or known_rows != rows:
        glossary = glossary_map(rows)
        _glossary_memo = (rows, glossary)
    return glossary


def miles_between(latitude_1: float, longitude_1: float, latitude_2: float, longitude_2: float) -> float:
    return distance.miles_between(latitude_1, longitude_1, latitude_2, longitude_2)


def as_miles(value: float | None) -> Decimal | None:
    if value is None or math.isinf(value) or math.isnan(value):
        return None
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def bounding_box(origin: Origin, radius_miles: float) -> tuple[float, float, float, float]:
    """(min latitude, max latitude, min longitude, max longitude) containing the radius."""
    return distance.bounding_box(origin.latitude, origin.longitude, radius_miles)


def build_facets(query: ServiceQuery, counts: dict[str, dict[str, int]]) -> dict[str, list[FacetValue]]:
    """Facet lists in a fixed order with labels from the database; counts from the backend.

    Every taxonomy term and delivery method is listed (with 0 when nothing matches) so the filter
    form keeps its shape; areas are only those with services.
    """
    terms = TaxonomyTerm.objects.filter(taxonomy__vocabulary__in=[Taxonomy.NEEDS, Taxonomy.CATEGORIES]).values_list(
        "taxonomy__vocabulary", "code", "name"
    )
    facets: dict[str, list[FacetValue]] = {"needs": [], "categories": []}
    for vocabulary, code, name in sorted(terms, key=lambda t: (t[2].lower(), t[1])):
        facet = "needs" if vocabulary == Taxonomy.NEEDS else "categories"
        selected = code in getattr(query, facet)
        facets[facet].append(FacetValue(code, name, counts[facet].get(code, 0), selected))
    facets["cost"] = [
        FacetValue(value, label, counts["cost"].get(value, 0), query.cost == value) for value, label in COST_LABELS
    ]
    facets["delivery"] = [
        FacetValue(value, label, counts["delivery"].get(value, 0), value in query.delivery)
        for value, label in ServicePage.DELIVERY_METHODS
    ]
    areas = {area: count for area, count in counts["area"].items() if count}
    if query.area:
        areas.setdefault(query.area, 0)
    facets["area"] = [
        FacetValue(area, area, count, area == query.area) for area, count in sorted(areas.items(), key=_area_key)
    ]
    return facets


def _area_key(item):
    """NW1, NW3, NW5, NW10: letters, then the district number, then any suffix letter."""
    match = re.match(r"^([A-Z]+)(\d+)(.*)$", item[0])
    return (match.group(1), int(match.group(2)), match.group(3)) if match else (item[0], 0, "")


def term_suggestions(prefix: str) -> list[str]:
    """Need names and glossary terms with a word starting with what was typed (both backends)."""
    words = tokenize(prefix)
    if not words:
        return []
    typed = " ".join(words)
    found = []
    names = TaxonomyTerm.objects.filter(taxonomy__vocabulary=Taxonomy.NEEDS).values_list("name", flat=True)
    for text in [*names, *GlossaryEntry.objects.values_list("term", flat=True)]:
        normal = " ".join(tokenize(text))
        if normal.startswith(typed) or f" {typed}" in f" {normal}":
            found.append(text)
    return sorted(found, key=lambda text: (not " ".join(tokenize(text)).startswith(typed), text.lower()))


def merge_suggestions(*groups: list[str], limit: int = 8) -> list[str]:
    seen, merged = set(), []
    for group in groups:
        for text in group:
            if text.lower() not in seen:
                seen.add(text.lower())
                merged.append(text)
    return merged[:limit]


SUGGESTION_MINIMUM_LENGTH = 4  # Elasticsearch's term suggester min_word_length
SUGGESTION_MAXIMUM_EDITS = 2  # Elasticsearch's term suggester max_edits


def spelling_suggestion(plan: QueryPlan, vocabulary) -> str:
    """ "Did you mean": the typed text with each word the directory does not know replaced by its
    nearest known word (fewest edits, then the most used), for both backends alike."""
    replacements = {}
    for word in plan.unknown_words:
        if len(word) < SUGGESTION_MINIMUM_LENGTH or word in vocabulary:
            continue
        best = None
        for candidate in vocabulary.candidates(word):
            edits = edit_distance(word, candidate, SUGGESTION_MAXIMUM_EDITS)
            if edits <= SUGGESTION_MAXIMUM_EDITS:
                key = (edits, -vocabulary.frequencies[candidate], candidate)
                if best is None or key < best[0]:
                    best = (key, candidate)
        if best:
            replacements[word] = best[1]
    if not replacements:
        return ""
    return " ".join(replacements.get(word, word) for word in tokenize(plan.text))
