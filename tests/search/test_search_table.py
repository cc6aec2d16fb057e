"""The database backend's search table follows the directory: a family never finds a service that
is not published and public, and always finds one that is."""

from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from localoffer.models import ServiceAtLocation
from search.api import ServiceQuery
from search.backends import build_backend
from search.models import SearchEntry
from tests.localoffer.factories import (
    DirectoryIndexPageFactory,
    LocationFactory,
    OrganizationFactory,
    ServicePageFactory,
    need,
)

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def found(text="", **filters):
    return {hit.title for hit in build_backend("database").find_services(ServiceQuery(text=text, **filters)).hits}


def test_publishing_adds_a_row_with_the_services_words_and_facts(directory):
    location = LocationFactory(postal_code="NW5 1TL")
    service = ServicePageFactory(
        parent=directory,
        title="Children's Post-16 Café",
        summary="Drop-in for young people",
        needs=[need("autism", "Autism")],
        locations=[location],
        minimum_age=16,
        maximum_age=25,
        is_free=False,
        delivery_methods=["in_person", "online"],
    )
    entry = SearchEntry.objects.get(pk=service.pk)
    assert entry.title_words == "children post 16 cafe"
    assert entry.name_stems == "children post 16 cafe"
    assert entry.summary_stems == "drop in for young peopl"
    assert entry.needs_stems == "autism"
    assert entry.words.startswith("children post 16 cafe drop in for young people")
    assert (entry.minimum_age, entry.maximum_age, entry.is_free) == (16, 25, False)
    assert (entry.need_codes, entry.delivery_methods, entry.areas) == ("autism", "in_person online", "NW5")
    assert entry.points == "51.5536,-0.1417"
    assert found("post-16") == {"Children's Post-16 Café"}
    assert found("children's caf") == {"Children's Post-16 Café"}


def test_unpublishing_and_republishing(directory):
    service = ServicePageFactory(parent=directory, title="Autism Outreach")
    assert found("outreach") == {"Autism Outreach"}
    service.unpublish()
    assert not SearchEntry.objects.filter(pk=service.pk).exists()
    assert found("outreach") == set()
    service.save_revision().publish()
    assert found("outreach") == {"Autism Outreach"}


def test_a_draft_edit_is_not_searchable_until_published(directory):
    service = ServicePageFactory(parent=directory, title="Autism Outreach")
    service.title = "Trampoline Club"
    service.save_revision()
    assert found("trampoline") == set() and found("outreach") == {"Autism Outreach"}
    service.get_latest_revision().publish()
    assert found("trampoline") == {"Trampoline Club"} and found("outreach") == set()


def test_deleting_removes_the_row(directory):
    service = ServicePageFactory(parent=directory, title="Sensory Club", locations=[LocationFactory()])
    service.delete()
    assert SearchEntry.objects.count() == 0
    assert found("sensory") == set()


def test_moving_under_a_restricted_section_hides_it_and_removing_the_restriction_shows_it(home_page, directory):
    service = ServicePageFactory(parent=directory, title="Speech Therapy", slug="speech")
    private = DirectoryIndexPageFactory.build(title="Staff only", slug="staff-only")
    home_page.add_child(instance=private)
    restriction = PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    service.move(private, pos="last-child")
    assert found("speech") == set()
    restriction.delete()
    assert found("speech") == {"Speech Therapy"}
    hit = build_backend("database").find_services(ServiceQuery(text="speech")).hits[0]
    assert hit.url == "/staff-only/speech/"


def test_a_view_restriction_above_the_directory_hides_its_services(home_page, directory):
    ServicePageFactory(parent=directory, title="Autism Outreach")
    PageViewRestriction.objects.create(page=directory, restriction_type=PageViewRestriction.PASSWORD, password="x")
    assert SearchEntry.objects.count() == 0 and found() == set()


def test_needs_and_locations_changed_by_code_are_followed(directory):
    service = ServicePageFactory(parent=directory, title="Family Support")
    service.needs.set([need("adhd", "ADHD")])
    service.save()
    assert found(needs=["adhd"]) == {"Family Support"}
    assert found("adhd") == {"Family Support"}
    link = ServiceAtLocation.objects.create(service=service, location=LocationFactory(postal_code="E14 0AA"))
    assert found(area="E14") == {"Family Support"}
    link.delete()
    assert found(area="E14") == set()


