"""A task whose worker died mid-way (left RUNNING) goes back in the queue; a task still within its
time is left alone."""

import datetime
from io import StringIO

from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from search.tasks import update_service_in_index

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def claim(result, minutes_ago):
    row = DBTaskResult.objects.get(pk=result.id)
    row.claim("worker-that-died")
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=timezone.now() - datetime.timedelta(minutes=minutes_ago))


def test_tasks_left_running_by_a_dead_worker_are_run_again(db, settings):
    settings.TASKS = DATABASE_QUEUE
    abandoned = update_service_in_index.enqueue(101)
    busy = update_service_in_index.enqueue(102)
    claim(abandoned, minutes_ago=30)
    claim(busy, minutes_ago=1)
    out = StringIO()
    call_command("requeue_stalled_tasks", "--older-than", "600", stdout=out)
    assert "1 stalled task requeued" in out.getvalue()
    assert DBTaskResult.objects.get(pk=abandoned.id).status == "READY"
    assert DBTaskResult.objects.get(pk=busy.id).status == "RUNNING"
    ready = DBTaskResult.objects.ready()
    assert list(ready.values_list("pk", flat=True)) == [DBTaskResult.objects.get(pk=abandoned.id).pk]
