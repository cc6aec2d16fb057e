"""Imports in the background (django-tasks; `manage.py db_worker` runs them), so a feed of
thousands of services never holds an editor's request open."""

from django.utils import timezone
from django_tasks import task

from ..models import Feed, ImportRun
from . import importer, runs


@task()
def run_feed_import(run_id: int, unpublish_missing: bool = False) -> str:
    run = ImportRun.objects.select_related("feed").get(pk=run_id)
    try:
        runs.run_import(feed=run.feed, run=run, dry_run=run.dry_run, unpublish_missing=unpublish_missing)
    except importer.ImportFailed:
        return "failed"  # the reason is on the run, for the admin's history
    if unpublish_missing and run.feed is not None:
        Feed.objects.filter(pk=run.feed.pk).update(last_synced_at=timezone.now())
    return "done"


def queue_run(feed: Feed, *, dry_run: bool = False, user=None, sync: bool = False) -> ImportRun:
    """Record the run as waiting, then hand it to the worker; the admin shows it straight away."""
    run = ImportRun.objects.create(feed=feed, source=feed.source[:1000], dry_run=dry_run, started_by=user)
    run_feed_import.enqueue(run.pk, sync)
    run.refresh_from_db()
    return run
