"""What a search asks and what it answers: `ServiceQuery`, `Hit`, `SearchResults`, and the one
place a query's values are checked (`query_problems`) and read from a request (`parse_query`).

Every bound here protects the service as much as the family: a search box holding a pasted page
of 999 words would make the full-text engines build an expression too large to run, and a
5,000-digit age or page is not a number Python will even convert. Each bad value gets a message
that says what to type instead; a query with problems is never run.

Nothing here imports another app: the directory's terms and age limit are passed in.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from places.postcodes import outcode_is_valid, postcode_is_valid

PAGE_SIZE = 20
RADIUS_CHOICES = (1, 3, 5, 10)
MAXIMUM_RADIUS_MILES = 50
MAXIMUM_TEXT_LENGTH = 200  # characters: a long sentence, never a pasted page
MAXIMUM_WORDS = 20  # words of letters or digits, counted as search.text tokenises them
MAXIMUM_POSTCODE_LENGTH = 10  # "SW1A  1AA" with spaces
# Elasticsearch will not page past its 10,000-hit window (index.max_result_window).
RESULT_WINDOW = 10_000
MAXIMUM_PAGE = RESULT_WINDOW // PAGE_SIZE
SORTS = ("relevance", "distance", "name")
COSTS = ("free", "paid")
_WORD = re.compile(r"[^\W_]+")


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


class InvalidQuery(ValueError):
    """A query with values no search should run with; `problems` says what to change."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def query_problems(
    query: ServiceQuery,
    *,
    maximum_age: int | None = None,
    page_size_limit: int = PAGE_SIZE,
    maximum_radius_miles: float = MAXIMUM_RADIUS_MILES,
) -> list[str]:
    """Every way this query is out of bounds, as messages for the person who typed it.

    `page_size_limit` and `maximum_radius_miles` are larger only for callers that page and bound
    distances themselves (the ORUK API's ids, whose `proximity` is any number of metres)."""
    problems = []
    text = query.text or ""
    if len(text) > MAXIMUM_TEXT_LENGTH:
        problems.append(f"Search for at most {MAXIMUM_TEXT_LENGTH} characters. Try the few words that matter most.")
    elif len(_WORD.findall(text)) > MAXIMUM_WORDS:
        problems.append(f"Search for at most {MAXIMUM_WORDS} words. Try the few words that matter most.")
    if query.age is not None and not (0 <= query.age <= (maximum_age if maximum_age is not None else 200)):
        problems.append(f"Age must be a whole number from 0 to {maximum_age}.")
    if query.radius_miles is not None and not (0 < query.radius_miles <= maximum_radius_miles):
        problems.append(f"Distance must be a number of miles from 1 to {maximum_radius_miles:g}.")
    postcode = query.postcode or ""
    if postcode and (
        len(postcode) > MAXIMUM_POSTCODE_LENGTH or not (postcode_is_valid(postcode) or outcode_is_valid(postcode))
    ):
        problems.append(
            f"‘{postcode[:MAXIMUM_POSTCODE_LENGTH]}’ is not a postcode. Enter a full postcode, like NW5 1TL, "
            "or the first part, like NW5."
        )
    if query.area and not outcode_is_valid(query.area):
        problems.append("Area must be the first part of a postcode, like NW5.")
    if query.cost and query.cost not in COSTS:
        problems.append("Cost must be ‘free’ or ‘paid’.")
    if query.sort not in SORTS:
        problems.append("Sort by best match, distance or name.")
    if not 1 <= query.page_size <= page_size_limit:
        problems.append(f"Ask for 1 to {page_size_limit} services at a time.")
    elif not 1 <= query.page or query.page * query.page_size > max(RESULT_WINDOW, page_size_limit):
        last = max(1, max(RESULT_WINDOW, page_size_limit) // query.page_size)
        problems.append(f"Page must be a whole number from 1 to {last}.")
    return problems


def _whole_number(value: str, maximum_digits: int = 4) -> int | None:
    """A non-negative whole number of a few digits, or None (never int() of a 5,000-digit string)."""
    value = value.strip()
    if not value or len(value) > maximum_digits or not value.isascii() or not value.isdigit():
        return None
    return int(value)


def parse_query(params, *, known: dict[str, set[str]], maximum_age: int) -> tuple[ServiceQuery, list[str]]:
    """Read the directory page's GET parameters into a query, with a message for each bad value.

    `known` holds the codes a filter may take ("needs", "categories", "delivery")."""
    problems = []
    query = ServiceQuery(text=params.get("q", "").strip(), postcode=params.get("postcode", "").strip())

    labels = {"needs": "need", "categories": "category", "delivery": "way of delivering a service"}
    for name in ("needs", "categories", "delivery"):
        values = list(dict.fromkeys(v for v in params.getlist(name) if v))
        unknown = [v for v in values if v not in known.get(name, set())]
        if unknown:
            problems.append(f"We do not recognise the {labels[name]} ‘{unknown[0][:50]}’, so no services match it.")
        setattr(query, name, values[:100])

    age = params.get("age", "")
    if age.strip():
        query.age = _whole_number(age, 3)
        if query.age is None:
            problems.append(f"Age must be a whole number from 0 to {maximum_age}.")
    query.cost = params.get("cost", "")[:10]
    radius = params.get("radius", "").strip()
    if radius:
        try:
            query.radius_miles = float(radius[:10])
        except ValueError:
            query.radius_miles = float("nan")  # out of bounds: reported below, once
    query.area = params.get("area", "").strip().upper()[:10]
    sort = params.get("sort", "relevance")
    query.sort = sort if sort in SORTS else "relevance"
    page = params.get("page", "").strip()
    if page:
        number = _whole_number(page, 6)
        query.page = number if number is not None else 0
    problems += query_problems(query, maximum_age=maximum_age)
    if query.radius_miles is not None and not (0 < query.radius_miles <= MAXIMUM_RADIUS_MILES):
        query.radius_miles = None
    return query, list(dict.fromkeys(problems))
