"""A large feed imports at a steady cost per record (so a 2,000-service feed stays within its two
minutes), and a new service made in one pass is the same as one made through Wagtail's own steps:
in the tree, with its revision and history, live when publishing, and found by the search."""

import copy
import json
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageLogEntry

from localoffer.models import ORUKImportRecord, ServicePage
from localoffer.oruk import runs
from search.backends import build_backend
from search.query import ServiceQuery

pytestmark = pytest.mark.django_db

TEMPLATE = json.loads((Path(__file__).parent / "fixtures" / "oruk" / "oruk1_open_place_feed.json").read_text())[
    "content"
][0]


def feed(start: int, count: int) -> list[dict]:
    """Open Place-style records sharing a few organisations, places and terms, as real feeds do."""
    records = []
    for number in range(start, start + count):
        record = copy.deepcopy(TEMPLATE)
        record.update(id=f"svc-{number}", name=f"Playscheme {number}", url=f"https://example.org/{number}")
        record["email"] = f"team{number}@example.org"
        record["organization"].update(id=f"org-{number % 3}", name=f"Provider {number % 3}")
        record["contacts"][0]["id"] = f"con-{number}"
        record["regular_schedules"][0]["id"] = f"rs-{number}"
        record["service_at_locations"][0]["id"] = f"sal-{number}"
        record["service_at_locations"][0]["location"]["id"] = f"loc-{number % 4}"
        records.append(record)
    return records


def queries_to_import(records) -> int:
    with CaptureQueriesContext(connection) as captured:
        run = runs.run_import("feed.json", records=records, publish=True)
    assert run.created == len(records) and run.quarantined == 0
    return len(captured.captured_queries)


def test_the_queries_per_record_do_not_grow_with_the_feed(directory):
    queries_to_import(feed(0, 5))  # the shared organisations, places and terms exist from here on
    twenty = queries_to_import(feed(100, 20))
    forty = queries_to_import(feed(200, 40))
    per_record = (forty - twenty) / 20
    # Each further record costs what one record costs, whatever the feed's size: no query over
    # all the services so far, and no lookup repeated for every earlier record.
    assert per_record <= twenty / 20
    assert per_record < 60, f"{per_record} queries per new service"


def test_a_new_published_service_is_in_the_tree_with_its_revision_and_history(directory):
    before = Page.objects.get(pk=directory.pk).numchild
    run = runs.run_import("feed.json", records=feed(0, 3), publish=True)
    assert run.created == 3
    parent = Page.objects.get(pk=directory.pk)
    assert parent.numchild == before + 3
    assert [page.title for page in parent.get_children().order_by("path")][-3:] == [
        "Playscheme 0",
        "Playscheme 1",
        "Playscheme 2",
    ]
    for page in ServicePage.objects.filter(title__startswith="Playscheme"):
        assert page.live and not page.has_unpublished_changes
        assert page.first_published_at and page.last_published_at
        assert page.url_path == f"{directory.url_path}{page.slug}/"
        assert page.locale_id == directory.locale_id and page.draft_title == page.title
        assert page.revisions.count() == 1
        assert page.live_revision_id == page.latest_revision_id == page.oruk_import.revision_id
        assert page.latest_revision.as_object().title == page.title
        actions = sorted(PageLogEntry.objects.filter(page=page).values_list("action", flat=True))
        assert actions == ["wagtail.create", "wagtail.edit", "wagtail.publish"]
    Page.fix_tree(fix_paths=False)  # treebeard's own check of paths, depths and child counts
    assert Page.find_problems() == ([], [], [], [], [])
    hits = build_backend("database").find_services(ServiceQuery(text="playscheme")).hits
    assert {hit.title for hit in hits} == {"Playscheme 0", "Playscheme 1", "Playscheme 2"}


def test_a_new_draft_has_its_revision_and_is_not_live(directory):
    runs.run_import("feed.json", records=feed(0, 1), publish=False)
    page = ServicePage.objects.get(title="Playscheme 0")
    assert not page.live and page.has_unpublished_changes
    assert page.first_published_at is None and page.live_revision_id is None
    assert page.latest_revision_id == ORUKImportRecord.objects.get(service=page).revision_id
    actions = sorted(PageLogEntry.objects.filter(page=page).values_list("action", flat=True))
    assert actions == ["wagtail.create", "wagtail.edit"]
    assert not build_backend("database").find_services(ServiceQuery(text="playscheme")).hits


def test_a_record_quarantined_after_saving_leaves_no_page_and_the_next_one_a_good_tree(directory, monkeypatch):
    from localoffer.oruk import importer

    real = importer.Importer.remember

    def fail_once(self, page, *args):
        if page.title == "Playscheme 1":
            raise importer.Refused([("(record)", "planted failure after saving")])
        return real(self, page, *args)

    monkeypatch.setattr(importer.Importer, "remember", fail_once)
    run = runs.run_import("feed.json", records=feed(0, 3), publish=True)
    assert (run.created, run.quarantined) == (2, 1)
    assert not ServicePage.objects.filter(title="Playscheme 1").exists()
    assert Page.find_problems() == ([], [], [], [], [])
    parent = Page.objects.get(pk=directory.pk)
    assert parent.numchild == parent.get_children().count() == 2


def test_two_services_with_the_same_name_get_their_own_addresses(directory):
    records = feed(0, 2)
    records[1]["name"] = records[0]["name"]
    runs.run_import("feed.json", records=records, publish=True)
    assert sorted(ServicePage.objects.values_list("slug", flat=True)) == ["playscheme-0", "playscheme-0-2"]
