"""`manage.py oruk_sync_feeds`: queue tonight's sync of every feed set to sync nightly.

The scheduler runs it every hour; a feed is due once a night, from SYNC_HOUR (UK time), so
partners' directories are read when nobody is editing. `--now` syncs every such feed at once.
"""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from localoffer.models import Feed
from localoffer.oruk.tasks import queue_run

SYNC_HOUR = 2


def due_feeds(now: datetime.datetime):
    local = timezone.localtime(now)
    tonight = local.replace(hour=SYNC_HOUR, minute=0, second=0, microsecond=0)
    if local < tonight:
        tonight -= datetime.timedelta(days=1)
    feeds = Feed.objects.filter(sync_nightly=True).exclude(url="")
    return [feed for feed in feeds if feed.last_synced_at is None or feed.last_synced_at < tonight]


class Command(BaseCommand):
    help = "Queue the nightly sync of every directory feed set to sync (services gone from a feed are unpublished)."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Sync every nightly feed now, due or not")

    def handle(self, *args, now=False, **options):
        feeds = list(Feed.objects.filter(sync_nightly=True).exclude(url="")) if now else due_feeds(timezone.now())
        for feed in feeds:
            run = queue_run(feed, sync=True)
            self.stdout.write(f"{feed.name}: import run {run.pk} {run.get_status_display().lower()}")
        self.stdout.write(f"{len(feeds)} feeds queued for sync.")
