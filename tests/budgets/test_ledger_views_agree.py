"""One budget, one set of figures: the family's dashboard, the statement (page and CSV), the monitoring
return, the officer's overview and the overview CSV all take "paid in", "spent", "refunds",
"adjustments" and "balance" from ``budgets.ledger``, so they agree for any entries at all."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgets import services
from budgets.models import Budget, LedgerEntry
from budgets.returns import services as returns
from budgets.returns.models import MonitoringReturn
from budgets.statements import build_statement, statement_csv
from budgets.views import budget_summary
from tests.budgets.factories import make_budget

START, END = datetime.date(2025, 4, 1), datetime.date(2026, 3, 31)
D = Decimal
KINDS = ["payment_in", "spending", "refund", "adjustment"]
MINUS = "\u2212"


def _page_pounds(text: str) -> Decimal:
    """A figure as a page shows it ("£1,292.25", "−£1,292.25" or "£1,292.25 overspent") as a Decimal."""
    text = text.strip()
    negative = text.startswith(MINUS) or text.endswith("overspent")
    value = D(re.sub(r"[^\d.]", "", text))
    return -value if negative else value


def _statement_csv_figures(budget, starts_on, ends_on) -> dict:
    rows = list(csv.reader(io.StringIO(statement_csv(build_statement(budget, starts_on, ends_on)))))
    labels = {
        "Opening balance": "opening",
        "Total paid in": "paid_in",
        "Total spent, after refunds": "spent",
        "Total refunds": "refunds",
        "Total adjustments": "adjustments",
        "Closing balance": "balance",
    }
    return {labels[row[1]]: D(row[7]) for row in rows if row[1] in labels}


def _overview_csv_row(client, budget) -> dict:
    response = client.get(reverse("budget_returns:overview"), {"format": "csv", "q": budget.holder_name})
    header, *rows = list(csv.reader(io.StringIO(response.content.decode())))
    (row,) = [dict(zip(header, values, strict=True)) for values in rows if values[0] == budget.holder_name]
    return row


def every_view(budget, client=None) -> dict[str, dict]:
    """Each view's paid in, spent, adjustments and balance for the whole budget period."""
    dashboard = budget_summary(budget, END)["overall"]
    statement = build_statement(budget, budget.starts_on, budget.ends_on)
    item, _ = MonitoringReturn.objects.get_or_create(
        budget=budget, period_starts_on=budget.starts_on, defaults={"period_ends_on": budget.ends_on, "due_on": END}
    )
    review = returns.review_return(item)
    (row,) = returns.overview_rows(Budget.objects.filter(pk=budget.pk), END)
    keys = ("paid_in", "spent", "adjustments", "balance")
    views = {
        "dashboard": {key: dashboard.figures()[key] for key in keys},
        "statement": {key: statement.totals.figures()[key] for key in keys},
        "statement CSV": {key: _statement_csv_figures(budget, budget.starts_on, budget.ends_on)[key] for key in keys},
        "return": {key: review.totals.figures()[key] for key in keys},
        "overview": {key: row[key] for key in keys},
    }
    if client is not None:
        csv_row = _overview_csv_row(client, budget)
        views["overview CSV"] = {
            "paid_in": D(csv_row["Paid in"]),
            "spent": D(csv_row["Spent"]),
            "adjustments": row["adjustments"],  # not a column of the export
            "balance": D(csv_row["Balance"]),
        }
    return views


def assert_all_agree(views: dict[str, dict]) -> None:
    first = views["dashboard"]
    for name, figures in views.items():
        assert figures == first, f"{name} disagrees with the dashboard: {figures} != {first}"


@pytest.fixture
def officer_client(client, officer):
    officer.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    client.force_login(officer)
    return client


