"""ORUK's page envelope: total_items, total_pages, page_number, size, first_page, last_page, empty,
contents. `page` counts from 1; `per_page` defaults to 50 and is capped at 1,000."""

import math

from django.db.models import Count, Max
from rest_framework.pagination import BasePagination
from rest_framework.response import Response

from .filters import BadParameter

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 1000
MAX_PAGE = 1_000_000  # a page number past this is a mistake or an attack: even 1 record a page cannot reach it


def _positive_int(request, name, default, maximum=None):
    raw = request.query_params.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(name, f"'{raw}' is not a whole number") from None
    if value < 1:
        raise BadParameter(name, f"'{raw}' must be 1 or more")
    if maximum is not None and value > maximum:
        raise BadParameter(name, f"'{raw}' must be {maximum:,} or less")
    return value


class ORUKPagination(BasePagination):
    def paginate_queryset(self, queryset, request, view=None):
        self.page_number = _positive_int(request, "page", 1, MAX_PAGE)
        self.per_page = _positive_int(request, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
        newest_field = getattr(view, "newest_field", None)
        if newest_field:  # the count and Last-Modified in one query
            totals = queryset.aggregate(total=Count("pk"), newest=Max(newest_field))
            self.total_items, view.last_modified = totals["total"], totals["newest"]
        else:
            self.total_items = queryset.count()
        start = (self.page_number - 1) * self.per_page
        if start >= self.total_items:
            return []
        # Sort and slice the ids alone, then load only that page's full rows: sorting 10,000 wide
        # rows to keep 50 is what made the first version slow (see docs/performance.md).
        ids = list(queryset.values_list("pk", flat=True)[start : start + self.per_page])
        rows = {row.pk: row for row in queryset.filter(pk__in=ids).order_by()}
        return [rows[pk] for pk in ids]

    def get_paginated_response(self, data):
        return Response(self.envelope(data))

    def envelope(self, data):
        total_pages = max(1, math.ceil(self.total_items / self.per_page))
        return {
            "total_items": self.total_items,
            "total_pages": total_pages,
            "page_number": self.page_number,
            "size": len(data),
            "first_page": self.page_number == 1,
            "last_page": self.page_number >= total_pages,
            "empty": len(data) == 0,
            "contents": list(data),
        }
