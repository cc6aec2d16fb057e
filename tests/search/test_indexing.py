"""Publishing, unpublishing, moving and deleting a service updates the index through a background
task; if Elasticsearch is down the task is retried and nothing is lost."""

from io import StringIO

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from search.api import ServiceQuery
from search.backends import get_backend
from search.tasks import update_service_in_index
from tests.localoffer.factories import DirectoryIndexPageFactory, ServicePageFactory, need
from tests.search.conftest import SESSION_PREFIX, elasticsearch_backend

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def es_settings(settings, directory):
    """The site configured for the test node, with a fresh index prefix; tasks run immediately."""
    backend = elasticsearch_backend()
    settings.ELASTICSEARCH_URL = backend.url
    settings.ELASTICSEARCH_INDEX_PREFIX = backend.alias.removesuffix("-services")
    settings.TASKS = IMMEDIATE
    yield backend
    backend.delete_indices()


def indexed_ids(backend):
    if not backend._indices_behind_alias():
        return set()
    backend.client.indices.refresh(index=backend.alias)
    return backend.indexed_page_ids()


def test_publishing_indexes_and_unpublishing_removes(es_settings, directory, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        service = ServicePageFactory(parent=directory, title="Autism Outreach", needs=[need("autism", "Autism")])
    assert indexed_ids(es_settings) == {service.pk}
    assert get_backend().find_services(ServiceQuery(text="autism")).total == 1

    with django_capture_on_commit_callbacks(execute=True):
        service.unpublish()
    assert indexed_ids(es_settings) == set()


def test_deleting_removes_from_the_index(es_settings, directory, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        service = ServicePageFactory(parent=directory, title="Sensory Club", needs=[need("autism", "Autism")])
    assert indexed_ids(es_settings) == {service.pk}
    with django_capture_on_commit_callbacks(execute=True):
        service.delete()
    assert indexed_ids(es_settings) == set()


def test_moving_reindexes_with_the_new_url(es_settings, home_page, directory, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        service = ServicePageFactory(parent=directory, title="Speech Therapy", slug="speech", needs=[need("speech")])
    other = DirectoryIndexPageFactory.build(title="Archive", slug="archive")
    home_page.add_child(instance=other)  # max_count is a form rule; the model allows the move in tests
    with django_capture_on_commit_callbacks(execute=True):
        service.move(other, pos="last-child")
    assert indexed_ids(es_settings) == {service.pk}
    hit = get_backend().find_services(ServiceQuery(text="speech")).hits[0]
    assert hit.url == "/archive/speech/"


def test_an_update_while_elasticsearch_is_down_is_queued_again_not_lost(settings, directory):
    service = ServicePageFactory(parent=directory, title="Autism Outreach", needs=[need("autism")])
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    settings.ELASTICSEARCH_INDEX_PREFIX = f"{SESSION_PREFIX}-down"
    settings.TASKS = DATABASE_QUEUE

    result = update_service_in_index.call(service.pk)

    assert result == "retry 2 scheduled"
    retry = DBTaskResult.objects.get(task_path="search.tasks.update_service_in_index")
    assert retry.args_kwargs["args"] == [service.pk, 2]
    assert retry.run_after is not None

    backend = elasticsearch_backend()  # the node comes back: the queued retry indexes the page
    settings.ELASTICSEARCH_URL = backend.url
    settings.ELASTICSEARCH_INDEX_PREFIX = backend.alias.removesuffix("-services")
    try:
        assert update_service_in_index.call(*retry.args_kwargs["args"]) == "indexed"
        assert indexed_ids(backend) == {service.pk}
    finally:
        backend.delete_indices()


def test_rebuild_swaps_the_alias_and_status_reports_counts(es_settings, directory):
    first = ServicePageFactory(parent=directory, title="Autism Outreach", needs=[need("autism")])
    out = StringIO()
    call_command("search_index", "rebuild", stdout=out, stderr=StringIO())
    assert "Indexed 1 services" in out.getvalue()
    old_indices = es_settings._indices_behind_alias()

    second = ServicePageFactory(parent=directory, title="Sensory Club", needs=[need("autism")])
    status = StringIO()
    call_command("search_index", "status", stdout=status)
    assert "1 documents in the index, 2 published services" in status.getvalue()
    assert "Missing from the index: 1" in status.getvalue()

    call_command("search_index", "rebuild", stdout=StringIO(), stderr=StringIO())
    new_indices = es_settings._indices_behind_alias()
    assert len(new_indices) == 1 and new_indices != old_indices
    assert not es_settings.client.indices.exists(index=old_indices[0])
    assert indexed_ids(es_settings) == {first.pk, second.pk}
    status = StringIO()
    call_command("search_index", "status", stdout=status)
    assert "2 documents in the index, 2 published services" in status.getvalue() and "In step" in status.getvalue()


def test_database_backend_commands(directory):
    ServicePageFactory(parent=directory, title="Autism Outreach")
    out = StringIO()
    call_command("search_index", "rebuild", stdout=out, stderr=StringIO())
    assert "Wrote 1 services to the database search table" in out.getvalue()
    status = StringIO()
    call_command("search_index", "status", stdout=status)
    assert "Backend: database. 1 rows in the search table, 1 published services" in status.getvalue()
    assert "In step." in status.getvalue()
