"""Uploads and form posts an attacker (or a broken export) sends: each is answered with a specific
message, never a 500, and nothing is saved."""

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from budgets.imports.models import StatementImport
from budgets.imports.parsing import MAX_COLUMNS, read_table
from budgets.imports.parsing.csvfile import _unique_headers
from budgets.models import BudgetMembership, LedgerEntry
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


def upload(client, budget, name, data):
    return client.post(url("import_start", budget), {"statement": SimpleUploadedFile(name, data)})


OFX = (FIXTURES / "statement.ofx").read_text()


@pytest.mark.parametrize("amount", ["NaN", "1E+40", "123456789012345678901234567890", "-Infinity"])
def test_an_ofx_amount_the_ledger_cannot_hold_is_a_row_error_not_a_500(client, calendar_budget, carer, amount):
    data = OFX.replace("<TRNAMT>-84.00", f"<TRNAMT>{amount}").encode()
    response = upload(client, calendar_budget, "april.ofx", data)
    if response.status_code == 200:  # ofxtools itself refused the file: a message on the field
        assert "not a valid OFX or QFX file" in response.content.decode()
        return
    statement_import = StatementImport.objects.get()
    client.post(response["Location"], {"element": "social_care"})
    check = client.get(url("import_preview", calendar_budget, statement_import=statement_import.pk))
    assert check.status_code == 200
    assert "Row 2, Amount (TRNAMT):" in check.content.decode()
    commit = client.post(url("import_preview", calendar_budget, statement_import=statement_import.pk))
    assert commit.status_code == 200
    assert not calendar_budget.entries.filter(source=LedgerEntry.Source.IMPORTED).exists()


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("123456789012345678901234567890", "is too large: an amount can have at most 10 digits"),
        ("1E+40", "“1E+40” is not an amount of money"),
        ("NaN", "“NaN” is not an amount of money"),
        ("£1,2,3", "has commas in the wrong places"),
    ],
)
def test_a_csv_amount_the_ledger_cannot_hold_names_the_row_and_column(client, calendar_budget, carer, amount, message):
    data = f'Date,Description,Amount\n02/01/2025,Shop,-10.00\n03/01/2025,Odd,"{amount}"\n'.encode()
    upload(client, calendar_budget, "odd.csv", data)
    statement_import = StatementImport.objects.get()
    response = client.post(
        url("import_mapping", calendar_budget, statement_import=statement_import.pk),
        {
            "date": "Date",
            "date_format": "dd/mm/yyyy",
            "description": "Description",
            "amount": "Amount",
            "element": "social_care",
        },
    )
    check = client.get(response["Location"])
    page = check.content.decode()
    assert check.status_code == 200
    assert "Row 3, Amount (column “Amount”):" in page and message in page.replace("&#x27;", "'")
    assert client.post(url("import_preview", calendar_budget, statement_import=statement_import.pk)).status_code == 200
    assert not calendar_budget.entries.exists()


def test_forty_thousand_identical_headers_are_refused_with_a_clear_message(client, calendar_budget, carer):
    data = ("a," * 40_000).encode() + b"\n01/01/2025,x,1.00\n"
    assert len(data) > 80_000
    response = upload(client, calendar_budget, "wide.csv", data)
    assert response.status_code == 200
    assert "Row 1 of this file has 40,001 columns; a bank statement has at most 100" in response.content.decode()
    assert not StatementImport.objects.exists()


def test_repeated_headers_are_made_unique_in_one_pass():
    assert _unique_headers(["Amount", "Amount", "", "Amount"]) == [
        "Amount",
        "Amount (column 2)",
        "Column 3",
        "Amount (column 4)",
    ]
    headers = ",".join(["Date"] * MAX_COLUMNS)
    table = read_table(f"{headers}\n" + ",".join(["01/01/2025"] * MAX_COLUMNS) + "\n")
    assert len(set(table.headers)) == MAX_COLUMNS


def test_the_upload_is_read_once_and_kept_as_read(client, calendar_budget, carer, monkeypatch):
    upload(client, calendar_budget, "barclays.csv", (FIXTURES / "barclays.csv").read_bytes())
    statement_import = StatementImport.objects.get()
    assert statement_import.parsed["table"]["headers"][:2] == ["Number", "Date"]

    def read_again(*args, **kwargs):
        raise AssertionError("the uploaded file was read again")

    monkeypatch.setattr("budgets.imports.services.read_statement", read_again)
    response = client.post(
        url("import_mapping", calendar_budget, statement_import=statement_import.pk),
        {
            "date": "Date",
            "date_format": "dd/mm/yyyy",
            "description": "Memo",
            "amount": "Amount",
            "element": "social_care",
        },
    )
    assert client.get(response["Location"]).status_code == 200
    assert client.post(url("import_preview", calendar_budget, statement_import=statement_import.pk)).status_code == 302


@pytest.mark.parametrize("include", ["abc", "-1", "1e3", "９", "99999999999999999999"])
def test_a_nonsense_include_value_on_the_check_page_is_ignored_not_a_500(client, calendar_budget, carer, include):
    upload(client, calendar_budget, "barclays.csv", (FIXTURES / "barclays.csv").read_bytes())
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
    check_url = url("import_preview", calendar_budget, statement_import=statement_import.pk)
    assert client.get(check_url, {"include": include}).status_code == 200
    assert client.post(check_url, {"include": include}).status_code == 302
    assert calendar_budget.entries.filter(source=LedgerEntry.Source.IMPORTED).count() == 5


@pytest.mark.parametrize(
    ("balance", "message"),
    [
        ("123456789012345678901234567890", "The amount is too large"),
        ("1E+40", "Enter the amount in pounds and pence"),
        ("NaN", "Enter the amount in pounds and pence"),
        ("\uff11\uff10", "Enter the amount using the digits 0 to 9"),
    ],
)
def test_the_reconcile_form_refuses_amounts_the_ledger_cannot_hold(client, calendar_budget, carer, balance, message):
    response = client.post(
        url("reconcile_check", calendar_budget), date_fields("as_of", "2025-02-28") | {"statement_balance": balance}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not calendar_budget.reconciliations.exists()
