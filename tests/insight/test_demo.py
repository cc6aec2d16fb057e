from django.contrib.auth.models import Group

from insight import demo
from insight.models import EhcPlanCount
from tests.budgets.factories import CouncilFactory


def test_the_demo_lets_budget_officers_into_insight_and_enters_a_plan_count(db):
    council = CouncilFactory(name="Camden Council")
    demo.load()
    demo.load()  # idempotent
    codenames = set(Group.objects.get(name="Budget officers").permissions.values_list("codename", flat=True))
    assert {"view_insight", "add_ehcplancount", "change_ehcplancount", "view_ehcplancount"} <= codenames
    assert EhcPlanCount.objects.filter(council=council).count() == 1
