"""Statements in the real layouts of UK banks (tests/budgets/fixtures/banks, sources in its README),
imported as a family would: upload, accept the suggested columns unchanged, check, import."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from budgets.imports.models import StatementImport
from budgets.models import BudgetMembership, LedgerEntry
from tests.budgets.factories import UserFactory, make_budget, member

BANKS = Path(__file__).parent / "fixtures" / "banks"


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


def upload_as_a_family(client, budget, name):
    """Upload, keep every suggestion on the columns page as it is, and open the check page."""
    response = client.post(
        url("import_start", budget), {"statement": SimpleUploadedFile(name, (BANKS / name).read_bytes())}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    statement_import = StatementImport.objects.latest("created_at")
    columns = client.get(response["Location"])
    form = columns.context["form"]
    page = columns.content.decode()
    # only what the page shows is posted back, exactly as the browser would
    suggested = {
        field.name: field.value()
        for field in form
        if field.value() not in (None, "", False) and f'name="{field.html_name}"' in page
    }
    response = client.post(response["Location"], suggested)
    assert response.status_code == 302, response.content.decode()[:3000]
    return statement_import, client.get(response["Location"])


# name: (lines read, imported, money in, money out, first date, last date)
CORPUS = {
    "barclays.csv": (6, 5, "12.99", "134.50", "2025-03-03", "2025-03-18"),
    "hsbc.csv": (4, 3, "0.00", "488.40", "2025-04-02", "2025-04-22"),
    "lloyds.csv": (11, 10, "12.99", "356.45", "2025-05-02", "2025-05-30"),
    "halifax.csv": (4, 4, "23.99", "318.00", "2025-06-03", "2025-06-24"),
    "bank_of_scotland.csv": (3, 3, "0.00", "267.50", "2025-07-01", "2025-07-15"),
    "tsb.csv": (5, 5, "30.00", "144.40", "2025-08-01", "2025-08-26"),
    "natwest.csv": (5, 4, "15.00", "488.40", "2025-09-04", "2025-09-25"),
    "santander.csv": (4, 3, "0.00", "170.60", "2025-10-01", "2025-10-20"),
    "santander.txt": (5, 4, "0.00", "217.65", "2025-07-03", "2025-07-31"),
    "nationwide_statement.csv": (6, 4, "16.00", "1232.00", "2025-08-04", "2025-08-26"),
    "nationwide_midata.csv": (6, 4, "12.99", "501.50", "2025-06-02", "2025-06-23"),
    "monzo.csv": (5, 5, "23.99", "252.00", "2025-02-01", "2025-02-19"),
    "starling.csv": (4, 4, "12.99", "249.50", "2025-03-03", "2025-03-21"),
    "revolut.csv": (5, 3, "23.99", "129.50", "2025-04-02", "2025-04-12"),
    "first_direct.csv": (4, 4, "23.99", "153.49", "2025-11-03", "2025-11-24"),
    "metro.csv": (4, 4, "15.00", "111.50", "2025-12-02", "2025-12-23"),
    "chase_uk.csv": (4, 4, "6.20", "97.65", "2025-11-04", "2025-11-25"),
}


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_each_banks_statement_imports_exactly_with_the_suggested_columns(client, calendar_budget, carer, name):
    read, imported, money_in, money_out, first, last = CORPUS[name]
    statement_import, check = upload_as_a_family(client, calendar_budget, name)
    totals = check.context["totals"]
    assert (totals.rows_read, totals.imported) == (read, imported)
    assert totals.imported + totals.skipped_total == totals.rows_read and totals.unreadable == 0
    assert (totals.money_in, totals.money_out) == (Decimal(money_in), Decimal(money_out))
    response = client.post(url("import_preview", calendar_budget, statement_import=statement_import.pk))
    assert response.status_code == 302
    entries = list(calendar_budget.entries.filter(source=LedgerEntry.Source.IMPORTED).order_by("spent_on", "id"))
    assert len(entries) == imported
    assert sum((e.amount for e in entries if e.amount > 0), Decimal("0")) == Decimal(money_in)
    assert -sum((e.amount for e in entries if e.amount < 0), Decimal("0")) == Decimal(money_out)
    assert (entries[0].spent_on.isoformat(), entries[-1].spent_on.isoformat()) == (first, last)
    # only the kinds the family's own entry form offers
    assert {e.kind for e in entries} <= {LedgerEntry.Kind.SPENDING, LedgerEntry.Kind.REFUND}


@pytest.mark.parametrize(
    "name", ["lloyds.csv", "halifax.csv", "bank_of_scotland.csv", "tsb.csv", "natwest.csv", "barclays.csv"]
)
def test_an_account_number_or_blank_number_column_is_never_suggested_as_the_transaction_id(
    client, calendar_budget, carer, name
):
    client.post(
        url("import_start", calendar_budget), {"statement": SimpleUploadedFile(name, (BANKS / name).read_bytes())}
    )
    statement_import = StatementImport.objects.get()
    form = client.get(url("import_mapping", calendar_budget, statement_import=statement_import.pk)).context["form"]
    assert form["transaction_id"].value() == ""


def test_a_bank_id_column_that_differs_on_every_row_is_suggested(client, calendar_budget, carer):
    client.post(
        url("import_start", calendar_budget),
        {"statement": SimpleUploadedFile("m.csv", (BANKS / "monzo.csv").read_bytes())},
    )
    statement_import = StatementImport.objects.get()
    form = client.get(url("import_mapping", calendar_budget, statement_import=statement_import.pk)).context["form"]
    assert form["transaction_id"].value() == "Transaction ID"


def test_the_same_file_again_adds_nothing_and_says_so(client, calendar_budget, carer):
    first, _ = upload_as_a_family(client, calendar_budget, "lloyds.csv")
    client.post(url("import_preview", calendar_budget, statement_import=first.pk))
    again, check = upload_as_a_family(client, calendar_budget, "lloyds.csv")
    page = check.content.decode()
    assert "Every line of this file is already in the budget" in page
    assert check.context["totals"].imported == 0
    response = client.post(url("import_preview", calendar_budget, statement_import=again.pk))
    assert "already in the budget, so nothing new was imported" in response.content.decode()
    assert calendar_budget.entries.filter(source=LedgerEntry.Source.IMPORTED).count() == 10


def test_next_months_lloyds_statement_is_not_refused_for_sharing_the_account_number(client, calendar_budget, carer):
    first, _ = upload_as_a_family(client, calendar_budget, "lloyds.csv")
    client.post(url("import_preview", calendar_budget, statement_import=first.pk))
    june = (BANKS / "lloyds.csv").read_text().replace("/05/2025", "/06/2025")
    client.post(url("import_start", calendar_budget), {"statement": SimpleUploadedFile("june.csv", june.encode())})
    statement_import = StatementImport.objects.latest("created_at")
    columns = client.get(url("import_mapping", calendar_budget, statement_import=statement_import.pk))
    form = columns.context["form"]
    client.post(
        url("import_mapping", calendar_budget, statement_import=statement_import.pk),
        {f.name: f.value() for f in form if f.value() not in (None, "", False)},
    )
    client.post(url("import_preview", calendar_budget, statement_import=statement_import.pk))
    assert calendar_budget.entries.filter(source=LedgerEntry.Source.IMPORTED).count() == 20


def test_revolut_reverted_and_pending_lines_are_listed_with_the_reason_and_can_be_included(
    client, calendar_budget, carer
):
    statement_import, check = upload_as_a_family(client, calendar_budget, "revolut.csv")
    page = check.content.decode()
    assert "Because the bank shows it as reverted: the payment was cancelled, so no money moved." in page
    assert "Because the bank shows it as pending: it has not gone through yet" in page
    assert 'name="include" type="checkbox" value="6"' in page  # the pending line, row 6
    client.post(url("import_preview", calendar_budget, statement_import=statement_import.pk), {"include": ["6"]})
    payees = set(calendar_budget.entries.values_list("payee", flat=True))
    assert "Cafe Play" in payees and "Sensory Toys Ltd" not in payees


def test_nationwide_footer_and_balance_lines_are_shown_not_imported_and_do_not_block(client, calendar_budget, carer):
    _, midata = upload_as_a_family(client, calendar_budget, "nationwide_midata.csv")
    assert "Because it is the statement&#x27;s overdraft limit, not a payment." in midata.content.decode()
    _, statement = upload_as_a_family(client, calendar_budget, "nationwide_statement.csv")
    assert "Because it is the balance brought forward from the last statement, not a payment." in (
        statement.content.decode()
    )


def test_nationwide_midata_signed_debit_credit_column_is_one_amount_not_paid_in(client, calendar_budget, carer):
    client.post(
        url("import_start", calendar_budget),
        {"statement": SimpleUploadedFile("midata.csv", (BANKS / "nationwide_midata.csv").read_bytes())},
    )
    statement_import = StatementImport.objects.get()
    form = client.get(url("import_mapping", calendar_budget, statement_import=statement_import.pk)).context["form"]
    assert (form["amount"].value(), form["paid_in"].value(), form["paid_out"].value()) == ("Debit/Credit", "", "")


def test_natwest_payees_lose_the_spreadsheet_apostrophe(client, calendar_budget, carer):
    statement_import, check = upload_as_a_family(client, calendar_budget, "natwest.csv")
    client.post(url("import_preview", calendar_budget, statement_import=statement_import.pk))
    payees = list(calendar_budget.entries.values_list("payee", flat=True))
    assert "RESPITE CARE CIC" in payees
    assert not [p for p in payees if p.startswith("'")]
