"""Saving many services in one run: the bookkeeping Wagtail and search do on every save, done once
per page at the end of the run instead.

Wagtail queues a reference index update (which snippets and pages a page links to, for "usage"
in the admin) on every save of a page and of each of its child rows, and the search app rewrites
a service's search row on every save. An import saves a new service several times over (page,
revision, publishing, contacts, schedules, places, terms), so both were done many times per
record. Inside `deferred_bookkeeping()` they are collected for this thread and done once per page
when the block ends: the search rows in one pass and the index task once per published page (see
`search.signals.deferred`), and one reference index update queued per page. Child rows are
recorded under their page, as Wagtail's own task does. The public pages' cache is told once
that the content changed, not once per row saved. An import does not delete pages; the child
rows it replaces hold no references of their own (they are recorded under the page, which is
updated at the end).
"""

import threading
from contextlib import contextmanager

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_save
from modelcluster.fields import ParentalKey
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from search.api import indexing_deferred

from .. import caching

_state = threading.local()


def _owner(instance):
    """The object Wagtail records a child row's references under (its page), or None."""
    while True:
        keys = [field for field in instance._meta.get_fields() if isinstance(field, ParentalKey)]
        if not keys:
            return instance
        instance = getattr(instance, keys[0].name)
        if instance is None:
            return None


def _collect_reference_update(sender, instance, raw=False, **kwargs):
    pending = getattr(_state, "references", None)
    if pending is None or raw or sender not in ReferenceIndex.tracked_models:
        return
    owner = _owner(instance)
    if owner is not None and owner.pk is not None:
        pending.add((owner._meta.app_label, owner._meta.model_name, str(owner.pk)))


post_save.connect(_collect_reference_update, dispatch_uid="localoffer.oruk.bulk.references")


@contextmanager
def deferred_bookkeeping():
    """Collect search and reference index updates for this thread; do them once when the block
    ends (unless its transaction is being rolled back, as a preview's is). Nested blocks defer to
    the outermost."""
    from wagtail.tasks import update_reference_index_task

    if getattr(_state, "references", None) is not None:
        yield
        return
    _state.references = set()
    try:
        with indexing_deferred(), disable_reference_index_auto_update(), caching.one_content_change():
            yield
    finally:
        pending, _state.references = _state.references, None
        if not transaction.get_connection().needs_rollback:
            for app_label, model_name, pk in _still_there(pending):
                update_reference_index_task.enqueue(app_label, model_name, pk)


def _still_there(pending):
    """The pending objects that exist now: a record quarantined after saving was rolled back."""
    by_model = {}
    for app_label, model_name, pk in pending:
        by_model.setdefault((app_label, model_name), []).append(pk)
    for (app_label, model_name), pks in sorted(by_model.items()):
        model = apps.get_model(app_label, model_name)
        for pk in sorted(str(pk) for pk in model._default_manager.filter(pk__in=pks).values_list("pk", flat=True)):
            yield app_label, model_name, pk
