"""An imported directory is searchable the moment the import ends, though the search rows and
reference index are written once per service at the end of the run rather than on every save."""

import json
from pathlib import Path

import pytest
from wagtail.models import ReferenceIndex

from localoffer import caching
from localoffer.models import Organization, ServicePage
from localoffer.oruk import runs, versions
from search import entries, tasks
from search.api import ServiceQuery
from search.backends import build_backend
from search.models import SearchEntry

pytestmark = pytest.mark.django_db

ORUK1 = str(Path(__file__).parent / "fixtures" / "oruk" / "oruk1_open_place_feed.json")
IMPORTED = {
    "Parent Carer Forum drop-in",
    "Sensory Play Sessions",
    "Youth Housing Advice",
    "Speech and Language Therapy",
    "Monthly Coffee Morning",
}
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def found(text="", **filters):
    return {hit.title for hit in build_backend("database").find_services(ServiceQuery(text=text, **filters)).hits}


def test_a_published_import_is_found_by_the_directory_search_at_once(client, directory):
    run = runs.run_import(ORUK1, publish=True)
    assert run.created == 5
    assert found() == IMPORTED
    assert found("sensory play") == {"Sensory Play Sessions"}
    assert found("camden parent carer forum") >= {"Parent Carer Forum drop-in"}
    html = client.get(directory.url, {"q": "speech language therapy"}).content.decode()
    assert "Speech and Language Therapy" in html and "1 service found" in html
    assert set(SearchEntry.objects.values_list("page_id", flat=True)) == set(
        ServicePage.objects.live().values_list("pk", flat=True)
    )


def test_the_search_rows_are_written_once_for_the_whole_run(monkeypatch, directory):
    calls = []
    real = entries.sync_entries
    monkeypatch.setattr(entries, "sync_entries", lambda page_ids: calls.append(sorted(set(page_ids))) or real(page_ids))
    runs.run_import(ORUK1, publish=True)
    created = sorted(ServicePage.objects.values_list("pk", flat=True))
    assert len(created) == 5
    assert calls == [created]  # not once per save, needs change and place of every service


def test_the_background_index_task_runs_once_per_published_service(
    settings, monkeypatch, directory, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    indexed = []
    real = tasks.enqueue_index_update
    monkeypatch.setattr(
        tasks, "enqueue_index_update", lambda page_ids: indexed.append(sorted(page_ids)) or real(page_ids)
    )
    with django_capture_on_commit_callbacks(execute=True):
        runs.run_import(ORUK1, publish=True)
    assert indexed == [sorted(ServicePage.objects.values_list("pk", flat=True))]
    assert found("coffee morning") == {"Monthly Coffee Morning"}


def test_drafts_and_previews_are_not_searchable(directory):
    runs.run_import(ORUK1, dry_run=True, publish=True)
    assert not ServicePage.objects.exists() and not SearchEntry.objects.exists()
    runs.run_import(ORUK1)  # drafts
    assert ServicePage.objects.count() == 5
    assert found() == set() and not SearchEntry.objects.exists()


def test_an_update_from_the_feed_reaches_the_search_row(directory, tmp_path):
    runs.run_import(ORUK1, publish=True)
    feed = json.loads(Path(ORUK1).read_text(encoding="utf-8"))
    feed["content"][1]["name"] = "Sensory Garden Sessions"
    changed = tmp_path / "feed.json"
    changed.write_text(json.dumps(feed), encoding="utf-8")
    run = runs.run_import(str(changed), publish=True)
    assert run.updated == 1
    assert found("garden") == {"Sensory Garden Sessions"}
    assert "Sensory Play Sessions" not in found()


def test_the_reference_index_records_each_imported_service_once_the_run_ends(settings, directory):
    settings.TASKS = IMMEDIATE
    runs.run_import(ORUK1, publish=True)
    page = ServicePage.objects.get(uuid=versions.stable_id("service", "svc-1001"))
    forum = Organization.objects.get(name="Camden Parent Carer Forum")
    assert ReferenceIndex.get_references_to(forum).filter(object_id=str(page.pk)).exists()


def test_the_public_pages_cache_is_moved_on_once_per_import(directory, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        runs.run_import(ORUK1, publish=True)
    assert [callback for callback in callbacks if callback is caching._bump] == [caching._bump]
    version = caching.content_version()
    for callback in callbacks:
        callback()
    assert caching.content_version() > version  # cached pages from before the import are not served