def test_a_refund_counts_the_same_for_the_family_and_the_officer(client, officer_client, budget, parent):
    """Before one ledger, the officer's overview counted this refund as money paid in (£1,970.00 in,
    £250.00 spent) while the family's dashboard netted it from spending (£1,950.00 in, £230.00 spent)."""
    services.record_entry(
        budget=budget,
        actor=parent,
        kind="payment_in",
        amount=D("1950.00"),
        spent_on=START,
        payee="Camden Council",
        element="social_care",
    )
    services.record_entry(
        budget=budget,
        actor=parent,
        amount=D("250.00"),
        spent_on=datetime.date(2025, 5, 2),
        payee="Sunflower Care",
        element="social_care",
    )
    services.record_entry(
        budget=budget,
        actor=parent,
        kind="refund",
        amount=D("20.00"),
        spent_on=datetime.date(2025, 5, 9),
        payee="Sunflower Care",
        element="social_care",
    )
    views = every_view(budget, officer_client)
    assert views["dashboard"] == {
        "paid_in": D("1950.00"),
        "spent": D("230.00"),
        "adjustments": D("0.00"),
        "balance": D("1720.00"),
    }
    assert_all_agree(views)
    # And the pages as people see them.
    client.force_login(parent)
    page = client.get(reverse("budgets:dashboard", kwargs={"budget": budget.uuid})).content.decode()
    shown = dict(re.findall(r'data-figure="([a-z-]+)">([^<]+)<', page))
    assert (_page_pounds(shown["paid-in"]), _page_pounds(shown["spent"])) == (D("1950.00"), D("230.00"))
    statement = client.get(reverse("budgets:statement", kwargs={"budget": budget.uuid})).content.decode()
    shown = dict(re.findall(r'data-figure="([a-z-]+)">([^<(]+)', statement))
    assert (_page_pounds(shown["paid-in"]), _page_pounds(shown["spent"])) == (D("1950.00"), D("230.00"))
    assert "refunds of £20.00 taken off" in statement


amounts = st.decimals(min_value=D("0.01"), max_value=D("3000.00"), places=2)
entries = st.lists(
    st.tuples(
        st.sampled_from(KINDS),
        amounts,
        st.booleans(),  # negative: a clawback of a payment in, a downward adjustment, a reversed refund
        st.integers(min_value=0, max_value=364),
        st.sampled_from(["social_care", "education"]),
        st.booleans(),  # deleted afterwards
    ),
    max_size=10,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=entries)
def test_every_view_of_a_budget_agrees_for_any_entries(db, entries):
    budget = make_budget(items=False)
    for kind, amount, negative, day, element, deleted in entries:
        spent_on = START + datetime.timedelta(days=day)
        if negative and kind != "spending":
            # Shapes the family's form cannot make but imports and council corrections can.
            entry = LedgerEntry.objects.create(
                budget=budget, kind=kind, amount=-amount, spent_on=spent_on, element=element, payee="Correction"
            )
        else:
            entry = services.record_entry(
                budget=budget, actor=None, kind=kind, amount=amount, spent_on=spent_on, element=element, payee="P"
            )
        if deleted:
            services.delete_entry(entry=entry, actor=None, expected_version=entry.version)
    views = every_view(budget)
    assert_all_agree(views)
    live = list(budget.entries.live())
    assert views["dashboard"]["balance"] == sum((e.amount for e in live), D("0.00"))
    # A part of the period: the statement, its CSV and the return for it agree, and its closing balance
    # is the balance of everything up to its last day.
    middle = datetime.date(2025, 9, 30)
    part = build_statement(budget, datetime.date(2025, 7, 1), middle)
    item = MonitoringReturn.objects.create(
        budget=budget, period_starts_on=datetime.date(2025, 7, 1), period_ends_on=middle, due_on=END
    )
    assert part.totals.figures() == returns.review_return(item).totals.figures()
    csv_figures = _statement_csv_figures(budget, datetime.date(2025, 7, 1), middle)
    assert csv_figures == {key: value for key, value in part.totals.figures().items()}
    assert part.closing_balance == sum((e.amount for e in live if e.spent_on <= middle), D("0.00"))
    assert part.closing_balance == services.ledger_balance_on(budget, middle)
