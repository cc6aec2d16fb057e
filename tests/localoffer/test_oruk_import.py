"""`manage.py oruk_import`: the profile's own examples, a local feed over HTTP, validation, dry runs
and the protection of services edited here since their last import."""

import copy
import http.server
import json
import threading
import uuid
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from localoffer.models import Location, Organization, ORUKImportRecord, QuarantinedRecord, ServicePage, TaxonomyTerm
from tests.localoffer.oruk_schema import assert_valid, assert_valid_response

pytestmark = pytest.mark.django_db

EXAMPLES = Path(settings.BASE_DIR) / "data" / "oruk-uk-profile" / "examples"
SERVICE_ID = "ac148810-d857-441c-9679-408f346de14b"


def example(name):
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


def write(tmp_path, payload, name="feed.json"):
    path = tmp_path / name
    path.write_text(json.dumps(payload), encoding="utf-8")
    return str(path)


def run_import(source, *args):
    out, err = StringIO(), StringIO()
    call_command("oruk_import", source, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_profiles_full_service_example_imports_as_a_draft(directory):
    out, err = run_import(str(EXAMPLES / "service_full.json"))
    assert "1 services created" in out
    service = ServicePage.objects.get(uuid=SERVICE_ID)
    assert not service.live and service.get_parent().pk == directory.pk
    draft = service.get_latest_revision_as_object()
    assert draft.organization.name == "Example Organization Inc."
    assert [(s.byday, s.opens_at.hour) for s in draft.schedules.all()] == [("TH", 10), ("FR", 10)]
    assert [str(c.amount) for c in draft.cost_options.all()] == ["35.00"]
    assert draft.contacts.first().name == "Ann Persona"
    assert draft.maximum_age == 25  # the example's 100 is beyond the directory's limit
    assert "maximum_age: 100 is recorded as 25" in err
    assert Location.objects.get(id="3a19ff88-4620-4d17-9830-ac1d859eb5d5").name == "MyCity Civic Center"
    assert TaxonomyTerm.objects.filter(id="3f7b145d-84af-42d7-8fae-eaca714b02b2").exists()
    assert ORUKImportRecord.objects.get(service=service).revision_id == service.latest_revision_id


def test_a_published_import_appears_in_the_api_and_validates(client, directory):
    run_import(str(EXAMPLES / "service_full.json"), "--publish")
    body = client.get(f"/api/oruk/services/{SERVICE_ID}").json()
    assert_valid("compiled/service", body)
    assert_valid_response("/services/{id}", body)
    assert body["name"] == "Community Counselling"
    assert body["cost_options"][0]["amount"] == 35
    assert {a["taxonomy_term"]["id"] for a in body["attributes"]} == {"3f7b145d-84af-42d7-8fae-eaca714b02b2"}


def test_the_profiles_list_examples_import(directory, tmp_path):
    out, _ = run_import(str(EXAMPLES / "service_list.json"), "--publish")
    assert "1 services created" in out
    service = ServicePage.objects.get(uuid=SERVICE_ID)
    assert service.live and str(service.organization_id) == "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"
    assert service.summary.startswith("Counselling Services provided by trained professionals.")
    # The service-at-location list example carries the same one-to-one service record.
    nested = example("service_at_location_list.json")["contents"][0]["service"]
    out, _ = run_import(write(tmp_path, nested))
    assert "0 services created, 0 updated, 1 unchanged" in out


def test_importing_the_same_feed_again_changes_nothing(directory):
    run_import(str(EXAMPLES / "service_full.json"), "--publish")
    revisions = ServicePage.objects.get(uuid=SERVICE_ID).revisions.count()
    out, _ = run_import(str(EXAMPLES / "service_full.json"), "--publish")
    assert "0 services created, 0 updated, 1 unchanged" in out
    assert ServicePage.objects.get(uuid=SERVICE_ID).revisions.count() == revisions


def test_an_updated_feed_adds_a_revision(directory, tmp_path):
    run_import(str(EXAMPLES / "service_full.json"), "--publish")
    changed = example("service_full.json")
    changed["name"] = "Community Counselling Plus"
    out, _ = run_import(write(tmp_path, [changed]))
    assert "1 updated" in out
    service = ServicePage.objects.get(uuid=SERVICE_ID)
    assert service.title == "Community Counselling Plus"  # it was live, so the revision is published
    assert service.revisions.count() == 2


def test_a_service_edited_here_is_not_overwritten_without_overwrite(directory, tmp_path):
    run_import(str(EXAMPLES / "service_full.json"), "--publish")
    service = ServicePage.objects.get(uuid=SERVICE_ID)
    service.summary = "Edited by the Local Offer team"
    service.save_revision().publish()
    changed = example("service_full.json")
    changed["name"] = "Renamed upstream"
    out, err = run_import(write(tmp_path, [changed]))
    assert "1 skipped" in out and "--overwrite" in err
    assert ServicePage.objects.get(uuid=SERVICE_ID).title == "Community Counselling"
    out, _ = run_import(write(tmp_path, [changed]), "--overwrite")
    assert "1 updated" in out
    assert ServicePage.objects.get(uuid=SERVICE_ID).title == "Renamed upstream"


def test_dry_run_reports_and_changes_nothing(directory):
    out, _ = run_import(str(EXAMPLES / "service_full.json"), "--dry-run")
    assert out.startswith("Dry run, nothing changed. Would have: 1 services created")
    assert "1 organisations, 1 locations" in out
    assert not ServicePage.objects.filter(uuid=SERVICE_ID).exists()
    assert not Organization.objects.exists() and not Location.objects.exists()


def test_an_invalid_record_is_quarantined_and_the_others_imported(directory, tmp_path):
    good = example("service_full.json")
    bad = copy.deepcopy(good)
    bad["id"] = "7d0fb7b7-67b0-4a2d-9e7a-0e1f5cbbb6a3"
    bad["status"] = "open"
    bad["cost_options"][0]["amount"] = "thirty"
    bad["url"] = "MyCity Civic Center"  # not checked by the schema; the model's URL validator refuses it
    out, err = run_import(write(tmp_path, [bad, good]))
    assert "1 services created" in out and "1 quarantined" in out
    assert (
        "record 1 (7d0fb7b7-67b0-4a2d-9e7a-0e1f5cbbb6a3, 'Community Counselling'): "
        "quarantined: status: 'open' is not one of" in err
    )
    assert "quarantined: cost_options/0/amount: 'thirty' is not of type 'number'" in err
    assert list(ServicePage.objects.values_list("uuid", flat=True)) == [uuid.UUID(SERVICE_ID)]
    held = QuarantinedRecord.objects.get()
    assert held.payload == bad and held.record_id == bad["id"]
    assert [problem["field"] for problem in held.problems] == ["cost_options/0/amount", "status", "url"]


def test_a_missing_or_unreadable_file_is_named(directory, tmp_path):
    with pytest.raises(CommandError, match="nowhere.json: no such file"):
        run_import(str(tmp_path / "nowhere.json"))
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="broken.json: not a JSON file"):
        run_import(str(broken))


