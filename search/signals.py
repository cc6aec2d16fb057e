"""Keep search in step with the directory.

- The database backend's table (`SearchEntry`) follows a service synchronously and cheaply: its
  page saved, published, unpublished, moved or deleted, its needs, categories or locations changed,
  or a view restriction added above it. A family never finds a service that is no longer public.
- Every change also enqueues a background task once the editor's transaction commits (never
  indexing Elasticsearch inside the request); renaming an organisation, location or taxonomy term
  reaches its services only through that task, which updates both the table and Elasticsearch.
"""

import threading
from contextlib import contextmanager

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

# ServicePage fields a row is built from: a save touching none of them (a draft revision) is skipped.
INDEXED_FIELDS = frozenset(
    "title summary description organization organization_id minimum_age maximum_age is_free delivery_methods "
    "live path url_path needs categories".split()
)


# A bulk load in this thread (see `deferred`): the pages whose rows and index it has touched so far.
_bulk = threading.local()


def _enqueue_after_commit(page_ids) -> None:
    from .tasks import enqueue_index_update

    if getattr(_bulk, "to_index", None) is not None:
        _bulk.to_index.update(page_ids)
        return
    page_ids = sorted(set(page_ids))
    if page_ids:
        transaction.on_commit(lambda: enqueue_index_update(page_ids))


def _sync(page_ids) -> None:
    from .entries import sync_entries

    if getattr(_bulk, "to_sync", None) is not None:
        _bulk.to_sync.update(page_ids)
        return
    sync_entries(page_ids)


@contextmanager
def deferred():
    """Follow a bulk load's changes once, at the end, instead of on every save.

    A directory import saves each service several times (the page, its revision, publishing it,
    its needs, categories and places); rewriting its search row on each of those saves was a fifth
    of the import's time. Inside this block, in this thread only, the pages touched are collected;
    when it ends their rows are written in one pass (`sync_entries`, which looks at the pages as
    they are then, so a record rolled back is simply not there) and the background index task is
    enqueued once for each page that asked for it (published or unpublished), after the transaction
    commits. Other threads (editors saving in the admin meanwhile) are followed as usual. Nested
    blocks defer to the outermost.
    """
    from .entries import sync_entries

    if getattr(_bulk, "to_sync", None) is not None:
        yield
        return
    _bulk.to_sync, _bulk.to_index = set(), set()
    try:
        yield
    finally:
        to_sync, to_index = _bulk.to_sync, _bulk.to_index
        _bulk.to_sync = _bulk.to_index = None
        if not transaction.get_connection().needs_rollback:  # a broken transaction is rolled back anyway
            sync_entries(to_sync)
            _enqueue_after_commit(to_index)


def _services_under(page):
    from localoffer.models import ServicePage

    return list(ServicePage.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True))


def _deleted_directly(instance, origin) -> bool:
    """Deleted on its own, not swept up by deleting a page above it (whose rows are going too)."""
    return origin is None or origin is instance or getattr(origin, "model", None) is type(instance)


# Synchronous: the search table
def service_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and not INDEXED_FIELDS & set(update_fields)):
        return
    _sync([instance.pk])


def service_terms_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        _sync([instance.pk])
    elif pk_set:
        _sync(pk_set)


def location_link_changed(sender, instance, origin=None, **kwargs):
    if "created" not in kwargs and not _deleted_directly(instance, origin):
        return
    _sync([instance.service_id])


def restriction_changed(sender, instance, origin=None, **kwargs):
    if "created" not in kwargs and not _deleted_directly(instance, origin):
        return
    _sync(_services_under(instance.page))


def service_published_or_unpublished(sender, instance, **kwargs):
    """The table already follows: publishing and unpublishing save the page (`service_saved`)."""
    _enqueue_after_commit([instance.pk])


def service_deleted(sender, instance, **kwargs):
    _sync([instance.pk])
    _enqueue_after_commit([instance.pk])


def page_moved(sender, instance, **kwargs):
    """Moving a service, or the directory above it, changes its URL and maybe its view restrictions."""
    page_ids = _services_under(instance)
    _sync(page_ids)
    _enqueue_after_commit(page_ids)


# Background: renames reach every service that shows the name
def organization_changed(sender, instance, **kwargs):
    _enqueue_after_commit(instance.services.values_list("pk", flat=True))


def location_changed(sender, instance, **kwargs):
    _enqueue_after_commit(instance.service_at_locations.values_list("service_id", flat=True))


def term_changed(sender, instance, **kwargs):
    _enqueue_after_commit(
        [
            *instance.services_by_need.values_list("pk", flat=True),
            *instance.services_by_category.values_list("pk", flat=True),
        ]
    )


def fill_table_after_migrate(sender, using="default", **kwargs):
    """A database migrated onto the search table (or restored without it) gets its rows at once."""
    from django.db import connections

    from .entries import entries_in_step, rebuild_entries
    from .models import SearchEntry

    if using != "default" or SearchEntry._meta.db_table not in connections[using].introspection.table_names():
        return
    missing, extra = entries_in_step()
    if missing or extra:
        rebuild_entries()


RECEIVERS = []  # (signal, receiver, sender, dispatch_uid), filled by connect()


def connect(app_config=None):
    from wagtail.models import PageViewRestriction

    from localoffer.models import Location, Organization, ServiceAtLocation, ServicePage, TaxonomyTerm

    RECEIVERS[:] = [
        (post_save, service_saved, ServicePage, "search.saved"),
        (m2m_changed, service_terms_changed, ServicePage.needs.through, "search.needs"),
        (m2m_changed, service_terms_changed, ServicePage.categories.through, "search.categories"),
        (post_save, location_link_changed, ServiceAtLocation, "search.located"),
        (post_delete, location_link_changed, ServiceAtLocation, "search.unlocated"),
        (post_save, restriction_changed, PageViewRestriction, "search.restricted"),
        (post_delete, restriction_changed, PageViewRestriction, "search.unrestricted"),
        (page_published, service_published_or_unpublished, ServicePage, "search.published"),
        (page_unpublished, service_published_or_unpublished, ServicePage, "search.unpublished"),
        (post_delete, service_deleted, ServicePage, "search.deleted"),
        (post_page_move, page_moved, None, "search.moved"),
        (post_save, organization_changed, Organization, "search.organization"),
        (post_save, location_changed, Location, "search.location"),
        (post_save, term_changed, TaxonomyTerm, "search.term"),
    ]
    for signal, receiver, sender, dispatch_uid in RECEIVERS:
        signal.connect(receiver, sender=sender, dispatch_uid=dispatch_uid)
    if app_config is not None:
        post_migrate.connect(fill_table_after_migrate, sender=app_config, dispatch_uid="search.migrated")


def disconnect():
    """Stop following changes (a bulk load that rebuilds the index afterwards); `connect()` resumes."""
    for signal, receiver, sender, dispatch_uid in RECEIVERS:
        signal.disconnect(receiver, sender=sender, dispatch_uid=dispatch_uid)
