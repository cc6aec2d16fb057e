"""Importing a statement into a budget: mapping remembered, preview, duplicates, all-or-nothing commit."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from budgets import services
from budgets.imports.models import StatementImport
from budgets.imports.parsing import ColumnMapping, ImportProblem, RowErrors
from budgets.imports.services import build_preview, commit_import, save_mapping, start_import
from budgets.models import AuditEvent, BudgetMembership, LedgerEntry
from tests.budgets.factories import UserFactory, make_budget, member

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def calendar_budget(db):
    return make_budget(holder_name="Robin", starts_on=datetime.date(2025, 1, 1), ends_on=datetime.date(2025, 12, 31))


@pytest.fixture
def carer(calendar_budget):
    return member(calendar_budget, UserFactory(username="carer"), BudgetMembership.Role.PARENT_CARER)


def upload(name, data=None):
    return SimpleUploadedFile(name, data if data is not None else (FIXTURES / name).read_bytes())


def imported(budget):
    return budget.entries.filter(source=LedgerEntry.Source.IMPORTED).order_by("spent_on", "id")


def test_barclays_csv_imports_every_row_as_audited_imported_entries(calendar_budget, carer):
    statement_import = start_import(budget=calendar_budget, actor=carer, upload=upload("barclays.csv"))
    save_mapping(
        statement_import=statement_import,
        mapping=ColumnMapping(date="Date", description="Memo", amount="Amount", date_format="dd/mm/yyyy"),
        element="social_care",
    )
    council_row = build_preview(statement_import).rows[0]
    assert council_row.transaction.description == "CAMDEN COUNCIL DP PAYMENT"
    assert council_row.blocked_reason.startswith("it looks like a payment from the council")
    created = commit_import(statement_import=statement_import, actor=carer)
    assert len(created) == 5
    entries = list(imported(calendar_budget))
    assert [e.amount for e in entries[:2]] == [Decimal("-84.00"), Decimal("-45.50")]
    # Only the kinds the family's own entry form offers: never "payment in".
    assert {e.kind for e in entries} == {LedgerEntry.Kind.SPENDING}
    assert all(e.element == "social_care" and not e.evidence.exists() for e in entries)
    assert AuditEvent.objects.filter(budget=calendar_budget, action="entry.created").count() == 5
    assert AuditEvent.objects.filter(budget=calendar_budget, action="import.committed").count() == 1
    statement_import.refresh_from_db()
    assert (statement_import.status, statement_import.entries_created) == (StatementImport.Status.COMMITTED, 5)
    assert statement_import.rows_skipped == 1


def test_nationwide_csv_mapping_is_remembered_for_the_next_upload(calendar_budget, carer):
    first = start_import(budget=calendar_budget, actor=carer, upload=upload("nationwide.csv"))
    assert first.mapping == {}
    mapping = ColumnMapping(
        date="Date", description="Description", paid_in="Paid in", paid_out="Paid out", balance="Balance"
    )
    save_mapping(statement_import=first, mapping=mapping, element="education")
    commit_import(statement_import=first, actor=carer)
    assert [e.amount for e in imported(calendar_budget)] == [
        Decimal("-120.00"),
        Decimal("-16.00"),
        Decimal("-80.00"),
    ]
    second = start_import(budget=calendar_budget, actor=carer, upload=upload("nationwide.csv"))
    assert second.mapping["paid_out"] == "Paid out"
    assert second.element == "education"


def test_ofx_import_keeps_bank_transaction_ids_and_spots_them_next_time(calendar_budget, carer):
    statement_import = start_import(budget=calendar_budget, actor=carer, upload=upload("statement.ofx"))
    assert statement_import.source_format == "ofx"
    save_mapping(statement_import=statement_import, mapping=ColumnMapping(), element="social_care")
    commit_import(statement_import=statement_import, actor=carer)
    assert list(imported(calendar_budget).values_list("imported_transaction_id", flat=True)) == [
        "202504030002",
        "202504080003",
    ]
    again = start_import(budget=calendar_budget, actor=carer, upload=upload("statement.ofx"))
    preview = build_preview(again)
    assert preview.rows[0].blocked_reason.startswith("it looks like a payment from the council")
    assert [r.reason for r in preview.rows[1:]] == [
        "it is already in the budget (bank transaction id 202504030002, same date and amount)",
        "it is already in the budget (bank transaction id 202504080003, same date and amount)",
    ]
    assert preview.all_already_imported
    with pytest.raises(ImportProblem, match="already in the budget, so nothing new was imported"):
        commit_import(statement_import=again, actor=carer)


def test_duplicates_are_skipped_unless_included(calendar_budget, carer):
    services.record_entry(
        budget=calendar_budget,
        actor=carer,
        amount=Decimal("45.50"),
        spent_on=datetime.date(2025, 1, 9),
        payee="Swimming Club Ltd",
        element="social_care",
    )
    statement_import = start_import(budget=calendar_budget, actor=carer, upload=upload("barclays.csv"))
    save_mapping(
        statement_import=statement_import,
        mapping=ColumnMapping(date="Date", description="Memo", amount="Amount"),
        element="social_care",
    )
    preview = build_preview(statement_import)
    assert [(r.row, r.reason) for r in preview.rows if r.reason] == [
        (4, "it is already in the budget (same date, amount and payee)")
    ]
    created = commit_import(statement_import=statement_import, actor=carer)
    assert len(created) == 4
    assert calendar_budget.entries.filter(payee__iexact="swimming club ltd").count() == 1


def test_a_ticked_duplicate_is_imported(calendar_budget, carer):
    services.record_entry(
        budget=calendar_budget,
        actor=carer,
        amount=Decimal("45.50"),
        spent_on=datetime.date(2025, 1, 9),
        payee="SWIMMING CLUB LTD",
        element="social_care",
    )
    statement_import = start_import(budget=calendar_budget, actor=carer, upload=upload("barclays.csv"))
    save_mapping(
        statement_import=statement_import,
        mapping=ColumnMapping(date="Date", description="Memo", amount="Amount"),
        element="social_care",
    )
    created = commit_import(statement_import=statement_import, actor=carer, include_duplicates=["4"])
    assert len(created) == 5
    assert calendar_budget.entries.filter(payee__iexact="swimming club ltd").count() == 2


def test_malformed_rows_save_nothing_and_name_row_and_field(calendar_budget, carer):
    statement_import = start_import(budget=calendar_budget, actor=carer, upload=upload("malformed.csv"))
    save_mapping(
        statement_import=statement_import,
        mapping=ColumnMapping(date="Date", description="Description", amount="Amount"),
        element="social_care",
    )
    with pytest.raises(RowErrors) as raised:
        commit_import(statement_import=statement_import, actor=carer)
    assert str(raised.value.errors[0]) == (
        "Row 3, Date (column “Date”): “31/02/2025” is not a real date (expected a date like 31/01/2025)"
    )
    assert calendar_budget.entries.count() == 0


def test_commit_is_all_or_nothing_when_a_row_is_refused_by_the_ledger(calendar_budget, carer):
    data = b"Date,Description,Amount\n02/01/2025,Shop,-10.00\n03/01/2025,Huge,-250000.00\n"
    statement_import = start_import(budget=calendar_budget, actor=carer, upload=upload("big.csv", data))
    save_mapping(
        statement_import=statement_import,
        mapping=ColumnMapping(date="Date", description="Description", amount="Amount"),
        element="social_care",
    )
    with pytest.raises(RowErrors) as raised:
        commit_import(statement_import=statement_import, actor=carer)
    error = raised.value.errors[0]
    assert (error.row, error.field) == (3, "Amount")
    assert calendar_budget.entries.count() == 0
    assert not AuditEvent.objects.filter(action="entry.created").exists()
    statement_import.refresh_from_db()
    assert statement_import.status == StatementImport.Status.PREVIEW


def test_rows_outside_the_budget_period_are_marked_and_skipped(calendar_budget, carer):
    data = b"Date,Description,Amount\n31/12/2024,Old,-1.00\n02/01/2025,Shop,-10.00\n"
    statement_import = start_import(budget=calendar_budget, actor=carer, upload=upload("edge.csv", data))
    save_mapping(
        statement_import=statement_import,
        mapping=ColumnMapping(date="Date", description="Description", amount="Amount"),
        element="social_care",
    )
    preview = build_preview(statement_import)
    assert [r.blocked_reason for r in preview.rows] == ["it is outside the budget period", ""]
    assert [e.payee for e in commit_import(statement_import=statement_import, actor=carer)] == ["Shop"]


def test_a_committed_import_cannot_be_committed_twice(calendar_budget, carer):
    statement_import = start_import(budget=calendar_budget, actor=carer, upload=upload("prepaid_card.csv"))
    save_mapping(
        statement_import=statement_import,
        mapping=ColumnMapping(
            date="Transaction Date", description="Merchant", amount="Amount", transaction_id="Transaction ID"
        ),
        element="social_care",
    )
    commit_import(statement_import=statement_import, actor=carer)
    with pytest.raises(ImportProblem, match="already been imported"):
        commit_import(statement_import=statement_import, actor=carer)
    assert imported(calendar_budget).count() == 3  # the council's load onto the card is the council's to record


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.csv", b"", "The file is empty"),
        ("fake.ofx", b"Date,Description\n01/01/2025,x\n", "not a valid OFX or QFX file"),
        ("sheet.csv", b"PK\x03\x04zip", "Excel workbook"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_kept(calendar_budget, carer, name, data, message):
    with pytest.raises(ImportProblem, match=message):
        start_import(budget=calendar_budget, actor=carer, upload=upload(name, data))
    assert not StatementImport.objects.exists()


def test_a_50_mb_upload_is_refused_before_it_is_read(calendar_budget, carer, settings):
    class HugeUpload:
        name = "huge.csv"
        size = 50 * 1024 * 1024

        def read(self):
            raise AssertionError("the file must not be read")

    with pytest.raises(ImportProblem, match="The file is 50 MB"):
        start_import(budget=calendar_budget, actor=carer, upload=HugeUpload())


def test_imported_entries_are_checked_against_the_councils_spending_rules(calendar_budget, carer):
    from budgets.models import EntryFlag, SpendingRule

    SpendingRule.objects.create(
        council=calendar_budget.council,
        name="Large payments",
        kind=SpendingRule.Kind.SINGLE_PAYMENT_OVER,
        amount=Decimal("100.00"),
        reason="Payments over £100 need agreeing with your officer first",
    )
    statement_import = start_import(budget=calendar_budget, actor=carer, upload=upload("nationwide.csv"))
    save_mapping(
        statement_import=statement_import,
        mapping=ColumnMapping(date="Date", description="Description", paid_in="Paid in", paid_out="Paid out"),
        element="social_care",
    )
    commit_import(statement_import=statement_import, actor=carer)
    flagged = EntryFlag.objects.get()
    assert flagged.entry.payee == "RESPITE CARE CIC"
    assert flagged.reason == "Payments over £100 need agreeing with your officer first"


def test_the_commit_is_refused_when_the_totals_do_not_add_up(calendar_budget, carer, monkeypatch):
    from budgets.imports.parsing import ParseResult

    statement_import = start_import(budget=calendar_budget, actor=carer, upload=upload("barclays.csv"))
    save_mapping(
        statement_import=statement_import,
        mapping=ColumnMapping(date="Date", description="Memo", amount="Amount"),
        element="social_care",
    )
    totals = build_preview(statement_import).totals()
    assert totals.adds_up and totals.rows_read == totals.imported + totals.skipped_total == 6
    # a reader that lost a line on the way would leave one line read but neither imported nor skipped
    monkeypatch.setattr(ParseResult, "rows_read", property(lambda result: len(result.transactions) + 1))
    with pytest.raises(ImportProblem, match="do not add up"):
        commit_import(statement_import=statement_import, actor=carer)
    assert not calendar_budget.entries.exists()


def test_totals_that_do_not_balance_in_money_do_not_add_up():
    from budgets.imports.services import ImportTotals

    good = ImportTotals(
        3, 2, {"it is outside the budget period": 1}, 0, Decimal("5.00"), Decimal("7.50"), Decimal("-2.50")
    )
    assert good.adds_up
    assert not ImportTotals(3, 2, {}, 0, Decimal("5.00"), Decimal("7.50"), Decimal("-2.50")).adds_up
    assert not ImportTotals(3, 2, {"x": 1}, 0, Decimal("5.00"), Decimal("7.50"), Decimal("2.50")).adds_up
