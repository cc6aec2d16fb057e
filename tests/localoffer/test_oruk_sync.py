"""A partner's ORUK 1.0 feed kept in step nightly through the task worker: served on 127.0.0.1
by a real HTTP server that changes between runs."""

import copy
import datetime
import http.server
import json
import threading
from io import StringIO
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.utils import timezone

from localoffer.management.commands.oruk_sync_feeds import due_feeds
from localoffer.models import Feed, ImportRun, ServicePage
from localoffer.oruk import versions

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
FEED = json.loads((Path(__file__).parent / "fixtures" / "oruk" / "oruk1_open_place_feed.json").read_text())
GOOD = [record for record in FEED["content"] if record["id"] in ("svc-1001", "svc-1002", "svc-1003")]


class OpenPlaceFeed:
    """An Open Place-style ORUK 1.0 API: `/services?page=N` (Spring pages) and `/services/{id}`."""

    def __init__(self, services, per_page=2):
        self.services, self.per_page, self.requests = services, per_page, []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                outer.requests.append(self.path)
                body = outer.answer(self.path)
                self.send_response(200 if body is not None else 404)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(json.dumps(body).encode())

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def answer(self, path):
        parts = urlsplit(path)
        if parts.path == "/api/services":
            page = int(parse_qs(parts.query).get("page", ["1"])[0])
            chunk = self.services[(page - 1) * self.per_page : page * self.per_page]
            pages = -(-len(self.services) // self.per_page)
            return {
                "totalElements": len(self.services),
                "totalPages": pages,
                "number": page,
                "size": self.per_page,
                "first": page == 1,
                "last": page == pages,
                "content": [{"id": s["id"], "name": s["name"]} for s in chunk],
            }
        for service in self.services:
            if parts.path == f"/api/services/{service['id']}":
                return service
        return None

    def __enter__(self):
        self.thread.start()
        host, port = self.server.server_address
        self.url = f"http://{host}:{port}/api/services"
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def page(source_id):
    return ServicePage.objects.get(uuid=versions.stable_id("service", source_id))


def sync():
    out = StringIO()
    call_command("oruk_sync_feeds", "--now", stdout=out)
    return ImportRun.objects.order_by("-pk").first(), out.getvalue()


def test_a_nightly_feed_follows_its_source_and_unpublishes_what_leaves_it(directory, settings):
    settings.TASKS = IMMEDIATE
    services = copy.deepcopy(GOOD)
    with OpenPlaceFeed(services) as source:
        feed = Feed.objects.create(name="Camden family hubs", url=source.url, publish_new=True, sync_nightly=True)

        first, out = sync()
        assert "Camden family hubs: import run" in out and "1 feeds queued" in out
        assert (first.status, first.version, first.created, first.repaired) == (ImportRun.DONE, "ORUK 1.0", 3, 3)
        assert "/api/services?page=2" in source.requests and "/api/services/svc-1003" in source.requests
        assert all(page(s["id"]).live for s in GOOD)

        services[1]["name"] = "Sensory Play Sessions (Saturdays)"  # changed upstream
        del services[2]  # Youth Housing Advice left the feed
        second, _ = sync()
        assert (second.created, second.updated, second.unchanged, second.unpublished) == (0, 1, 1, 1)
        assert list(second.lines.filter(outcome="unpublished").values_list("record_id", "name", "detail")) == [
            ("svc-1003", "Youth Housing Advice", "no longer in the feed")
        ]
        assert page("svc-1002").title == "Sensory Play Sessions (Saturdays)"
        gone = page("svc-1003")
        assert not gone.live and gone.revisions.exists()  # unpublished, never deleted

        services.append(copy.deepcopy(GOOD[2]))  # and came back
        third, _ = sync()
        assert (third.created, third.updated, third.unchanged, third.unpublished) == (0, 1, 2, 0)
        assert list(third.lines.filter(outcome="note").values_list("record_id", "detail")) == [
            ("svc-1003", "published again: it is back in the feed")
        ]
        assert page("svc-1003").live and page("svc-1003").revisions.count() == gone.revisions.count()
    feed.refresh_from_db()
    assert feed.last_synced_at is not None


def test_an_unreachable_feed_is_a_failed_run_and_unpublishes_nothing(directory, settings):
    settings.TASKS = IMMEDIATE
    with OpenPlaceFeed(copy.deepcopy(GOOD)) as source:
        feed = Feed.objects.create(name="Partner", url=source.url, publish_new=True, sync_nightly=True)
        sync()
    run, _ = sync()  # the server has stopped
    assert run.status == ImportRun.FAILED and "could not read JSON" in run.error
    assert ServicePage.objects.live().count() == 3
    feed.refresh_from_db()


def test_a_feed_is_due_once_a_night_from_two_in_the_morning(db):
    feed = Feed.objects.create(name="Partner", url="https://example.org/api/services", sync_nightly=True)
    Feed.objects.create(name="A file", upload="directory-imports/x.json", sync_nightly=False)
    at = timezone.make_aware(datetime.datetime(2026, 3, 10, 2, 30))
    assert due_feeds(at) == [feed]
    feed.last_synced_at = at
    feed.save()
    assert due_feeds(at + datetime.timedelta(hours=20)) == []
    assert due_feeds(at + datetime.timedelta(hours=24)) == [feed]
