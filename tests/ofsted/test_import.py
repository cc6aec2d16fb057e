"""The monthly import of Ofsted's childcare register: new, changed and ended registrations, and a
reason for every row not taken."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from localoffer.models import ServicePage
from ofsted.importer import ImportFailed, clean_row, run_import
from ofsted.models import OfstedImport, OfstedImportLine, OfstedRegistration
from ofsted.register import RegisterFileError, read_register

from .conftest import FEBRUARY, FIXTURES, JANUARY, JANUARY_XLSX

pytestmark = pytest.mark.django_db

NW5_CENTRE = (Decimal("51.55172"), Decimal("-0.14514"))


def reasons(run, outcome=OfstedImportLine.NOT_TAKEN):
    return {line.urn or line.name: line.reason for line in run.lines.filter(outcome=outcome)}


def test_the_real_layout_is_read_past_the_title_rows():
    register = read_register(JANUARY)
    first_number, first = register.rows[0]
    assert first_number == 4  # title, note, header, then the first provider
    assert first["urn"] == "EY100001" and first["judgement"] == "2" and first["postcode"] == "NW5 2AA"
    assert "Most Recent Full: Safeguarding is Effective?" in register.unused_columns
    assert len(register.rows) == 13  # the empty trailing row is not a provider


def test_new_registrations_become_drafts_in_the_childcare_category(childcare):
    run = run_import(JANUARY, local_authority="Camden")
    assert (run.status, run.rows, run.created, run.updated, run.ended) == (OfstedImport.FINISHED, 13, 6, 0, 0)
    assert run.not_taken == 7  # 3 rows for other areas, an ended registration, no URN, a bad URN, a duplicate
    assert ServicePage.objects.count() == 6 and not ServicePage.objects.live().exists()
    nursery = OfstedRegistration.objects.get(urn="EY100001")
    assert nursery.judgement == "Good" and nursery.inspection_date.isoformat() == "2024-03-12"
    assert nursery.service.title == "Little Acorns Kentish Town"
    assert list(nursery.service.categories.all()) == [childcare]
    (location,) = nursery.service.locations
    assert (location.address_1, location.postal_code) == ("12 Leighton Road", "NW5 2AA")
    assert OfstedRegistration.objects.get(urn="2512345").judgement == ""  # not yet inspected


def test_a_childminder_is_held_by_outcode_at_its_centre(childcare):
    run_import(JANUARY, local_authority="Camden")
    childminder = OfstedRegistration.objects.get(urn="EY100002")
    assert childminder.home_based and childminder.service.title == "Childminder in NW5"
    (location,) = childminder.service.locations
    assert (location.address_1, location.address_2, location.postal_code) == ("", "", "NW5")
    assert (location.latitude, location.longitude) == NW5_CENTRE
    domestic = OfstedRegistration.objects.get(urn="EY100003")
    assert domestic.home_based and domestic.service.locations[0].postal_code == "NW3"
    withheld = OfstedRegistration.objects.get(urn="EY100004")
    assert withheld.service.locations == [] and withheld.service.title == "Childminder in an area not given by Ofsted"


def test_every_row_not_taken_is_reported_with_its_reason(childcare):
    run = run_import(JANUARY, local_authority="Camden")
    not_taken = reasons(run)
    assert not_taken["EY100005"].startswith("registration ended (status 'Resigned') and not in the directory")
    assert "2 rows for another local authority, Barnet (rows 10, 11)" in not_taken["Barnet"]
    assert "1 row for another local authority, Islington (rows 12)" in not_taken["Islington"]
    assert not_taken["Nursery With No URN"] == "no Provider URN"
    assert "is not an Ofsted URN" in not_taken['=HYPERLINK("http://evil.example","x")']
    duplicate = run.lines.get(outcome=OfstedImportLine.NOT_TAKEN, urn="EY100001")
    assert (duplicate.row_number, duplicate.reason) == (15, "the URN EY100001 is also on row 4; that row was used")
    odd = run.lines.get(urn="EY100007")
    assert odd.outcome == OfstedImportLine.CREATED  # "  camden " is Camden; its odd cells are noted
    for note in ("places 'lots' is not a whole number", "inspection date '31/02/2024' is not a date",
                 "overall effectiveness '9' is not one of Ofsted's grades", "postcode 'NOT A POSTCODE'"):  # fmt: skip
        assert note in odd.reason
    assert "no location added" in run.lines.get(urn="EY100007").reason


def test_importing_the_same_file_again_changes_nothing(childcare):
    run_import(JANUARY, local_authority="Camden")
    again = run_import(JANUARY, local_authority="Camden")
    assert (again.created, again.updated, again.unchanged, again.ended) == (0, 0, 6, 0)
    assert ServicePage.objects.count() == 6


def test_next_month_changes_judgements_and_flags_ended_registrations(childcare):
    run_import(JANUARY, local_authority="Camden")
    live = OfstedRegistration.objects.get(urn="EY100001").service
    live.save_revision().publish()
    run = run_import(FEBRUARY, local_authority="Camden")
    assert (run.created, run.updated, run.unchanged, run.ended) == (1, 1, 2, 3)
    nursery = OfstedRegistration.objects.get(urn="EY100001")
    assert (nursery.judgement, nursery.inspection_date.isoformat()) == ("Outstanding", "2026-01-20")
    assert "inspection now Outstanding, 20/01/2026" in run.lines.get(urn="EY100001").reason
    by_status = OfstedRegistration.objects.get(urn="EY100003")
    assert by_status.ended and by_status.ended_reason == "Ofsted status: Resigned"
    gone = OfstedRegistration.objects.get(urn="EY100002")
    assert gone.ended and gone.ended_reason == "not in Ofsted's file childcare_providers_2026_02.csv"
    assert "no longer in Ofsted's register for Camden" in reasons(run, OfstedImportLine.ENDED)["EY100002"]
    # Flagged for editors, never deleted or unpublished.
    assert ServicePage.objects.count() == 7
    assert ServicePage.objects.get(pk=live.pk).live
    new = OfstedRegistration.objects.get(urn="EY100006")
    assert not new.service.live and new.service.locations[0].postal_code == "NW1"


def test_a_registration_back_on_the_register_is_no_longer_ended(childcare):
    run_import(JANUARY, local_authority="Camden")
    run_import(FEBRUARY, local_authority="Camden")
    run = run_import(JANUARY, local_authority="Camden")
    assert not OfstedRegistration.objects.get(urn="EY100002").ended
    assert "registered again" in run.lines.get(urn="EY100002").reason


def test_the_workbook_imports_as_the_csv_does(childcare):
    run = run_import(JANUARY_XLSX, local_authority="Camden")
    assert (run.rows, run.created, run.not_taken) == (13, 6, 7)
    assert OfstedRegistration.objects.get(urn="EY100001").inspection_date.isoformat() == "2024-03-12"


def test_a_preview_reports_everything_and_changes_nothing(childcare):
    run = run_import(JANUARY, local_authority="Camden", dry_run=True)
    assert run.dry_run and (run.created, run.not_taken) == (6, 7)
    assert run.lines.filter(outcome=OfstedImportLine.CREATED).count() == 6
    assert not ServicePage.objects.exists() and not OfstedRegistration.objects.exists()


def test_a_local_authority_not_in_the_file_stops_the_import_and_ends_nothing(childcare):
    run_import(JANUARY, local_authority="Camden")
    with pytest.raises(ImportFailed, match="no rows for the local authority 'Camdn'.*include: Camden, Barnet"):
        run_import(FEBRUARY, local_authority="Camdn")
    assert not OfstedRegistration.objects.filter(ended=True).exists()
    assert OfstedImport.objects.filter(status=OfstedImport.FAILED, error__contains="Camdn").exists()


def test_another_areas_file_does_not_end_our_registrations(childcare):
    run_import(JANUARY, local_authority="Camden")
    run_import(FEBRUARY, local_authority="Barnet")
    assert not OfstedRegistration.objects.filter(local_authority="Camden", ended=True).exists()


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("register.csv", b"", "the file is empty"),
        ("register.csv", b"\x00\x01\x02PK\x03\x04binary", "not a CSV file"),
        ("register.xlsx", b"this is not a zip", "not an XLSX workbook"),
        ("register.ods", b"anything", "'.ods' files are not read here"),
        ("register.csv", b"Name,Postcode\nA,NW5 2AA\n", "no header row naming 'Provider URN'"),
        ("register.csv", b"Provider URN,Provider Type\nEY1,Childminder\n", "missing these columns: Provider Status"),
    ],
)
def test_a_file_that_cannot_be_read_gets_a_clear_message(childcare, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(RegisterFileError, match=message):
        read_register(path)
    with pytest.raises(ImportFailed, match=message):
        run_import(path, local_authority="Camden")


def test_windows_encoded_text_is_read(childcare, tmp_path):
    path = tmp_path / "register.csv"
    path.write_bytes(JANUARY.read_text().replace("Little Acorns", "Little Acorns Café").encode("cp1252"))
    run_import(path, local_authority="Camden")
    assert OfstedRegistration.objects.get(urn="EY100001").service.title == "Little Acorns Café Kentish Town"


def test_a_long_or_hostile_cell_is_cut_to_size():
    provider, problem = clean_row(
        {"urn": "EY123456", "provider_type": "X" * 5000, "status": "Active", "postcode": "<script>", "places": "-3"}
    )
    assert problem == "" and len(provider.registration_fields()["provider_type"]) == 100
    assert "postcode '<script>' is not a UK postcode" in "; ".join(provider.notes)
    assert "places '-3' is not a whole number" in "; ".join(provider.notes)


def test_the_command_prints_a_summary_and_progress(childcare):
    out, err = io.StringIO(), io.StringIO()
    call_command("ofsted_import", str(JANUARY), "--local-authority", "Camden", stdout=out, stderr=err)
    summary = out.getvalue()
    assert "Imported: childcare_providers_2026_01.csv for Camden: 13 rows; 6 new draft services" in summary
    assert "7 rows not taken" in summary and "row 15: EY100001" in summary
    assert "Rows" in err.getvalue()
    with pytest.raises(CommandError, match="no rows for the local authority 'Hackney'"):
        call_command("ofsted_import", str(JANUARY), "--local-authority", "Hackney", stdout=out, stderr=err)
    with pytest.raises(CommandError, match="no such file"):
        call_command("ofsted_import", str(FIXTURES / "missing.csv"), "--local-authority", "Camden")
