"""Statements for a period: balances, entries, elements and evidence, as CSV and a real PDF."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from budgets import services
from budgets.models import LedgerEntry
from budgets.statements import build_statement, compose_statement, positions_csv, statement_csv, statement_pdf

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def add(budget, actor, day, amount, payee, element="social_care", kind=LedgerEntry.Kind.SPENDING, evidence=False):
    files = [(SimpleUploadedFile("receipt.pdf", PDF_BYTES), "application/pdf")] if evidence else []
    return services.record_entry(
        budget=budget,
        actor=actor,
        kind=kind,
        amount=Decimal(amount),
        spent_on=day,
        payee=payee,
        element=element,
        evidence_files=files,
    )


@pytest.fixture
def history(budget, parent):
    add(budget, parent, datetime.date(2025, 4, 1), "1000.00", "Camden Council", kind=LedgerEntry.Kind.PAYMENT_IN)
    add(budget, parent, datetime.date(2025, 4, 10), "84.00", "Jane Smith PA", evidence=True)
    add(
        budget,
        parent,
        datetime.date(2025, 5, 2),
        "500.00",
        "Camden Council",
        "education",
        kind=LedgerEntry.Kind.PAYMENT_IN,
    )
    add(budget, parent, datetime.date(2025, 5, 3), "120.00", "Café Sensory Play", evidence=True)
    add(budget, parent, datetime.date(2025, 5, 20), "60.00", "Speech tutor", "education")
    deleted = add(budget, parent, datetime.date(2025, 5, 21), "999.00", "Typo")
    services.delete_entry(entry=deleted, actor=parent, expected_version=deleted.version)
    add(budget, parent, datetime.date(2025, 6, 5), "30.00", "After the period")
    return budget


def test_statement_for_a_period_has_opening_entries_and_closing(history):
    statement = build_statement(history, datetime.date(2025, 5, 1), datetime.date(2025, 5, 31))
    assert statement.opening_balance == Decimal("916.00")
    assert [line.payee for line in statement.lines] == ["Camden Council", "Café Sensory Play", "Speech tutor"]
    assert [line.balance for line in statement.lines] == [Decimal("1416.00"), Decimal("1296.00"), Decimal("1236.00")]
    assert statement.closing_balance == Decimal("1236.00")
    assert (statement.paid_in, statement.spent, statement.adjustments) == (
        Decimal("500.00"),
        Decimal("180.00"),
        Decimal("0.00"),
    )
    by_element = {e.element: e for e in statement.by_element}
    assert by_element["Education"].closing == Decimal("440.00")
    assert by_element["Social care"].opening == Decimal("916.00")
    assert by_element["Social care"].closing == Decimal("796.00")
    assert [line.payee for line in statement.missing_evidence] == ["Speech tutor"]
    assert statement.lines[1].evidence == ("receipt.pdf",)


def test_statement_queries_do_not_grow_with_entries(history, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        build_statement(history, datetime.date(2025, 4, 1), datetime.date(2026, 3, 31))


def test_statement_csv_lists_every_entry_between_opening_and_closing(history):
    text = statement_csv(build_statement(history, datetime.date(2025, 5, 1), datetime.date(2025, 5, 31)))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["Date", "Type", "Payee"]
    assert rows[1] == ["2025-05-01", "Opening balance", "", "", "", "", "", "916.00", "", ""]
    assert rows[3][:8] == ["2025-05-03", "Spending", "Café Sensory Play", "Social care", "", "", "120.00", "1296.00"]
    assert rows[3][8] == "receipt.pdf"
    assert [row[1:2] + row[7:8] for row in rows[-5:]] == [
        ["Total paid in", "500.00"],
        ["Total spent, after refunds", "180.00"],
        ["Total refunds", "0.00"],
        ["Total adjustments", "0.00"],
        ["Closing balance", "1236.00"],
    ]
    assert rows[-1] == ["2025-05-31", "Closing balance", "", "", "", "", "", "1236.00", "", ""]


def test_csv_cells_cannot_become_spreadsheet_formulas():
    statement = compose_statement(
        holder_name="Sam",
        reference="",
        council="Camden",
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2025, 1, 31),
        opening_by_element={},
        entries=[
            {
                "entry_id": 1,
                "spent_on": datetime.date(2025, 1, 2),
                "kind": "spending",
                "payee": '=HYPERLINK("http://x")',
                "element": "health",
                "amount": Decimal("-1.00"),
            }
        ],
    )
    assert "'=HYPERLINK" in statement_csv(statement)


def test_statement_pdf_reads_back_with_balances_entries_and_evidence(history):
    data = statement_pdf(build_statement(history, datetime.date(2025, 5, 1), datetime.date(2025, 5, 31)))
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Personal budget statement: Sam" in text
    assert "1 May 2025 to 31 May 2025" in text
    assert "Opening balance" in text and "£916.00" in text
    assert "Closing balance" in text and "£1,236.00" in text
    assert "Café Sensory Play" in text
    assert "receipt.pdf" in text
    assert "No evidence: 20/05/2025 Speech tutor £60.00" in text
    assert "Typo" not in text
    assert reader.metadata.title == "Personal budget statement: Sam"


def test_positions_csv_has_one_row_per_budget():
    rows = [
        {
            "Budget": "Sam",
            "Reference": "EHC-1",
            "Council": "Camden",
            "Period starts": datetime.date(2025, 4, 1),
            "Period ends": datetime.date(2026, 3, 31),
            "Monitoring tier": "Standard",
            "Allocated": Decimal("7800.00"),
            "Paid in": Decimal("1500.00"),
            "Spent": Decimal("264.00"),
            "Balance": Decimal("1236.00"),
            "Surplus over threshold": Decimal("0.00"),
            "Last activity": None,
            "Next return due": datetime.date(2025, 7, 28),
            "Overdue returns": 0,
        }
    ]
    parsed = list(csv.reader(io.StringIO(positions_csv(rows))))
    assert parsed[1] == [
        "Sam",
        "EHC-1",
        "Camden",
        "2025-04-01",
        "2026-03-31",
        "Standard",
        "7800.00",
        "1500.00",
        "264.00",
        "1236.00",
        "0.00",
        "",
        "2025-07-28",
        "0",
    ]


def test_long_statements_repeat_the_heading_and_shorten_long_text():
    entries = [
        {
            "entry_id": n,
            "spent_on": datetime.date(2025, 4, 1) + datetime.timedelta(days=n % 360),
            "kind": "spending",
            "payee": f"Payee {n} with a very long name that cannot fit in the payee column of the table",
            "element": "social_care",
            "amount": Decimal("-1.00"),
        }
        for n in range(120)
    ]
    statement = compose_statement(
        holder_name="Sam",
        reference="",
        council="Camden",
        starts_on=datetime.date(2025, 4, 1),
        ends_on=datetime.date(2026, 3, 31),
        opening_by_element={"social_care": Decimal("500.00")},
        entries=entries,
    )
    reader = PdfReader(io.BytesIO(statement_pdf(statement)))
    assert len(reader.pages) >= 3
    second = reader.pages[1].extract_text()
    assert second.startswith("Date Type Payee")
    assert "..." in second and "payee column of the table" not in second
    assert "Closing balance £380.00" in reader.pages[0].extract_text()


def test_an_overspent_statement_shows_the_minus_before_the_pound_sign(budget, parent):
    add(budget, parent, datetime.date(2025, 4, 1), "100.00", "Camden Council", kind=LedgerEntry.Kind.PAYMENT_IN)
    add(budget, parent, datetime.date(2025, 4, 2), "1392.25", "Sunflower Care", evidence=True)
    statement = build_statement(budget, datetime.date(2025, 4, 1), datetime.date(2025, 4, 30))
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(statement_pdf(statement))).pages)
    # The PDF's Latin-1 font has no U+2212, so the minus is a hyphen, but never after the pound sign.
    assert "-£1,292.25" in text and "£-" not in text
    rows = list(csv.reader(io.StringIO(statement_csv(statement))))
    assert rows[-1][7] == "-1292.25"  # spreadsheets keep plain signed decimals


def test_statement_with_a_refund_nets_it_from_spending(budget, parent):
    add(budget, parent, datetime.date(2025, 4, 1), "500.00", "Camden Council", kind=LedgerEntry.Kind.PAYMENT_IN)
    add(budget, parent, datetime.date(2025, 4, 2), "120.00", "Swim club", evidence=True)
    add(budget, parent, datetime.date(2025, 4, 3), "20.00", "Swim club", kind=LedgerEntry.Kind.REFUND)
    statement = build_statement(budget, datetime.date(2025, 4, 1), datetime.date(2025, 4, 30))
    assert (statement.paid_in, statement.spent, statement.refunds) == (
        Decimal("500.00"),
        Decimal("100.00"),
        Decimal("20.00"),
    )
    assert statement.lines[2].money_in == Decimal("20.00")  # the line shows the cash that came back
    assert statement.missing_evidence == []  # a refund needs no receipt
