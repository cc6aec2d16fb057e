"""The spreadsheet template: downloaded with the terms to use, filled in (with the slips councils'
sheets carry), imported with the same repairs and per-row report, and round-tripped."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from localoffer.models import ImportRun, ServicePage
from localoffer.oruk import runs, spreadsheet
from tests.localoffer.factories import category, need
from tests.localoffer.oruk_factories import full_service

pytestmark = pytest.mark.django_db
NOT_A_TERM = "'Dyslexia' is not a term here; the template's Terms sheet lists them"


def sheet(tmp_path, rows, name="services.csv"):
    path = tmp_path / name
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=spreadsheet.HEADERS)
        writer.writeheader()
        for row in rows:
            writer.writerow({name: row.get(name, "") for name in spreadsheet.HEADERS})
    return str(path)


def row(**values):
    base = {
        "name": "Saturday Sensory Club",
        "organisation": "Kentish Town Community Centre",
        "description": "Sensory play for children with autism.&nbsp;Parents stay.",
        "needs": "Autism",
        "categories": "play",
        "minimum_age": "4",
        "maximum_age": "11",
        "website": "kentishtowncc.example.org",
        "email": "club@kentishtowncc.example.org.",
        "postcode": "NW5 2SL",
        "address_1": "17 Busby Place",
        "town": "London",
    }
    base.update(values)
    return base


def test_the_template_lists_the_columns_a_guide_and_the_terms(client, superuser, directory):
    need("autism", "Autism")
    category("play", "Play and leisure")
    client.force_login(superuser)
    response = client.get(reverse("oruk_spreadsheet_template", args=["xlsx"]))
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Services", "Guide", "Terms"]
    assert [cell.value for cell in workbook["Services"][1]] == spreadsheet.HEADERS
    assert [row[:3] for row in workbook["Terms"].iter_rows(values_only=True)] == [
        ("Column", "Name", "Code"),
        ("needs", "Autism", "autism"),
        ("categories", "Play and leisure", "play"),
    ]
    guide = {row[0]: row[1] for row in workbook["Guide"].iter_rows(min_row=2, values_only=True)}
    assert guide["name"] == "yes" and guide["website"] == "no"
    csv_template = client.get(reverse("oruk_spreadsheet_template", args=["csv"])).content.decode("utf-8-sig")
    assert csv_template.strip() == ",".join(spreadsheet.HEADERS)


def test_a_filled_in_sheet_imports_row_by_row_with_repairs_and_quarantine(directory, tmp_path):
    need("autism", "Autism")
    category("play", "Play and leisure")
    source = sheet(
        tmp_path,
        [
            row(),
            row(name="Youth Club", needs="Dyslexia", email="youth@example.org"),
            row(name="", email=""),
            row(name="Swimming", website="the leisure centre", email="swim@example.org"),
            row(name="Holiday Scheme", minimum_age="five", free="maybe", email="\u200bholiday@example.org"),
        ],
    )
    run = runs.run_import(source)
    assert run.version == "Spreadsheet"
    assert [(line.position, line.name, line.outcome, line.field, line.detail) for line in run.lines.all()] == [
        (1, "Saturday Sensory Club", "created", "", ""),
        (1, "Saturday Sensory Club", "repaired", "email", "trailing full stop removed"),
        (1, "Saturday Sensory Club", "repaired", "url", "'https://' added"),
        (2, "Youth Club", "quarantined", "needs", NOT_A_TERM),
        (3, "", "quarantined", "name", "This field cannot be blank."),
        (4, "Swimming", "quarantined", "url", "Enter a valid URL."),
        (5, "Holiday Scheme", "quarantined", "minimum_age", "'five' is not a whole number of years"),
        (5, "Holiday Scheme", "quarantined", "free", "'maybe' is not yes or no"),
    ]  # fmt: skip
    club = ServicePage.objects.get().get_latest_revision_as_object()
    assert club.summary == "Sensory play for children with autism."
    assert (club.website, club.email) == ("https://kentishtowncc.example.org", "club@kentishtowncc.example.org")
    assert [term.code for term in club.needs.all()] == ["autism"] and club.locations[0].postal_code == "NW5 2SL"
    again = runs.run_import(source)
    assert (again.created, again.updated, again.unchanged, again.quarantined) == (0, 0, 1, 4)


def test_the_directory_exported_in_the_template_imports_back_with_no_changes(client, superuser, directory, tmp_path):
    full_service(directory)
    full_service(directory, title="After School Club", slug="after-school-club", website="https://example.org/a")
    client.force_login(superuser)
    for kind in ("csv", "xlsx"):
        response = client.get(reverse("oruk_spreadsheet_export", args=[kind]))
        path = tmp_path / f"export.{kind}"
        path.write_bytes(response.content)
        revisions = {page.pk: page.latest_revision_id for page in ServicePage.objects.all()}
        run = runs.run_import(str(path))
        assert (run.records, run.created, run.updated, run.unchanged, run.quarantined) == (2, 0, 0, 2, 0), kind
        assert {page.pk: page.latest_revision_id for page in ServicePage.objects.all()} == revisions
    assert ImportRun.objects.count() == 2


def test_a_sheet_that_is_not_the_template_is_refused_whole_with_the_reason(directory, tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("Service Name,Provider\nClub,Centre\n", encoding="utf-8")
    with pytest.raises(runs.importer.ImportFailed, match="missing: name, organisation, description"):
        runs.run_import(str(path))
    assert ImportRun.objects.get().status == ImportRun.FAILED


def test_a_formula_in_a_cell_is_exported_inert_and_read_back_as_text():
    assert spreadsheet.safe_cell('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert spreadsheet.normalise({"phone": "'+44 20 7974 4444"})["phone"] == "+44 20 7974 4444"
