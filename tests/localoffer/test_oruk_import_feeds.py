"""Real-shaped ORUK 1.0 and 3.0 feeds, with the defects councils' feeds carry, imported record by
record: the report is asserted line by line (fixtures and their sources: fixtures/oruk/README.md)."""

import json
from pathlib import Path

import pytest
from wagtail.models import Site

from localoffer.demo import _site_tree
from localoffer.models import (
    DirectoryIndexPage,
    HomePage,
    ImportLine,
    ImportRun,
    QuarantinedRecord,
    ServicePage,
    Taxonomy,
)
from localoffer.oruk import runs, versions

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures" / "oruk"
ORUK1 = str(FIXTURES / "oruk1_open_place_feed.json")
ORUK3 = str(FIXTURES / "oruk3_profile_feed.json")
EMPTY, HTTPS = "empty value dropped", "'https://' added"
NOT_HELD_SCHEDULE = "only weekly days with opening and closing times are held here; left out"
MAX_25 = "Ensure this value is less than or equal to 25."

ORUK1_REPORT = [
    (1, "svc-1001", "created", "", ""),
    (1, "svc-1001", "repaired", "email", EMPTY),
    (1, "svc-1001", "repaired", "fees", EMPTY),
    (1, "svc-1001", "repaired", "organization/email", EMPTY),
    (1, "svc-1001", "repaired", "eligibilitys/0/eligibility", EMPTY),
    (1, "svc-1001", "repaired", "url", HTTPS),
    (1, "svc-1001", "repaired", "organization/url", HTTPS),
    (2, "svc-1002", "created", "", ""),
    (2, "svc-1002", "repaired", "fees", EMPTY),
    (2, "svc-1002", "repaired", "email", "trailing full stop removed"),
    (2, "svc-1002", "repaired", "url", "'http:' corrected to 'http://'"),
    (2, "svc-1002", "note", "maximum_age", "99 is recorded as 25, the directory's limit"),
    (3, "svc-1003", "created", "", ""),
    (3, "svc-1003", "repaired", "email", "invisible characters removed"),
    (3, "svc-1003", "repaired", "fees", EMPTY),
    (3, "svc-1003", "repaired", "url", "'https:/' corrected to 'https://'"),
    (4, "svc-1004", "quarantined", "url", "Enter a valid URL."),
    (5, "svc-1005", "quarantined", "organization", "no organisation given, and no organisation here has the id given"),
    (6, "svc-1006", "created", "", ""),
    (6, "svc-1006", "repaired", "fees", EMPTY),
    (6, "svc-1006", "repaired", "eligibilitys/0/eligibility", EMPTY),
    (
        7,
        "svc-1006",
        "quarantined",
        "id",
        "also the id of record 6 ('Speech and Language Therapy'), a different service",
    ),
    (8, "svc-1008", "quarantined", "name", "This field cannot be blank."),
    (9, "svc-1009", "quarantined", "minimum_age", MAX_25),
    (9, "svc-1009", "quarantined", "maximum_age", MAX_25),
    (10, "svc-1010", "created", "", ""),
    (10, "svc-1010", "repaired", "fees", EMPTY),
    (10, "svc-1010", "repaired", "eligibilitys/0/eligibility", EMPTY),
    (10, "svc-1010", "note", "holiday_schedules", "holiday opening times are not held here; left out"),
    (10, "svc-1010", "note", "accreditations", "accreditations are not held here; left out"),
    (10, "svc-1010", "note", "cost_options/0", "no amount in pounds; left out (the fees text is kept)"),
    (10, "svc-1010", "note", "schedules/0", NOT_HELD_SCHEDULE),
]

