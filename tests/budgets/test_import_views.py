"""The import, reconciliation, statement and return pages, through the browser-less client."""

import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from budgets import services
from budgets.imports.models import StatementImport
from budgets.models import BudgetMembership, LedgerEntry
from budgets.returns import services as returns
from budgets.returns.models import MonitoringReturn, ReturnSchedule
from tests.budgets.factories import UserFactory, date_fields, make_budget, member

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def calendar_budget(db):
    return make_budget(holder_name="Robin", starts_on=datetime.date(2025, 1, 1), ends_on=datetime.date(2025, 12, 31))


@pytest.fixture
def carer(calendar_budget, client):
    user = member(calendar_budget, UserFactory(username="carer"), BudgetMembership.Role.PARENT_CARER)
    client.force_login(user)
    return user


def url(name, budget, **kwargs):
    return reverse(f"budgets:{name}", kwargs={"budget": budget.uuid, **kwargs})


def test_upload_map_preview_and_commit(client, calendar_budget, carer):
    response = client.get(url("import_start", calendar_budget))
    assert response.status_code == 200
    upload = SimpleUploadedFile("nationwide.csv", (FIXTURES / "nationwide.csv").read_bytes())
    response = client.post(url("import_start", calendar_budget), {"statement": upload})
    statement_import = StatementImport.objects.get()
    assert response["Location"] == url("import_mapping", calendar_budget, statement_import=statement_import.pk)
    page = client.get(response["Location"]).content.decode()
    assert "CAF\u00c9 SENSORY PLAY" in page  # the sample rows, decoded from Windows-1252
    assert '<option value="Paid out" selected>' in page  # guessed from the headers
    response = client.post(
        url("import_mapping", calendar_budget, statement_import=statement_import.pk),
        {
            "date": "Date",
            "date_format": "d mon yyyy",
            "description": "Description",
            "amount": "",
            "paid_in": "Paid in",
            "paid_out": "Paid out",
            "transaction_id": "",
            "balance": "Balance",
            "element": "education",
        },
    )
    assert response.status_code == 302
    preview = client.get(response["Location"]).content.decode()
    assert '<dd class="govuk-summary-list__value" data-total="rows-read">4</dd>' in preview
    assert '<dd class="govuk-summary-list__value" data-total="imported">3</dd>' in preview
    assert '<dd class="govuk-summary-list__value" data-total="money-out">£216.00</dd>' in preview
    assert "Not imported, because it looks like a payment from the council" in preview
    assert "RESPITE CARE CIC" in preview
    response = client.post(url("import_preview", calendar_budget, statement_import=statement_import.pk))
    assert response.status_code == 302
    assert calendar_budget.entries.filter(source=LedgerEntry.Source.IMPORTED, element="education").count() == 3


