"""Ledger arithmetic: pure functions, and the invariant that balances equal the sum of the entries."""

import datetime
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgets import ledger, services
from budgets.models import LedgerEntry
from tests.budgets.factories import make_budget

START, END = datetime.date(2025, 4, 1), datetime.date(2026, 3, 31)
D = Decimal


def test_closing_balance_is_opening_plus_amounts():
    assert ledger.closing_balance(D("100.00"), [D("-20.10"), D("5.05"), D("-0.01")]) == D("84.94")


def test_summary_by_element_and_overall():
    rows = [
        ledger.Row("payment_in", "social_care", None, START, D("1000.00")),
        ledger.Row("spending", "social_care", 1, START, D("-250.00")),
        ledger.Row("refund", "social_care", 1, START, D("50.00")),
        ledger.Row("payment_in", "education", None, START, D("400.00")),
        ledger.Row("spending", "education", 2, START, D("-100.00")),
    ]
    summary = ledger.summarise(rows, {"social_care": D("5200.00"), "education": D("2600.00")}, {1: D("5200.00")})
    assert summary.overall.paid_in == D("1400.00") and summary.overall.spent == D("300.00")
    assert summary.overall.balance == D("1100.00") == sum(r.amount for r in rows)
    assert summary.by_element["social_care"].spent == D("200.00")
    assert summary.by_element["education"].remaining == D("2500.00")
    assert summary.by_provision_item[1].remaining == D("5000.00")


def test_straight_line_expected_spend_and_projection():
    # 365 days; 183 days to 30 September inclusive
    assert ledger.expected_spend(D("3650.00"), START, END, datetime.date(2025, 9, 30)) == D("1830.00")
    assert ledger.expected_spend(D("3650.00"), START, END, datetime.date(2024, 1, 1)) == D("0.00")
    assert ledger.projected_spend(D("1830.00"), START, END, datetime.date(2025, 9, 30)) == D("3650.00")
    assert ledger.projected_remaining(D("3650.00"), D("915.00"), START, END, datetime.date(2025, 9, 30)) == D("1825.00")


def test_run_out_date_only_when_before_the_end():
    assert ledger.run_out_on(D("3650.00"), D("1000.00"), START, END, datetime.date(2025, 4, 10)) == datetime.date(
        2025, 5, 7
    )  # £100 a day: 36 full days from 1 April, so it runs out on the 37th
    assert ledger.run_out_on(D("3650.00"), D("10.00"), START, END, datetime.date(2025, 4, 10)) is None


def test_surplus_over_eight_weeks():
    weekly = ledger.weekly_amount(D("5200.00"), START, END)
    assert weekly == D("99.73")
    assert ledger.surplus_over_threshold(D("1000.00"), D("5200.00"), START, END, 8) == D("202.16")
    assert ledger.surplus_over_threshold(D("700.00"), D("5200.00"), START, END, 8) == D("0.00")


def test_split_evenly_adds_up_to_the_total():
    parts = ledger.split_evenly(D("5200.00"), 14)
    assert sum(parts) == D("5200.00") and len(parts) == 14 and parts[0] == D("371.42")


def test_cumulative_spending_by_month():
    rows = [
        ledger.Row("spending", "social_care", None, datetime.date(2025, 4, 15), D("-100.00")),
        ledger.Row("spending", "social_care", None, datetime.date(2025, 5, 2), D("-50.00")),
        ledger.Row("payment_in", "social_care", None, datetime.date(2025, 5, 2), D("500.00")),
    ]
    points = ledger.cumulative_spending(rows, D("3650.00"), START, END, datetime.date(2025, 5, 20))
    assert len(points) == 12
    assert [p.spent for p in points[:3]] == [D("100.00"), D("150.00"), None]
    assert points[0].expected == D("300.00") and points[-1].expected == D("3650.00")


amounts = st.decimals(min_value=D("0.01"), max_value=D("5000.00"), places=2)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("add"), amounts, st.sampled_from(["spending", "refund"])),
        st.tuples(st.just("edit"), st.integers(min_value=0, max_value=20), amounts),
        st.tuples(st.just("delete"), st.integers(min_value=0, max_value=20)),
    ),
    max_size=12,
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations)
def test_any_sequence_of_adds_edits_and_deletes_keeps_balances_equal_to_the_sums(db, ops):
    budget = make_budget(items=False)
    services.generate_scheduled_payments(budget, up_to=END)
    expected = {e.pk: e.amount for e in budget.entries.all()}
    for op in ops:
        live = list(budget.entries.live().filter(kind__in=["spending", "refund"]).order_by("pk"))
        if op[0] == "add":
            entry = services.record_entry(
                budget=budget, actor=None, kind=op[2], spent_on=START, amount=op[1], payee="P", element="education"
            )
            expected[entry.pk] = entry.amount
        elif op[0] == "edit" and live:
            entry = live[op[1] % len(live)]
            entry = services.update_entry(entry=entry, actor=None, expected_version=entry.version, amount=op[2])
            expected[entry.pk] = entry.amount
        elif op[0] == "delete" and live:
            entry = live[op[1] % len(live)]
            services.delete_entry(entry=entry, actor=None, expected_version=entry.version)
            del expected[entry.pk]
        rows = [ledger.Row(e.kind, e.element, e.provision_item_id, e.spent_on, e.amount) for e in budget.entries.live()]
        summary = ledger.summarise(rows, {"education": D("2600.00"), "social_care": D("5200.00")})
        assert summary.overall.balance == sum(expected.values(), D("0.00"))
        assert sum((t.balance for t in summary.by_element.values()), D("0.00")) == summary.overall.balance
    # Deleted entries stay in the table.
    assert LedgerEntry.objects.filter(budget=budget).count() >= len(expected)


def test_add_months_keeps_the_day_in_range():
    from budgets.dates import add_months

    assert add_months(datetime.date(2025, 1, 31), 1) == datetime.date(2025, 2, 28)
    assert add_months(datetime.date(2024, 1, 31), 1) == datetime.date(2024, 2, 29)
    assert add_months(datetime.date(2025, 3, 31), -1) == datetime.date(2025, 2, 28)
    assert add_months(datetime.date(2025, 11, 30), 3) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2025, 5, 1), -7) == datetime.date(2024, 10, 1)


def test_every_amount_is_the_one_money_field():
    from django.apps import apps
    from django.db import models

    from budgets.fields import MoneyField

    decimals = [
        f"{model.__name__}.{field.name}"
        for model in apps.get_app_config("budgets").get_models()
        for field in model._meta.fields
        if isinstance(field, models.DecimalField) and not isinstance(field, MoneyField)
    ]
    assert decimals == []


def test_refunds_net_from_spending_and_adjustments_keep_their_sign():
    figures = ledger.totals(
        [("payment_in", D("1000.00")), ("spending", D("-300.00")), ("refund", D("50.00")), ("adjustment", D("-25.00"))],
        opening=D("10.00"),
    ).figures()
    assert figures == {
        "opening": D("10.00"),
        "paid_in": D("1000.00"),
        "spent": D("250.00"),
        "refunds": D("50.00"),
        "adjustments": D("-25.00"),
        "balance": D("735.00"),
    }


def test_the_ledger_stays_pure():
    """No ORM, no request: the ledger imports nothing but the standard library."""
    import ast
    import sys
    from pathlib import Path

    tree = ast.parse(Path(ledger.__file__).read_text())
    modules = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    modules |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert {name.split(".")[0] for name in modules} <= sys.stdlib_module_names
