"""Money on every budgets page is shown the GOV.UK way, and projections never look backwards."""

import datetime
import re
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse

from budgets import ledger, services
from budgets.models import BudgetMembership, LedgerEntry
from budgets.templatetags.pounds import pounds
from tests.budgets.factories import UserFactory, member

D = Decimal


@pytest.mark.parametrize(
    ("value", "style", "shown"),
    [
        (D("1292.25"), "", "£1,292.25"),
        (D("-1292.25"), "", "\u2212£1,292.25"),
        (D("-1292.25"), "overspent", "£1,292.25 overspent"),
        (D("0"), "", "£0.00"),
        (D("-0.004"), "", "£0.00"),  # rounds to nothing: no minus on zero
        (D("1234567.005"), "", "£1,234,567.01"),
        ("12.5", "", "£12.50"),
        (None, "", ""),
        ("NaN", "", ""),
        ("not money", "", ""),
    ],
)
def test_pounds(value, style, shown):
    assert pounds(value, style) == shown


def test_the_template_filter_is_the_same_function():
    rendered = Template('{% load pounds %}{{ a|pounds }} / {{ a|pounds:"overspent" }}').render(
        Context({"a": D("-5.00")})
    )
    assert rendered == "\u2212£5.00 / £5.00 overspent"


def test_no_budgets_template_formats_money_by_hand():
    """Every amount in templates/budgets goes through the filter: no "£{{ ... }}" left to show "£-5.00"."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "templates" / "budgets"
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.html")
        if "imports" not in path.parts and re.search(r"£\{\{", path.read_text())
    ]
    assert offenders == []


def overspend(budget, parent):
    services.record_entry(
        budget=budget,
        actor=parent,
        kind=LedgerEntry.Kind.PAYMENT_IN,
        amount=D("100.00"),
        spent_on=datetime.date(2025, 4, 1),
        payee="Camden Council",
        element="social_care",
    )
    services.record_entry(
        budget=budget,
        actor=parent,
        amount=D("9092.25"),
        spent_on=datetime.date(2025, 4, 20),
        payee="Sunflower Care",
        element="social_care",
    )


def test_an_overspent_budget_never_shows_pound_minus(client, budget, parent, today):
    overspend(budget, parent)
    client.force_login(parent)
    pages = [
        reverse("budgets:budget_list"),
        reverse("budgets:dashboard", kwargs={"budget": budget.uuid}),
        reverse("budgets:entry_list", kwargs={"budget": budget.uuid}),
        reverse("budgets:statement", kwargs={"budget": budget.uuid}),
    ]
    for url in pages:
        content = client.get(url).content.decode()
        assert "£-" not in content and "£\u2212" not in content, url
    dashboard = client.get(pages[1]).content.decode()
    assert 'data-figure="balance">£8,992.25 overspent<' in dashboard
    assert 'data-figure="remaining">£1,292.25 overspent<' in dashboard
    assert "\u2212£8,992.25" in client.get(pages[0]).content.decode()  # the budgets list's "Money held"


def test_young_person_sees_overspending_in_words(client, budget, parent, today):
    overspend(budget, parent)
    holder = UserFactory(username="sam")
    budget.holder = holder
    budget.holder_date_of_birth = datetime.date(2008, 1, 1)
    budget.save()  # test set-up of the council's own record, not a family's change
    member(budget, holder, BudgetMembership.Role.YOUNG_PERSON)
    client.force_login(holder)
    content = client.get(reverse("budgets:dashboard", kwargs={"budget": budget.uuid})).content.decode()
    assert "Your budget is" in content and "£8,992.25 overspent" in content
    assert "£-" not in content and "will run out around" not in content


def test_run_out_date_is_never_in_the_past():
    start, end = datetime.date(2025, 4, 1), datetime.date(2026, 3, 31)
    today = datetime.date(2025, 10, 1)
    # £9,092.25 spent by 1 October of £7,800: at that rate the money ran out in August.
    assert ledger.run_out_on(D("7800.00"), D("9092.25"), start, end, today) is None
    assert ledger.allocation_used_up(D("7800.00"), D("9092.25"), end, today)
    # Half spent in the first quarter: it will run out, and on a day still to come.
    day = ledger.run_out_on(D("7800.00"), D("3900.00"), start, end, datetime.date(2025, 6, 30))
    assert day is not None and datetime.date(2025, 6, 30) < day < end
    assert not ledger.allocation_used_up(D("7800.00"), D("3900.00"), end, datetime.date(2025, 6, 30))


def test_dashboard_says_the_allocation_is_spent_not_that_it_will_run_out(client, budget, parent, today):
    overspend(budget, parent)
    client.force_login(parent)
    content = client.get(reverse("budgets:dashboard", kwargs={"budget": budget.uuid})).content.decode()
    assert "will run out around" not in content
    assert "Everything allocated for this period has already been spent" in content


def test_a_tiny_rate_of_spending_never_runs_out_and_never_overflows():
    """A penny spent in a year would last millions of years: no date, and no error on the dashboard."""
    start, end = datetime.date(2025, 4, 1), datetime.date(2026, 3, 31)
    assert ledger.run_out_on(D("7800.00"), D("0.01"), start, end, datetime.date(2026, 3, 1)) is None