def test_mapping_errors_keep_what_was_chosen(client, calendar_budget, carer):
    upload = SimpleUploadedFile("barclays.csv", (FIXTURES / "barclays.csv").read_bytes())
    client.post(url("import_start", calendar_budget), {"statement": upload})
    statement_import = StatementImport.objects.get()
    response = client.post(
        url("import_mapping", calendar_budget, statement_import=statement_import.pk),
        {"date": "Date", "date_format": "auto", "description": "Memo", "element": "social_care"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose the amount column, or the paid in and paid out columns" in page
    assert '<option value="Memo" selected>' in page


def test_preview_shows_a_duplicate_which_can_be_included(client, calendar_budget, carer):
    services.record_entry(
        budget=calendar_budget,
        actor=carer,
        amount=Decimal("45.50"),
        spent_on=datetime.date(2025, 1, 9),
        payee="SWIMMING CLUB LTD",
        element="social_care",
    )
    upload = SimpleUploadedFile("barclays.csv", (FIXTURES / "barclays.csv").read_bytes())
    client.post(url("import_start", calendar_budget), {"statement": upload})
    statement_import = StatementImport.objects.get()
    client.post(
        url("import_mapping", calendar_budget, statement_import=statement_import.pk),
        {
            "date": "Date",
            "date_format": "dd/mm/yyyy",
            "description": "Memo",
            "amount": "Amount",
            "element": "social_care",
        },
    )
    page = client.get(url("import_preview", calendar_budget, statement_import=statement_import.pk)).content.decode()
    assert "Because it is already in the budget (same date, amount and payee)." in page
    assert 'name="include" type="checkbox" value="4"' in page
    client.post(url("import_preview", calendar_budget, statement_import=statement_import.pk), {"include": ["4"]})
    assert calendar_budget.entries.filter(payee="SWIMMING CLUB LTD").count() == 2


def test_bad_uploads_get_a_message_on_the_field(client, calendar_budget, carer):
    response = client.post(
        url("import_start", calendar_budget), {"statement": SimpleUploadedFile("x.ofx", b"nonsense")}
    )
    assert "This is not a valid OFX or QFX file" in response.content.decode()
    assert not StatementImport.objects.exists()
    response = client.post(url("import_start", calendar_budget), {})
    assert "Choose the statement file to upload" in response.content.decode()


def test_malformed_file_shows_row_and_field_and_offers_no_commit(client, calendar_budget, carer):
    upload = SimpleUploadedFile("malformed.csv", (FIXTURES / "malformed.csv").read_bytes())
    client.post(url("import_start", calendar_budget), {"statement": upload})
    statement_import = StatementImport.objects.get()
    client.post(
        url("import_mapping", calendar_budget, statement_import=statement_import.pk),
        {
            "date": "Date",
            "date_format": "dd/mm/yyyy",
            "description": "Description",
            "amount": "Amount",
            "element": "social_care",
        },
    )
    page = client.get(url("import_preview", calendar_budget, statement_import=statement_import.pk)).content.decode()
    assert "Row 4, Amount (column “Amount”): “twelve pounds” is not an amount of money" in page
    assert "Import these entries" not in page
    response = client.post(url("import_preview", calendar_budget, statement_import=statement_import.pk))
    assert response.status_code == 200
    assert calendar_budget.entries.count() == 0


def test_view_only_members_cannot_import_and_strangers_get_404(client, calendar_budget):
    viewer = member(calendar_budget, UserFactory(username="viewer"), BudgetMembership.Role.YOUNG_PERSON)
    client.force_login(viewer)
    assert client.get(url("import_start", calendar_budget)).status_code == 403
    assert client.get(url("statement", calendar_budget)).status_code == 200
    client.force_login(UserFactory(username="nosy"))
    for name in ("import_start", "reconcile", "statement", "statement_csv", "statement_pdf", "return_list"):
        assert client.get(url(name, calendar_budget)).status_code == 404


def test_reconciliation_shows_the_difference_and_the_entries_that_explain_it(client, calendar_budget, carer):
    services.record_entry(
        budget=calendar_budget,
        actor=carer,
        kind=LedgerEntry.Kind.PAYMENT_IN,
        amount=Decimal("500.00"),
        spent_on=datetime.date(2025, 2, 1),
        payee="Camden Council",
        element="social_care",
    )
    services.record_entry(
        budget=calendar_budget,
        actor=carer,
        amount=Decimal("35.00"),
        spent_on=datetime.date(2025, 2, 26),
        payee="Respite cafe",
        element="social_care",
    )
    response = client.post(
        url("reconcile_check", calendar_budget), date_fields("as_of", "2025-02-28") | {"statement_balance": "£500.00"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "£465.00" in page  # the ledger
    assert '<dd class="govuk-summary-list__value" id="difference">£35.00</dd>' in page
    assert "Respite cafe" in page
    response = client.post(
        url("reconcile_check", calendar_budget), date_fields("as_of", "2025-02-28") | {"statement_balance": "lots"}
    )
    assert "Enter the amount in pounds and pence" in response.content.decode()
    assert 'value="lots"' in response.content.decode()


def test_statement_downloads(client, calendar_budget, carer):
    services.record_entry(
        budget=calendar_budget,
        actor=carer,
        amount=Decimal("12.00"),
        spent_on=datetime.date(2025, 3, 3),
        payee="Sensory toys",
        element="social_care",
    )
    query = "?starts_on=2025-03-01&ends_on=2025-03-31"
    page = client.get(url("statement", calendar_budget) + query).content.decode()
    assert "Sensory toys" in page and "1 March 2025 to 31 March 2025" in page
    response = client.get(url("statement_csv", calendar_budget) + query)
    assert response["Content-Type"].startswith("text/csv")
    assert "statement-robin-2025-03-01-to-2025-03-31.csv" in response["Content-Disposition"]
    assert "2025-03-03,Spending,Sensory toys,Social care,,,12.00,-12.00" in response.content.decode()
    response = client.get(url("statement_pdf", calendar_budget) + query)
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Sensory toys" in text and "Closing balance" in text


def test_officer_downloads_the_statement_of_a_budget_they_review(client, calendar_budget):
    officer = UserFactory(username="officer")
    calendar_budget.council.officers.add(officer)
    # Officers are council staff: with an authenticator app, and force_login records its code.
    TOTP.activate(officer, generate_totp_secret())
    client.force_login(officer)
    response = client.get(url("statement_pdf", calendar_budget))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_family_submits_a_return_from_its_page(client, calendar_budget, carer, monkeypatch):
    returns.set_schedule(budget=calendar_budget, actor=None, frequency=ReturnSchedule.Frequency.QUARTERLY)
    item = calendar_budget.monitoring_returns.order_by("period_starts_on").first()
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2025, 4, 2))
    page = client.get(url("return_list", calendar_budget)).content.decode()
    assert "Due" in page
    response = client.post(url("return_submit", calendar_budget, monitoring_return=item.pk), {})
    assert "Confirm that the return is accurate before you submit it." in response.content.decode()
    response = client.post(url("return_submit", calendar_budget, monitoring_return=item.pk), {"declaration": "on"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == MonitoringReturn.Status.SUBMITTED
    page = client.get(url("return_detail", calendar_budget, monitoring_return=item.pk)).content.decode()
    assert "The entries in this period are locked" in page
    response = client.post(url("return_submit", calendar_budget, monitoring_return=item.pk), {"declaration": "on"})
    assert "it cannot be submitted again" in response.content.decode()


def test_overdue_returns_are_flagged_to_the_family(client, calendar_budget, carer, monkeypatch):
    from django.utils import timezone

    returns.set_schedule(budget=calendar_budget, actor=None, frequency=ReturnSchedule.Frequency.QUARTERLY)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2025, 4, 28))
    assert "A monitoring return is overdue" not in client.get(url("return_list", calendar_budget)).content.decode()
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2025, 4, 29))
    page = client.get(url("return_list", calendar_budget)).content.decode()
    assert "A monitoring return is overdue" in page
    assert page.count(">Overdue<") == 1


def test_an_upload_far_over_the_cap_is_refused_without_being_read(client, calendar_budget, carer, settings):
    settings.BUDGET_IMPORT_MAX_BYTES = 100 * 1024
    big = SimpleUploadedFile("huge.csv", b"Date,Description,Amount\n" + b"01/01/2025,x,-1.00\n" * 30_000)
    response = client.post(url("import_start", calendar_budget), {"statement": big})
    page = response.content.decode()
    assert response.status_code == 200
    assert "The file is 5" in page and "the largest statement you can upload is 100 KB" in page
    assert not StatementImport.objects.exists()


def test_the_upload_form_still_needs_a_csrf_token(calendar_budget, carer):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(carer)
    upload = SimpleUploadedFile("barclays.csv", (FIXTURES / "barclays.csv").read_bytes())
    assert strict.post(url("import_start", calendar_budget), {"statement": upload}).status_code == 403
    assert not StatementImport.objects.exists()
