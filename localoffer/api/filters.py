"""Query parameters of the ORUK API, parsed and applied as each one's description in the profile's
openapi.json says. A value that cannot be understood raises `BadParameter` naming the parameter."""

import datetime
import math
import uuid
from dataclasses import dataclass

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from rest_framework.exceptions import APIException

from places.distance import METRES_PER_MILE, metres_between
from places.postcodes import lookup_postcode, outcode_is_valid, postcode_is_valid

from ..models import Location, Schedule, ServicePage, Taxonomy, TaxonomyTerm

# RFC 5545 day codes, as ORUK's schedule.byday; full English names are accepted too.
DAYS = {"MO": "MO", "TU": "TU", "WE": "WE", "TH": "TH", "FR": "FR", "SA": "SA", "SU": "SU"}
DAYS.update({name.upper(): code for code, name in Schedule.DAYS})
OLDEST_AGE = 150  # years: a larger age filter is a mistake or an attack, not a question about a service
EARLIEST_YEAR, LATEST_YEAR = 1900, 9998  # modified_after
FARTHEST_METRES = 1_000_000  # proximity: 1,000 km covers the whole of Great Britain from any postcode

# The longest value each query parameter can sensibly take. A request over the limit is refused before
# any parsing, so a 5,000-digit number or a novel-length search never reaches the database or search/.
# Parameters the API does not use are ignored, but still bounded.
MAX_LENGTHS = {
    "search": 200,
    "taxonomy_term_id": 40,
    "taxonomy_id": 40,
    "organization_id": 40,
    "minimum_age": 10,
    "maximum_age": 10,
    "start_time": 20,
    "end_time": 20,
    "day": 12,
    "modified_after": 40,
    "postcode": 12,
    "proximity": 20,
    "page": 10,
    "per_page": 10,
}
OTHER_PARAMETER_MAX_LENGTH = 1000


class BadParameter(APIException):
    status_code = 400
    default_code = "bad_parameter"

    def __init__(self, parameter: str, message: str):
        self.parameter = parameter
        super().__init__(detail=f"{parameter}: {message}")
        self.message = message


@dataclass
class Point:
    latitude: float
    longitude: float


def distance_metres(a: Point, latitude, longitude) -> float:
    return metres_between(a.latitude, a.longitude, latitude, longitude)


def check_query(params) -> None:
    """Refuse any query parameter that is too long or holds control characters (a null byte is
    refused by PostgreSQL itself, with a 500, if it gets that far)."""
    for name, values in params.lists():
        limit = MAX_LENGTHS.get(name, OTHER_PARAMETER_MAX_LENGTH)
        shown = name if len(name) <= 40 else name[:40] + "..."
        if len(name) > OTHER_PARAMETER_MAX_LENGTH:
            raise BadParameter(shown, "the parameter name is too long")
        for value in values:
            if len(value) > limit:
                raise BadParameter(shown, f"must be {limit:,} characters or fewer (this one is {len(value):,})")
            if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
                raise BadParameter(shown, "must not contain control characters such as a null byte or a new line")


def _value(params, name):
    value = params.get(name)
    if value is None:
        return None
    value = value.strip()
    return value or None


def parse_uuid(params, name):
    value = _value(params, name)
    if value is None:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        raise BadParameter(
            name, f"'{value}' is not an id (a UUID such as 3f7b145d-84af-42d7-8fae-eaca714b02b2)"
        ) from None


def parse_number(params, name, maximum):
    value = _value(params, name)
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        raise BadParameter(name, f"'{value}' is not a number") from None
    if not math.isfinite(number) or not 0 <= number <= maximum:
        raise BadParameter(name, f"'{value}' must be a number from 0 to {maximum:,}")
    return number


def parse_time(params, name):
    value = _value(params, name)
    if value is None:
        return None
    try:
        parsed = datetime.time.fromisoformat(value)
    except ValueError:
        raise BadParameter(name, f"'{value}' is not a time; use 24-hour HH:MM or HH:MM:SS, e.g. 09:30") from None
    # The spec's time format allows an offset ("09:30:00Z"), but opening times are the wall-clock
    # times at the service, and the database cannot compare a time that carries a zone (a 500).
    return parsed.replace(tzinfo=None)


def parse_day(params, name="day"):
    value = _value(params, name)
    if value is None:
        return None
    code = DAYS.get(value.upper())
    if code is None:
        raise BadParameter(name, f"'{value}' is not a day; use MO, TU, WE, TH, FR, SA or SU")
    return code


def parse_datetime(params, name):
    value = _value(params, name)
    if value is None:
        return None
    try:
        parsed = datetime.datetime.fromisoformat(value.replace(" ", "+"))
    except ValueError:
        raise BadParameter(name, f"'{value}' is not a date and time; use ISO 8601, e.g. 2026-01-31T09:00:00Z") from None
    # The database compares in UTC, and a time at the very edge of the calendar (0001-01-01 with a
    # positive offset, 9999-12-31 with a negative one) has no UTC equivalent. No directory record is
    # that old or that new, so a sensible range is asked for rather than an edge case handled.
    if not EARLIEST_YEAR <= parsed.year <= LATEST_YEAR:
        raise BadParameter(name, f"'{value}' must be a date from {EARLIEST_YEAR} to {LATEST_YEAR}")
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def parse_postcode(params, name="postcode"):
    value = _value(params, name)
    if value is None:
        return None
    if not (postcode_is_valid(value) or outcode_is_valid(value)):
        raise BadParameter(name, f"'{value}' is not a UK postcode, like NW1 2DB")
    found = lookup_postcode(value)
    if found is None:
        raise BadParameter(name, f"we could not find the postcode '{value}'")
    return value, Point(float(found.latitude), float(found.longitude))


