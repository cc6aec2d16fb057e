"""Put background tasks whose worker died back in the queue.

`manage.py db_worker` marks a task RUNNING when it takes it and SUCCESSFUL or FAILED when it ends. A
worker killed mid-task (a deploy, the machine going away, the out-of-memory killer) leaves its task
RUNNING for ever, so nothing would retry it. Run this every minute beside the workers (cron, a
systemd timer or a loop in the worker's container): any task RUNNING for longer than `--older-than`
seconds is made READY again and the next worker runs it. The site's tasks are idempotent (indexing a
service looks at the page as it is now), so running one twice is safe.
"""

import datetime

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult


class Command(BaseCommand):
    help = "Make tasks left RUNNING by a worker that died READY again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=float,
            default=600,
            help="Seconds a task may run before it is taken as abandoned (default 600: longer than any task).",
        )

    def handle(self, *args, older_than, **options):
        cutoff = timezone.now() - datetime.timedelta(seconds=older_than)
        with transaction.atomic():
            stalled = DBTaskResult.objects.select_for_update().filter(
                status=TaskResultStatus.RUNNING, started_at__lt=cutoff
            )
            names = [f"{task.task_path} ({task.id})" for task in stalled]
            count = stalled.update(status=TaskResultStatus.READY, started_at=None)
        for name in names:
            self.stdout.write(f"Requeued {name}")
        self.stdout.write(f"{count} stalled task{'s' if count != 1 else ''} requeued")
