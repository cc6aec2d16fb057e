"""Directory imports in the Wagtail admin: add a feed by upload, preview it, import it, read the
report (and download it as CSV), correct a quarantined record and import it from there."""

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from localoffer.models import Feed, ImportRun, QuarantinedRecord, ServicePage
from localoffer.oruk import versions

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
ORUK1 = Path(__file__).parent / "fixtures" / "oruk" / "oruk1_open_place_feed.json"


@pytest.fixture
def admin_client(client, superuser, settings, directory):
    settings.TASKS = IMMEDIATE
    client.force_login(superuser)
    return client


def add_feed(client):
    upload = SimpleUploadedFile("camden.json", ORUK1.read_bytes(), content_type="application/json")
    response = client.post(reverse("oruk_feed:add"), {"name": "Camden directory", "url": "", "upload": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Feed.objects.get()


def test_an_editor_previews_then_imports_an_uploaded_feed_and_reads_the_report(admin_client):
    listing = admin_client.get(reverse("oruk_feed:index")).content.decode()
    assert "Spreadsheet template (XLSX)" in listing and "Export the directory (CSV)" in listing
    feed = add_feed(admin_client)
    assert "Preview" in admin_client.get(reverse("oruk_feed:index")).content.decode()

    confirm = admin_client.get(reverse("oruk_feed:run", args=[feed.pk, "preview"]))
    assert "Nothing in the directory changes" in confirm.content.decode()
    response = admin_client.post(reverse("oruk_feed:run", args=[feed.pk, "preview"]))
    preview = ImportRun.objects.get()
    assert response["Location"] == reverse("oruk_import_run:inspect", args=[preview.pk])
    assert preview.dry_run and (preview.created, preview.quarantined) == (5, 5)
    assert not ServicePage.objects.exists() and not QuarantinedRecord.objects.exists()

    report = admin_client.get(response["Location"]).content.decode()
    assert "A preview: nothing in the directory was changed." in report
    assert "Holiday Activities" in report and "Enter a valid URL." in report
    assert "Import this feed now" in report

    admin_client.post(reverse("oruk_feed:run", args=[feed.pk, "import"]))
    run = ImportRun.objects.exclude(pk=preview.pk).get()
    assert (run.dry_run, run.created, run.repaired, run.quarantined) == (False, 5, 5, 5)
    assert ServicePage.objects.count() == 5 and QuarantinedRecord.objects.count() == 5

    download = admin_client.get(reverse("oruk_import_run:report_csv", args=[run.pk]))
    assert download["Content-Disposition"] == f'attachment; filename="import-run-{run.pk}-report.csv"'
    rows = list(csv.reader(io.StringIO(download.content.decode())))
    assert rows[0] == ["run", "started", "format", "position", "record_id", "name", "outcome", "field", "detail"]
    assert [row[3:] for row in rows[1:] if row[6] == "quarantined"][:2] == [
        ["4", "svc-1004", "Holiday Activities", "quarantined", "url", "Enter a valid URL."],
        ["5", "svc-1005", "Short Breaks Service", "quarantined", "organization",
         "no organisation given, and no organisation here has the id given"],
    ]  # fmt: skip
    assert len(rows) == 1 + run.lines.count()

    history = admin_client.get(reverse("oruk_import_run:index")).content.decode()
    assert "Preview of Camden directory" in history and "Import of Camden directory" in history


def test_a_quarantined_record_is_corrected_and_imported_in_the_admin(admin_client):
    feed = add_feed(admin_client)
    admin_client.post(reverse("oruk_feed:run", args=[feed.pk, "import"]))
    listing = admin_client.get(reverse("oruk_quarantine:index")).content.decode()
    assert "url: Enter a valid URL." in listing and "Holiday Activities" in listing
    held = QuarantinedRecord.objects.get(record_id="svc-1008")
    assert reverse("oruk_quarantine:import", args=[held.pk]) in listing
    edit = admin_client.get(reverse("oruk_quarantine:edit", args=[held.pk])).content.decode()
    assert "svc-1008" in edit
    payload = dict(held.payload, name="Portage home visiting")
    response = admin_client.post(
        reverse("oruk_quarantine:edit", args=[held.pk]), {"payload": json.dumps(payload), "status": "waiting"}
    )
    assert response.status_code == 302
    confirm = admin_client.get(reverse("oruk_quarantine:import", args=[held.pk])).content.decode()
    assert "name</strong>: This field cannot be blank." in confirm
    response = admin_client.post(reverse("oruk_quarantine:import", args=[held.pk]))
    run = ImportRun.objects.order_by("-pk").first()
    assert response["Location"] == reverse("oruk_import_run:inspect", args=[run.pk])
    assert run.created == 1 and run.quarantined == 0
    page = ServicePage.objects.get(uuid=versions.stable_id("service", "svc-1008"))
    assert page.title == "Portage home visiting"
    held.refresh_from_db()
    assert held.status == QuarantinedRecord.IMPORTED


def test_broken_json_in_the_quarantine_form_is_refused_with_a_message(admin_client):
    feed = add_feed(admin_client)
    admin_client.post(reverse("oruk_feed:run", args=[feed.pk, "import"]))
    held = QuarantinedRecord.objects.get(record_id="svc-1004")
    response = admin_client.post(reverse("oruk_quarantine:edit", args=[held.pk]), {"payload": "{", "status": "waiting"})
    assert response.status_code == 200 and "Enter a valid JSON" in response.content.decode()
    held.refresh_from_db()
    assert held.payload["name"] == "Holiday Activities"


def test_a_feed_needs_an_address_or_a_file_and_only_an_address_can_sync(admin_client):
    response = admin_client.post(reverse("oruk_feed:add"), {"name": "Nothing", "url": "", "sync_nightly": "on"})
    assert response.status_code == 200
    assert "Give the feed&#x27;s address or upload a file" in response.content.decode()
    assert not Feed.objects.exists()


def test_editors_without_the_feed_permission_cannot_run_imports(client, editor, directory):
    feed = Feed.objects.create(name="Partner", url="https://example.org/api/services")
    client.force_login(editor)
    assert client.post(reverse("oruk_feed:run", args=[feed.pk, "import"])).status_code in (302, 403)
    assert client.get(reverse("oruk_spreadsheet_export", args=["csv"])).status_code in (302, 403)
    assert not ImportRun.objects.exists()


def test_a_running_import_shows_its_progress_and_refreshes_itself(admin_client, monkeypatch):
    from localoffer.oruk import importer, runs

    monkeypatch.setattr(runs, "PROGRESS_SECONDS", 0)
    feed = add_feed(admin_client)
    run = ImportRun.objects.create(feed=feed, source=feed.source)
    queued = admin_client.get(reverse("oruk_import_run:inspect", args=[run.pk])).content.decode()
    assert "This run is waiting to start." in queued and 'http-equiv="refresh"' in queued
    pages, real = [], importer.Importer.apply

    def apply_and_look(self, record, *args, **kwargs):
        if record.get("name") == "Speech and Language Therapy":
            pages.append(admin_client.get(reverse("oruk_import_run:inspect", args=[run.pk])).content.decode())
        return real(self, record, *args, **kwargs)

    monkeypatch.setattr(importer.Importer, "apply", apply_and_look)
    runs.run_import(feed=feed, run=run)
    assert "This run is running." in pages[0]
    assert "Importing: 5 of 10 records done." in pages[0]  # the sixth record, five before it done
    assert '<progress id="run-progress" max="10" value="5"' in pages[0]
    assert 'http-equiv="refresh" content="10"' in pages[0] and "Check again now" in pages[0]
    finished = admin_client.get(reverse("oruk_import_run:inspect", args=[run.pk])).content.decode()
    assert "run-progress" not in finished and 'http-equiv="refresh"' not in finished
