"""`manage.py load_demo_budgets`: two families with their own budgets and an officer; idempotent."""

from io import StringIO

from django.core.management import call_command

from budgets.models import Budget, Evidence, LedgerEntry


def test_demo_budgets_load_and_reload_without_duplicates(db):
    out = StringIO()
    call_command("load_demo_budgets", stdout=out)
    entries = LedgerEntry.objects.count()
    call_command("load_demo_budgets", stdout=StringIO())
    assert LedgerEntry.objects.count() == entries
    assert "parent@camden-demo.example" in out.getvalue() and "budget.officer@" in out.getvalue()
    maya = Budget.objects.get(holder_name="Maya Ahmed")
    riley = Budget.objects.get(holder_name="Riley Chen")
    assert {m.user.username for m in maya.memberships.all()} == {"parent"}
    assert riley.memberships.get().can_manage  # 17 and holds it themselves
    spending = LedgerEntry.objects.filter(budget=maya, kind="spending")
    assert spending.count() > 60
    assert spending.filter(flags__isnull=False).exists()
    with_receipts = spending.filter(evidence__isnull=False).distinct().count()
    assert with_receipts / spending.count() > 0.6
    assert Evidence.objects.first().file.read(5) == b"%PDF-"


def test_demo_budget_has_returns_in_each_state(db):
    call_command("load_demo_budgets", stdout=StringIO())
    maya = Budget.objects.get(holder_name="Maya Ahmed")
    statuses = list(maya.monitoring_returns.order_by("period_starts_on").values_list("status", flat=True))
    assert statuses[:2] == ["approved", "queried"]


def test_demo_has_a_request_in_every_status_and_a_prompt_before_18(db):
    from budgets.requests.models import AdulthoodPrompt, BudgetRequest

    call_command("load_demo_budgets", stdout=StringIO())
    call_command("load_demo_budgets", stdout=StringIO())  # idempotent
    statuses = sorted(BudgetRequest.objects.values_list("status", flat=True))
    assert statuses == sorted(BudgetRequest.Status.values)
    agreed = BudgetRequest.objects.exclude(budget=None)
    assert {item.status for item in agreed} == {"agreed", "set_up"}
    for item in agreed:
        assert item.budget.memberships.filter(user=item.requested_by).exists()
    declined = BudgetRequest.objects.get(status="declined")
    assert declined.requested_by.email == "parent@camden-demo.example" and declined.decline_reason
    assert AdulthoodPrompt.objects.filter(budget__holder_name="Arjun Patel").count() == 1
