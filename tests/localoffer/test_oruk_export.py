"""`manage.py oruk_export` and the round trip: exporting the demo directory and importing the file
changes nothing, and a directory rebuilt from the file exports the same file."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from localoffer.models import ORUKImportRecord, ServicePage
from tests.localoffer.oruk_factories import bare_service, full_service, service_with_many_cost_options
from tests.localoffer.oruk_schema import assert_no_empty_values, assert_valid

pytestmark = pytest.mark.django_db


def export(path):
    out = StringIO()
    call_command("oruk_export", str(path), stdout=out, stderr=StringIO())
    return out.getvalue(), json.loads(path.read_text(encoding="utf-8"))


def without_timestamps(services):
    return [{key: value for key, value in service.items() if key != "last_modified"} for service in services]


def test_export_writes_every_published_service_as_a_valid_package(directory, tmp_path):
    full_service(directory)
    service_with_many_cost_options(directory)
    bare_service(directory)
    bare_service(directory, title="Draft only").unpublish()
    out, services = export(tmp_path / "directory.json")
    assert out.strip() == f"Exported 3 services to {tmp_path / 'directory.json'}."
    assert_valid("compiled/service_package", services)
    assert_no_empty_values(services)
    assert [service["name"] for service in services] == ["Helpline", "Holiday scheme", "Saturday Sensory Club"]
    assert services[2]["localoffer"]["summary"] == "Sensory play sessions for children with autism"


def test_demo_directory_round_trip_changes_nothing(tmp_path):
    call_command("load_demo", stdout=StringIO(), stderr=StringIO())
    _, exported = export(tmp_path / "demo.json")
    assert len(exported) == ServicePage.objects.live().count() >= 100
    assert_valid("compiled/service_package", exported)
    revisions = {page.pk: page.latest_revision_id for page in ServicePage.objects.all()}

    out = StringIO()
    call_command("oruk_import", str(tmp_path / "demo.json"), stdout=out, stderr=StringIO())
    assert (
        f"0 services created, 0 updated, {len(exported)} unchanged, 0 repaired, 0 quarantined, 0 skipped"
        in out.getvalue()
    )
    assert "0 organisations, 0 locations, 0 taxonomies and 0 taxonomy terms created" in out.getvalue()
    assert {page.pk: page.latest_revision_id for page in ServicePage.objects.all()} == revisions

    # Rebuild the services from the file alone: the export is the same, apart from publish times.
    for page in ServicePage.objects.all():
        page.delete()
    out = StringIO()
    call_command("oruk_import", str(tmp_path / "demo.json"), "--publish", stdout=out, stderr=StringIO())
    assert f"{len(exported)} services created" in out.getvalue()
    _, rebuilt = export(tmp_path / "rebuilt.json")
    for before, after in zip(without_timestamps(exported), without_timestamps(rebuilt), strict=True):
        changed = {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
        assert not changed, (before["name"], {key: (before.get(key), after.get(key)) for key in changed})
    assert ORUKImportRecord.objects.count() == len(exported)
