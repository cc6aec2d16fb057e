"""Search analytics without personal data: what families search for, and what finds nothing.

Recorded: the words typed (lower case, with postcodes, email addresses and long numbers removed),
the filters chosen, whether a location was used (never which) and the number of results. No IP
address, session, user or postcode is stored.
"""

import datetime
import re

from django.db.models import Count, Max
from django.utils import timezone

from .models import SearchQueryLog

POSTCODE_LIKE = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]?\s*(?:[0-9][A-Z]{2})?\b", re.IGNORECASE)
EMAIL_LIKE = re.compile(r"\S+@\S+")
NUMBER_LIKE = re.compile(r"\+?\d[\d\s-]{4,}\d")


def scrub(text: str) -> str:
    """Remove anything in the search words that could identify someone."""
    text = EMAIL_LIKE.sub(" ", text or "")
    text = NUMBER_LIKE.sub(" ", text)
    text = POSTCODE_LIKE.sub(lambda m: m.group() if m.group().isalpha() else " ", text)
    return " ".join(text.lower().split())[:200]


def record_search(results) -> SearchQueryLog:
    query = results.query
    filters = {
        name: value
        for name, value in {
            "needs": sorted(query.needs),
            "categories": sorted(query.categories),
            "age": query.age,
            "cost": query.cost,
            "delivery": sorted(query.delivery),
            "area": query.area,
            "radius_miles": query.radius_miles if query.postcode else None,
        }.items()
        if value not in (None, "", [])
    }
    return SearchQueryLog.objects.create(
        text=scrub(query.text),
        filters=filters,
        used_location=bool(query.postcode),
        result_count=results.total,
    )


def top_queries(*, days: int = 90, zero_results: bool = False, limit: int = 50):
    """[{text, searches, last_searched_at, results}] for words searched in the last `days` days."""
    since = timezone.now() - datetime.timedelta(days=days)
    logs = SearchQueryLog.objects.filter(searched_at__gte=since).exclude(text="")
    if zero_results:
        logs = logs.filter(result_count=0)
    return list(
        logs.values("text")
        .annotate(searches=Count("pk"), last_searched_at=Max("searched_at"), results=Max("result_count"))
        .order_by("-searches", "text")[:limit]
    )
