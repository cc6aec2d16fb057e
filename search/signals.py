"""Keep the search index in step with the directory: changes enqueue a background task once the
editor's transaction commits, never indexing inside the request."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move


def _enqueue_after_commit(page_ids) -> None:
    from .tasks import enqueue_index_update

    page_ids = sorted(set(page_ids))
    if page_ids:
        transaction.on_commit(lambda: enqueue_index_update(page_ids))


def service_changed(sender, instance, **kwargs):
    _enqueue_after_commit([instance.pk])


def page_moved(sender, instance, **kwargs):
    """Moving a service, or the directory above it, changes its URL."""
    from localoffer.models import ServicePage

    _enqueue_after_commit(ServicePage.objects.descendant_of(instance, inclusive=True).values_list("pk", flat=True))


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


def connect():
    from localoffer.models import Location, Organization, ServicePage, TaxonomyTerm

    page_published.connect(service_changed, sender=ServicePage, dispatch_uid="search.published")
    page_unpublished.connect(service_changed, sender=ServicePage, dispatch_uid="search.unpublished")
    post_delete.connect(service_changed, sender=ServicePage, dispatch_uid="search.deleted")
    post_page_move.connect(page_moved, dispatch_uid="search.moved")
    post_save.connect(organization_changed, sender=Organization, dispatch_uid="search.organization")
    post_save.connect(location_changed, sender=Location, dispatch_uid="search.location")
    post_save.connect(term_changed, sender=TaxonomyTerm, dispatch_uid="search.term")