def test_an_organisation_rename_reaches_the_table_through_the_index_task(
    settings, directory, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    organization = OrganizationFactory(name="Camden Parent Carers")
    ServicePageFactory(parent=directory, title="Family Support", organization=organization)
    assert found("camden") == {"Family Support"}
    organization.name = "Kentish Town Families"
    with django_capture_on_commit_callbacks(execute=True):
        organization.save()
    assert found("kentish") == {"Family Support"}
    assert found("camden") == set()


@pytest.mark.parametrize(
    ("text", "total"),
    [
        ('"autism', 1),
        ('autism"', 1),
        ("aut*", 0),  # too short to be read as the start of a word
        ("*", 1),
        ("NEAR(autism support)", 1),
        ("autism AND", 1),
        ("OR", 1),
        ("NOT autism", 1),  # any word matches: "not" is just a word
        ("-autism", 1),
        ("autism:support", 1),
        ("title:autism", 1),
        ("(autism", 1),
        ("autism)", 1),
        ("{title}: autism", 1),
        ("^autism", 1),
        ("autism & | ! <-> :*", 1),
        ("' OR 1=1 --", 0),
        ("ñandú Ω", 0),  # folded to "nandu", which no service has
    ],
)
def test_query_syntax_in_what_families_type_never_errors(directory, text, total):
    """Words are ASCII letters and digits, each quoted: FTS5 and tsquery operators are just words."""
    ServicePageFactory(parent=directory, title="Autism Support Near You")
    assert build_backend("database").find_services(ServiceQuery(text=text)).total == total


def test_a_phrase_does_not_span_two_fields(directory):
    ServicePageFactory(parent=directory, title="Clinic for speech", summary="And language therapy help")
    assert found("speech") == {"Clinic for speech"}
    assert found("speech and language therapy") == set()


def test_rebuild_and_status_commands(directory):
    first = ServicePageFactory(parent=directory, title="Autism Outreach")
    second = ServicePageFactory(parent=directory, title="Sensory Club")
    SearchEntry.objects.filter(pk=second.pk).delete()
    status = StringIO()
    call_command("search_index", "status", stdout=status)
    assert "Backend: database. 1 rows in the search table, 2 published services" in status.getvalue()
    assert f"Missing from the index: 1 (page ids {second.pk})" in status.getvalue()

    out = StringIO()
    call_command("search_index", "rebuild", stdout=out, stderr=StringIO())
    assert "Wrote 2 services to the database search table" in out.getvalue()
    assert set(SearchEntry.objects.values_list("pk", flat=True)) == {first.pk, second.pk}
    status = StringIO()
    call_command("search_index", "status", stdout=status)
    assert "2 rows in the search table, 2 published services" in status.getvalue() and "In step" in status.getvalue()


def test_a_very_long_description_is_indexed_and_found_by_its_last_word(directory):
    """A real provider pasted a whole policy document into the description. The search table keeps
    its vectors in the row on PostgreSQL (search/migrations/0008, STORAGE MAIN): a service too big
    for a row must still be stored (MAIN moves it out as a last resort; PLAIN would refuse it)."""
    from django.db import connection

    words = " ".join(f"policy{n:05d}" for n in range(12_000))
    service = ServicePageFactory(
        parent=directory, title="Inclusion Policy Service", description=f"<p>{words} zephyrine</p>"
    )
    assert SearchEntry.objects.filter(pk=service.pk).exists()
    assert found("zephyrine") == {"Inclusion Policy Service"}
    assert found("policy11999") == {"Inclusion Policy Service"}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT attname, attstorage FROM pg_attribute WHERE attrelid = 'search_searchentry'::regclass "
                "AND attname IN ('stems_vector', 'words_vector') ORDER BY attname"
            )
            assert cursor.fetchall() == [("stems_vector", "m"), ("words_vector", "m")]
