"""A parent imports a bank statement, includes a payment the preview took for a duplicate, commits,
and submits the quarter's monitoring return. axe-core checks every page on the way."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import expect

from budgets import services
from budgets.models import BudgetMembership, LedgerEntry
from budgets.returns import services as returns
from budgets.returns.models import MonitoringReturn, ReturnSchedule
from tests.browser.accessibility import assert_accessible
from tests.budgets.factories import UserFactory, make_budget, member

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

STATEMENT = Path(__file__).resolve().parent.parent / "budgets" / "fixtures" / "barclays.csv"


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_parent_imports_a_statement_fixes_a_duplicate_and_submits_a_return(page, live_server, site):
    budget = make_budget(holder_name="Robin", starts_on=datetime.date(2025, 1, 1), ends_on=datetime.date(2025, 12, 31))
    parent = member(budget, UserFactory(username="robin-parent"), BudgetMembership.Role.PARENT_CARER)
    services.record_entry(
        budget=budget,
        actor=parent,
        amount=Decimal("45.50"),
        spent_on=datetime.date(2025, 1, 9),
        payee="Swimming Club Ltd",
        element="social_care",
        note="Morning session, typed in by hand",
    )
    returns.set_schedule(budget=budget, actor=None, frequency=ReturnSchedule.Frequency.QUARTERLY)
    sign_in(page, live_server, parent)

    page.goto(f"/budgets/{budget.uuid}/")
    page.get_by_role("link", name="Import a statement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import a bank statement")
    assert_accessible(page)
    page.get_by_label("Statement file").set_input_files(str(STATEMENT))
    page.get_by_role("button", name="Upload and continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Match the columns")
    expect(page.get_by_label("Description or payee")).to_have_value("Memo")
    expect(page.get_by_label("Amount (one column, money out shown as minus)")).to_have_value("Amount")
    assert_accessible(page)
    page.get_by_label("Which part of the budget is this account for?").select_option("social_care")
    page.get_by_role("button", name="Continue to check the entries").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check the entries before importing")
    # The totals add up: six lines read, four to import; the swimming session is already in the budget
    # and the council's payment in is never imported as spending or a refund.
    expect(page.locator('[data-total="rows-read"]')).to_have_text("6")
    expect(page.locator('[data-total="imported"]')).to_have_text("4")
    expect(page.locator("#import-totals")).to_contain_text("Not imported, because it is already in the budget")
    swimming = page.locator("#row-4")
    expect(swimming).to_contain_text("Not imported")
    expect(swimming).to_contain_text("already in the budget")
    assert_accessible(page)
    # The afternoon session was a second payment of the same amount: include it.
    swimming.get_by_label("Import anyway").check()
    page.get_by_role("button", name="Import these entries").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text("5 entries imported from barclays.csv")
    assert budget.entries.filter(source=LedgerEntry.Source.IMPORTED).count() == 5
    assert budget.entries.filter(payee__iexact="swimming club ltd").count() == 2
    assert_accessible(page)

    # Check the ledger against the statement's closing balance: the statement date is a GOV.UK date
    # input; a missing year is named and linked to the year box, and what was typed is kept.
    page.goto(f"/budgets/{budget.uuid}/reconcile/")
    statement_date = page.get_by_role("group", name="Statement date")
    statement_date.get_by_label("Day").fill("31")
    statement_date.get_by_label("Month").fill("March")
    page.get_by_label("Closing balance on the statement (£)").fill("100.00")
    page.get_by_role("button", name="Check the balance").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_have_count(1)
    assert_accessible(page)
    summary.get_by_role("link", name="Statement date must include a year").click()
    expect(statement_date.get_by_label("Year")).to_be_focused()
    expect(statement_date.get_by_label("Month")).to_have_value("March")
    statement_date.get_by_label("Year").fill("2025")
    page.get_by_role("button", name="Check the balance").click()
    expect(page.get_by_role("heading", name="On 31 March 2025")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Returns").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Monitoring returns")
    assert_accessible(page)
    page.get_by_role("link", name="1 Jan 2025 to 31 Mar 2025").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("1 January 2025 to 31 March 2025")
    assert_accessible(page)
    page.get_by_role("button", name="Submit the return").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Confirm that the return is accurate")
    page.get_by_label("I declare that this return is accurate").check()
    page.get_by_role("button", name="Submit the return").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text("Return submitted")
    expect(page.get_by_text("The entries in this period are locked")).to_be_visible()
    assert_accessible(page)
    item = budget.monitoring_returns.order_by("period_starts_on").first()
    assert item.status == MonitoringReturn.Status.SUBMITTED
    # 218.50 out on the statement, plus the morning swim typed in by hand
    assert item.declared_totals["money_out"] == "264.00"