@dataclass
class ServiceFilters:
    search: str | None = None
    taxonomy_term_id: uuid.UUID | None = None
    taxonomy_id: uuid.UUID | None = None
    organization_id: uuid.UUID | None = None
    minimum_age: float | None = None
    maximum_age: float | None = None
    start_time: datetime.time | None = None
    end_time: datetime.time | None = None
    day: str | None = None
    modified_after: datetime.datetime | None = None
    postcode: str | None = None
    centre: Point | None = None
    proximity: float | None = None

    @classmethod
    def from_params(cls, params, *, allowed) -> "ServiceFilters":
        filters = cls()
        if "search" in allowed:
            filters.search = _value(params, "search")
        for name in ("taxonomy_term_id", "taxonomy_id", "organization_id"):
            if name in allowed:
                setattr(filters, name, parse_uuid(params, name))
        for name in ("minimum_age", "maximum_age"):
            if name in allowed:
                setattr(filters, name, parse_number(params, name, OLDEST_AGE))
        for name in ("start_time", "end_time"):
            if name in allowed:
                setattr(filters, name, parse_time(params, name))
        if "day" in allowed:
            filters.day = parse_day(params)
        if "modified_after" in allowed:
            filters.modified_after = parse_datetime(params, "modified_after")
        if "postcode" in allowed:
            parsed = parse_postcode(params)
            if parsed:
                filters.postcode, filters.centre = parsed
            filters.proximity = parse_number(params, "proximity", FARTHEST_METRES)
            if filters.proximity is not None and filters.postcode is None:
                raise BadParameter("proximity", "give a postcode too: proximity is measured from its centre")
        return filters

    def apply(self, services):
        """Narrow a queryset of ServicePage. Text and distance go through search/, as on the site."""
        if self.taxonomy_term_id:
            term = Q(needs__id=self.taxonomy_term_id) | Q(categories__id=self.taxonomy_term_id)
            services = services.filter(pk__in=ServicePage.objects.filter(term).values("pk"))
        if self.taxonomy_id:
            terms = TaxonomyTerm.objects.filter(taxonomy_id=self.taxonomy_id).values("pk")
            linked = Q(needs__in=terms) | Q(categories__in=terms)
            services = services.filter(pk__in=ServicePage.objects.filter(linked).values("pk"))
        if self.organization_id:
            services = services.filter(organization_id=self.organization_id)
        # "a minimum age of at least the specified value"; "a maximum age equal to or below it".
        if self.minimum_age is not None:
            services = services.filter(minimum_age__gte=self.minimum_age)
        if self.maximum_age is not None:
            services = services.filter(maximum_age__lte=self.maximum_age)
        schedule = {}
        if self.start_time is not None:
            schedule["schedules__opens_at__gte"] = self.start_time
        if self.end_time is not None:
            schedule["schedules__closes_at__lte"] = self.end_time
        if self.day:
            schedule["schedules__byday"] = self.day
        if schedule:  # one opening time must satisfy all three
            services = services.filter(pk__in=ServicePage.objects.filter(**schedule).values("pk"))
        if self.modified_after is not None:
            modified = Coalesce("last_published_at", "latest_revision_created_at", "first_published_at")
            services = services.alias(modified=modified).filter(modified__gte=self.modified_after)
        if self.search or self.proximity is not None:
            services = services.filter(pk__in=self.search_page_ids())
        if self.proximity is not None:
            services = services.filter(service_at_locations__location__in=self.locations_in_range()).distinct()
        return services

    def search_page_ids(self) -> list[int]:
        """The ids search finds (the API pages after combining the spec's other filters)."""
        from search.api import InvalidQuery, ServiceQuery, find_service_ids

        query = ServiceQuery(text=self.search or "")
        if self.proximity is not None:
            query.postcode = self.postcode
            query.radius_miles = self.proximity / METRES_PER_MILE
        try:
            return find_service_ids(query)
        except InvalidQuery as error:
            raise BadParameter("search", error.problems[0]) from error

    def locations_in_range(self) -> list[uuid.UUID]:
        """Locations within `proximity` metres of the postcode's centre (a service-at-location is in
        range when its own location is; search/ ranks whole services)."""
        inside = []
        rows = (
            Location.objects.exclude(latitude=None).exclude(longitude=None).values_list("id", "latitude", "longitude")
        )
        for location_id, latitude, longitude in rows:
            if distance_metres(self.centre, latitude, longitude) <= self.proximity:
                inside.append(location_id)
        return inside


SERVICE_PARAMETERS = {
    "search",
    "taxonomy_term_id",
    "taxonomy_id",
    "minimum_age",
    "maximum_age",
    "start_time",
    "end_time",
    "day",
    "postcode",
    "modified_after",
    "organization_id",
}
TAXONOMY_VOCABULARIES = (Taxonomy.NEEDS, Taxonomy.CATEGORIES)