FIRST, SECOND = "ac148810-d857-441c-9679-408f346de14b", "d1f583a5-7afa-549a-88e7-0a2fba327000"
PLACE_NAME, ORPHAN = "9a86d2d0-07df-5f66-bcf2-59b6c745ce35", "fcd4e0fc-4250-5bec-b8c2-bd86480d5947"
NOT_UK = "'ABC 1234' is not a UK postcode; the place cannot be found by distance"
ORUK3_REPORT = [
    (1, FIRST, "created", "", ""),
    (1, FIRST, "repaired", "description", "spaces trimmed"),
    (1, FIRST, "repaired", "email", EMPTY),
    (1, FIRST, "repaired", "url", HTTPS),
    (1, FIRST, "note", "maximum_age", "100 is recorded as 25, the directory's limit"),
    (1, FIRST, "note", "service_at_locations/0/postal_code", NOT_UK),
    (2, SECOND, "created", "", ""),
    (2, SECOND, "repaired", "email", "trailing full stop removed"),
    (2, SECOND, "note", "maximum_age", "100 is recorded as 25, the directory's limit"),
    (3, PLACE_NAME, "quarantined", "url", "Enter a valid URL."),
    (4, ORPHAN, "quarantined", "organization", "no organisation given, and no organisation here has the id given"),
    (5, SECOND, "quarantined", "id", "also the id of record 2 ('Family Counselling'), a different service"),
]


def lines(run):
    return [(line.position, line.record_id, line.outcome, line.field, line.detail) for line in run.lines.all()]


def service(source_id):
    return ServicePage.objects.get(uuid=versions.stable_id("service", source_id)).get_latest_revision_as_object()


def test_an_oruk1_open_place_feed_imports_record_by_record_with_its_report(directory):
    run = runs.run_import(ORUK1)
    assert lines(run) == ORUK1_REPORT
    assert (run.version, run.records, run.status) == ("ORUK 1.0", 10, ImportRun.DONE)
    assert (run.created, run.updated, run.unchanged, run.repaired, run.quarantined, run.skipped) == (5, 0, 0, 5, 5, 0)
    assert ServicePage.objects.count() == 5

    forum = service("svc-1001")
    assert forum.website == "https://www.camdenpcf.example.org" and forum.email == ""
    assert forum.organization.website == "https://www.camdenpcf.example.org"
    assert [(s.byday, str(s.opens_at), str(s.closes_at)) for s in forum.schedules.all()] == [
        ("TU", "10:00:00", "12:00:00")
    ]
    assert forum.locations[0].postal_code == "NW5 2SL"
    assert forum.referral_route == ServicePage.SELF and forum.delivery_methods == ["in_person"]
    taxonomy = Taxonomy.objects.get(name="Camden Local Offer Categories")
    assert sorted(term.name for term in forum.categories.all()) == ["Advice and information", "Support groups"]
    assert all(term.taxonomy == taxonomy for term in forum.categories.all())

    play = service("svc-1002")
    assert (play.website, play.email) == ("http://www.sensoryplay.example.co.uk", "play@sensoryplay.example.co.uk")
    assert (play.minimum_age, play.maximum_age) == (0, 25)

    housing = service("svc-1003")
    assert housing.summary == "Advice for young people aged 16 to 25 who are homeless or at risk of losing their home."
    assert "script" not in housing.description and "&nbsp;" not in housing.description
    assert "<p>Advice for young people aged 16 to 25 who are</p>" in housing.description
    assert (housing.email, housing.website) == (
        "advice@youthhousing.example.co.uk",
        "https://youthhousing.example.co.uk",
    )
    assert housing.delivery_methods == ["phone"] and housing.referral_route == ServicePage.PROFESSIONAL
    assert (housing.minimum_age, housing.maximum_age) == (16, 25)

    assert not service("svc-1010").schedules.exists() and not service("svc-1010").cost_options.exists()


def test_the_oruk1_quarantine_keeps_each_record_whole_with_its_reasons(directory):
    runs.run_import(ORUK1)
    feed = json.loads(Path(ORUK1).read_text(encoding="utf-8"))["content"]
    held = {record.record_id + record.name: record for record in QuarantinedRecord.objects.all()}
    assert sorted(held) == [
        "svc-1004Holiday Activities",
        "svc-1005Short Breaks Service",
        "svc-1006Occupational Therapy",
        "svc-1008",
        "svc-1009Adult Social Care Day Centre",
    ]
    assert held["svc-1004Holiday Activities"].payload == feed[3]  # as the feed gave it, defects and all
    assert (
        held["svc-1009Adult Social Care Day Centre"].problem_summary == f"minimum_age: {MAX_25}; maximum_age: {MAX_25}"
    )
    assert all(record.version == versions.ORUK_1 for record in held.values())


