"""The database backend's search table (`SearchEntry`): building rows and keeping them in step.

A row is built from the same document Elasticsearch indexes (`service_document`, without the URL
lookup), so both backends search the same words. Only live, public services have a row: a page
that is a draft, unpublished, deleted or under a view restriction is never findable.

`sync_entries(page_ids)` looks at the pages now and writes, rewrites or deletes their rows, so it
is idempotent and the order of calls does not matter. `rebuild_entries()` rewrites the table.
"""

from collections.abc import Callable, Iterable

from django.db import transaction

from .indexing import index_terms, indexable_services, service_document
from .text import index_words

CHUNK_SIZE = 500


def build_entry(service):
    """An unsaved `SearchEntry` for a ServicePage (organization, needs, categories and locations
    loaded, as `indexable_services()` does)."""
    from .models import SearchEntry

    document = service_document(service, with_url=False)
    points = [(point["lat"], point["lon"]) for point in document["locations"]]
    latitudes = [latitude for latitude, _ in points]
    longitudes = [longitude for _, longitude in points]
    return SearchEntry(
        page_id=service.pk,
        **index_terms(document),
        title_words=index_words(document["title"]),
        title_sort=document["title_sort"][:255],
        minimum_age=document["ages"]["gte"],
        maximum_age=document["ages"]["lte"],
        is_free=document["is_free"],
        need_codes=" ".join(document["need_codes"]),
        category_codes=" ".join(document["category_codes"]),
        delivery_methods=" ".join(dict.fromkeys(document["delivery"])),
        areas=" ".join(document["areas"]),
        points=" ".join(f"{latitude!r},{longitude!r}" for latitude, longitude in points),
        latitude_min=min(latitudes, default=None),
        latitude_max=max(latitudes, default=None),
        longitude_min=min(longitudes, default=None),
        longitude_max=max(longitudes, default=None),
    )


def parse_points(points: str) -> list[tuple[float, float]]:
    pairs = []
    for pair in points.split():
        latitude, longitude = pair.split(",")
        pairs.append((float(latitude), float(longitude)))
    return pairs


def sync_entries(page_ids: Iterable[int]) -> int:
    """Write the rows of these pages as they are now (deleting those no longer live and public).
    Returns how many rows were written."""
    from . import vocabulary
    from .models import SearchEntry

    page_ids = sorted(set(page_ids))
    if not page_ids:
        return 0
    with transaction.atomic():
        entries = [build_entry(service) for service in indexable_services().filter(pk__in=page_ids)]
        SearchEntry.objects.filter(pk__in=page_ids).delete()
        SearchEntry.objects.bulk_create(entries)
    vocabulary.invalidate()
    return len(entries)


def rebuild_entries(progress: Callable[[int], object] | None = None) -> int:
    """Rewrite every row in one transaction: searches see the old table until it commits."""
    from . import vocabulary
    from .models import SearchEntry

    count = 0
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        batch = []
        for service in indexable_services().iterator(chunk_size=CHUNK_SIZE):
            batch.append(build_entry(service))
            if len(batch) >= CHUNK_SIZE:
                count += _write(batch, progress)
                batch = []
        count += _write(batch, progress)
    vocabulary.invalidate()
    return count


def _write(batch, progress) -> int:
    from .models import SearchEntry

    if batch:
        SearchEntry.objects.bulk_create(batch)
        if progress:
            progress(len(batch))
    return len(batch)


def entries_in_step() -> tuple[set[int], set[int]]:
    """(published services without a row, rows that are not a published service)."""
    from .models import SearchEntry

    published = set(indexable_services().values_list("pk", flat=True))
    stored = set(SearchEntry.objects.values_list("pk", flat=True))
    return published - stored, stored - published
