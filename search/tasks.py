"""Background index updates (django-tasks, database queue; `manage.py db_worker` runs them).

One idempotent task: it looks at the page now and indexes it if it is published and public,
otherwise removes it, so publish/unpublish/move/delete all enqueue the same thing and the order
they run in does not matter. It always updates the database backend's table, and Elasticsearch too
when that is configured (so a fallback to the database never searches stale rows). If the search
backend is down the task schedules itself again with a growing delay (30 s, 1, 2, 4, 8 minutes...
up to MAX_ATTEMPTS); nothing is lost, and
`manage.py search_index rebuild` repairs anything older.
"""

import datetime
import logging

from django.utils import timezone
from django_tasks import task, task_backends

from localoffer.caching import content_changed

from .backends import get_backend
from .backends.base import SearchUnavailable

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 8
FIRST_RETRY_SECONDS = 30


class IndexUpdateFailed(Exception):
    pass


@task()
def update_service_in_index(page_id: int, attempt: int = 1) -> str:
    from .entries import sync_entries

    backend = get_backend()
    if backend.name != "database":
        sync_entries([page_id])
    try:
        backend.update(page_id)
    except SearchUnavailable as error:
        if attempt >= MAX_ATTEMPTS:
            raise IndexUpdateFailed(f"Gave up indexing page {page_id} after {attempt} attempts: {error}") from error
        delay = datetime.timedelta(seconds=FIRST_RETRY_SECONDS * 2 ** (attempt - 1))
        logger.warning("Indexing page %s failed (attempt %s), retrying in %s: %s", page_id, attempt, delay, error)
        retry = update_service_in_index
        if task_backends[retry.backend].supports_defer:
            retry = retry.using(run_after=timezone.now() + delay)
        retry.enqueue(page_id, attempt + 1)
        return f"retry {attempt + 1} scheduled"
    content_changed()  # cached directory results may now be out of date
    return "indexed"


def enqueue_index_update(page_ids) -> None:
    for page_id in page_ids:
        update_service_in_index.enqueue(page_id)