def test_an_oruk3_feed_from_the_profiles_example_imports_record_by_record(directory):
    run = runs.run_import(ORUK3)
    assert lines(run) == ORUK3_REPORT
    assert (run.version, run.created, run.repaired, run.quarantined) == ("ORUK 3.0", 2, 2, 3)
    family = ServicePage.objects.get(uuid=SECOND).get_latest_revision_as_object()
    assert family.summary == "Counselling for families aged 0 to 25 who are going through a hard time."
    assert family.email == "family@example.com"
    assert (
        ServicePage.objects.get(uuid=FIRST).get_latest_revision_as_object().website == "https://example.com/counselling"
    )


def test_importing_the_same_feed_again_reports_every_service_unchanged(directory):
    runs.run_import(ORUK1)
    again = runs.run_import(ORUK1)
    assert (again.created, again.updated, again.unchanged, again.repaired, again.quarantined) == (0, 0, 5, 0, 5)
    assert ServicePage.objects.count() == 5


def test_a_preview_reports_exactly_what_the_import_would_do_and_changes_nothing(directory):
    preview = runs.run_import(ORUK1, dry_run=True)
    assert lines(preview) == ORUK1_REPORT
    assert not ServicePage.objects.exists() and not QuarantinedRecord.objects.exists()
    assert ImportRun.objects.get().dry_run


def test_a_quarantined_record_fixed_in_the_admin_imports(directory):
    runs.run_import(ORUK1)
    held = QuarantinedRecord.objects.get(record_id="svc-1004")
    held.payload["url"] = "https://www.holidays.example.org"
    run = runs.import_quarantined(held)
    assert (run.created, run.quarantined) == (1, 0)
    assert [(line.outcome, line.field, line.detail) for line in run.lines.all()] == [
        ("created", "", ""),
        ("repaired", "fees", EMPTY),
        ("repaired", "eligibilitys/0/eligibility", EMPTY),
        ("repaired", "email", "spaces removed"),
    ]
    assert service("svc-1004").email == "hello@holidays.example.org"
    held.refresh_from_db()
    assert held.status == QuarantinedRecord.IMPORTED and held.resolved_at is not None


def test_a_record_sharing_another_services_id_must_get_its_own_first(directory):
    runs.run_import(ORUK1)
    twin = QuarantinedRecord.objects.get(record_id="svc-1006")
    with pytest.raises(runs.CannotRetry, match="id of its own"):
        runs.import_quarantined(twin)
    assert service("svc-1006").title == "Speech and Language Therapy"
    twin.payload["id"] = "svc-1007"
    assert runs.import_quarantined(twin).created == 1
    assert service("svc-1007").title == "Occupational Therapy"


def test_a_fresh_install_imports_without_a_site_and_the_demo_adopts_the_pages(db):
    assert not DirectoryIndexPage.objects.exists()
    run = runs.run_import(ORUK3)
    directory = DirectoryIndexPage.objects.get()
    assert run.created == 2 and directory.live and directory.get_parent().specific_class is HomePage
    assert all(page.get_parent().pk == directory.pk for page in ServicePage.objects.all())
    assert Site.objects.get(is_default_site=True).root_page_id == directory.get_parent().pk
    home, demo_directory, _ = _site_tree()  # what `make demo` does first: it keeps these pages
    assert demo_directory.pk == directory.pk and HomePage.objects.get().pk == home.pk
    assert ImportLine.objects.filter(outcome="created").count() == 2


def test_odd_records_are_quarantined_with_a_reason_and_never_stop_the_run(directory, tmp_path):
    feed = json.loads(Path(ORUK1).read_text(encoding="utf-8"))["content"]
    odd_age = dict(feed[0], id="svc-2001", name="Odd ages")
    odd_age["eligibilitys"] = [{"id": "e", "minimum_age": "Infinity", "maximum_age": "ten"}]
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(["a string, not a service", odd_age, feed[5]]), encoding="utf-8")
    run = runs.run_import(str(path))
    assert [(line.position, line.outcome, line.field, line.detail) for line in run.lines.all()][:3] == [
        (1, "quarantined", "(record)", "not a JSON object"),
        (2, "quarantined", "minimum_age", "Infinity is not a whole number of years"),
        (3, "created", "", ""),
    ]
    assert run.quarantined == 2 and run.created == 1