class FeedServer:
    """An ORUK feed on 127.0.0.1: /services pages and /services/{id}, from fixture records."""

    def __init__(self, services, per_page=1):
        self.services, self.per_page, self.requests = services, per_page, []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                outer.requests.append(self.path)
                body = outer.answer(self.path)
                data = json.dumps(body).encode()
                self.send_response(200 if body is not None else 404)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def answer(self, path):
        from urllib.parse import parse_qs, urlsplit

        parts = urlsplit(path)
        if parts.path.rstrip("/") == "/api/services":
            page = int(parse_qs(parts.query).get("page", ["1"])[0])
            chunk = self.services[(page - 1) * self.per_page : page * self.per_page]
            total_pages = -(-len(self.services) // self.per_page)
            summaries = [{k: v for k, v in s.items() if k in ("id", "name", "status")} for s in chunk]
            return {
                "total_items": len(self.services),
                "total_pages": total_pages,
                "page_number": page,
                "size": len(chunk),
                "first_page": page == 1,
                "last_page": page == total_pages,
                "empty": not chunk,
                "contents": summaries,
            }
        for service in self.services:
            if parts.path == f"/api/services/{service['id']}":
                return service
        return None

    def __enter__(self):
        self.thread.start()
        host, port = self.server.server_address
        self.url = f"http://{host}:{port}/api/services?per_page=1"
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def test_a_feed_url_is_followed_page_by_page(directory):
    first = example("service_full.json")
    second = copy.deepcopy(first)
    second.update(id="0b0a3a2e-2f55-4f0e-8d0c-4ad1b1f5e6a7", name="Second service", service_at_locations=[])
    for item in second["schedules"] + second["cost_options"] + second["contacts"]:
        item["id"] = item["id"][:-4] + "beef"
    with FeedServer([first, second]) as feed:
        out, _ = run_import(feed.url, "--publish")
    assert "2 services created" in out
    assert "/api/services?per_page=1&page=2" in feed.requests
    assert f"/api/services/{first['id']}" in feed.requests
    assert set(ServicePage.objects.live().values_list("title", flat=True)) == {
        "Community Counselling",
        "Second service",
    }


def test_an_unreachable_feed_is_reported(directory):
    with FeedServer([]) as feed:
        url = feed.url.replace("/api/services", "/missing")
    with pytest.raises(CommandError, match="could not read JSON"):
        run_import(url)


def test_unsafe_html_in_a_description_is_cleaned(directory, tmp_path):
    record = example("service_full.json")
    record["description"] = '<p onclick="steal()">Help</p><script>alert(1)</script><ul><li>One</li></ul>'
    run_import(write(tmp_path, [record]), "--publish")
    description = ServicePage.objects.get(uuid=SERVICE_ID).description
    assert "script" not in description and "onclick" not in description
    assert "<li>One</li>" in description
