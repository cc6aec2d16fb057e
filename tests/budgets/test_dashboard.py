"""The family dashboard: figures, chart with a data table, warnings, young person's view; constant queries."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from budgets import services
from budgets.models import BudgetMembership, LedgerEntry
from tests.budgets.factories import UserFactory, date_fields, member

D = Decimal


def spend(budget, day, amount, element="social_care", **extra):
    return services.record_entry(
        budget=budget, actor=None, spent_on=day, amount=D(amount), payee="PA", element=element, **extra
    )


@pytest.fixture
def history(budget, today):
    services.generate_scheduled_payments(budget, up_to=today)
    item = budget.provision_items.get(element="social_care")
    for month in range(4, 10):
        spend(budget, datetime.date(2025, month, 10), "400.00", provision_item=item, category="personal_assistant")
    spend(budget, datetime.date(2025, 5, 3), "100.00", element="education")
    return budget


def figure(content, name):
    start = content.index(f'data-figure="{name}">') + len(f'data-figure="{name}">')
    return content[start : content.index("<", start)]


def test_dashboard_figures_match_the_ledger(client, history, parent):
    client.force_login(parent)
    response = client.get(reverse("budgets:dashboard", kwargs={"budget": history.uuid}))
    content = response.content.decode()
    paid_in = sum(e.amount for e in history.entries.filter(kind="payment_in"))
    assert figure(content, "allocated") == "£7,800.00"
    assert figure(content, "spent") == "£2,500.00"
    assert figure(content, "paid-in") == f"£{paid_in:,.2f}"
    assert figure(content, "balance") == f"£{paid_in - D('2500.00'):,.2f}"
    assert figure(content, "remaining") == "£5,300.00"
    # 183 of 365 days gone on 30 September... today is 1 October: 184 days
    assert figure(content, "expected") == f"£{(D('7800') * 184 / 365).quantize(D('0.01')):,.2f}"
    by_element = dict(response.context["by_element"])
    assert by_element["Social care"].spent == D("2400.00") and by_element["Education"].spent == D("100.00")


def test_chart_is_an_accessible_svg_with_a_data_table(client, history, parent):
    client.force_login(parent)
    content = client.get(reverse("budgets:dashboard", kwargs={"budget": history.uuid})).content.decode()
    assert '<svg role="img" aria-labelledby="chart-title chart-desc"' in content
    assert '<title id="chart-title">' in content and '<desc id="chart-desc">' in content
    assert "<polyline" in content
    assert "Spending by the end of each month" in content and "September 2025" in content
    assert "£2,500.00" in content  # the cumulative figure for September in the table


def test_warning_when_spending_will_run_out(client, budget, parent, today):
    spend(budget, datetime.date(2025, 4, 20), "6000.00")
    client.force_login(parent)
    content = client.get(reverse("budgets:dashboard", kwargs={"budget": budget.uuid})).content.decode()
    assert "the budget will run out around" in content
    assert re.search(r"£[\d,]+\.\d\d overspent", content)


def test_warning_when_surplus_is_over_the_threshold(client, budget, parent, today):
    services.generate_scheduled_payments(budget, up_to=today)  # paid in, nothing spent
    client.force_login(parent)
    response = client.get(reverse("budgets:dashboard", kwargs={"budget": budget.uuid}))
    assert response.context["surplus"] > 0
    assert "more than 8 weeks' worth" in response.content.decode()


def test_young_person_sees_a_plain_english_view(client, history):
    young = member(history, UserFactory(username="young"), BudgetMembership.Role.YOUNG_PERSON)
    client.force_login(young)
    content = client.get(reverse("budgets:dashboard", kwargs={"budget": history.uuid})).content.decode()
    assert "Your budget" in content and "What you can spend it on" in content
    assert "Personal assistant" in content
    assert "Record spending" not in content  # under 16 and not the holder: look only


def test_young_person_holding_their_own_budget_from_16_can_manage(client, budget):
    young = UserFactory(username="holder")
    budget.holder = young
    budget.holder_date_of_birth = datetime.date(2008, 1, 1)
    budget.save()
    member(budget, young, BudgetMembership.Role.YOUNG_PERSON)
    client.force_login(young)
    response = client.get(reverse("budgets:entry_create", kwargs={"budget": budget.uuid}))
    assert response.status_code == 200


def test_filters_and_pagination(client, history, parent):
    client.force_login(parent)
    url = reverse("budgets:entry_list", kwargs={"budget": history.uuid})
    education = client.get(url, {"element": "education"})
    assert (
        education.context["page"].paginator.count
        == 1 + history.entries.filter(element="education").filter(kind="payment_in").count()
    )
    dated = client.get(
        url, date_fields("date_from", "2025-05-01") | date_fields("date_to", "2025-05-31") | {"payee": "pa"}
    )
    assert {e.spent_on.month for e in dated.context["page"]} == {5}
    missing = client.get(url, {"missing_evidence": "on"})
    assert missing.context["page"].paginator.count == 7
    bad = client.get(url, date_fields("date_from", "2025-06-01") | date_fields("date_to", "2025-05-01"))
    assert "The to date must be the same as or after the from date" in bad.content.decode()


def test_dashboard_list_and_export_use_a_constant_number_of_queries(
    client, history, parent, django_assert_max_num_queries
):
    client.force_login(parent)
    urls = [
        reverse("budgets:dashboard", kwargs={"budget": history.uuid}),
        reverse("budgets:entry_list", kwargs={"budget": history.uuid}),
        reverse("budgets:account_export"),
    ]
    before = []
    for url in urls:
        with django_assert_max_num_queries(25) as captured:
            assert client.get(url).status_code == 200
        before.append(len(captured.captured_queries))
    LedgerEntry.objects.bulk_create(
        LedgerEntry(
            budget=history,
            spent_on=datetime.date(2025, 4, 1) + datetime.timedelta(days=n % 180),
            amount=D("-1.00"),
            payee=f"Payee {n % 50}",
            element="education",
            created_by=parent,
        )
        for n in range(10_000)
    )
    for url, count in zip(urls, before, strict=True):
        with django_assert_max_num_queries(count):
            assert client.get(url).status_code == 200
