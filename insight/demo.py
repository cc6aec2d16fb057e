"""Demo Insight: the demo budget officers may open Insight and keep their council's EHC plan counts,
and the demo council has a count for this January (a made-up round figure), so uptake shows."""

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from budgets.models import Council
from insight.models import EhcPlanCount

DEMO_PLANS = 2000
PERMISSIONS = ("view_insight", "add_ehcplancount", "change_ehcplancount", "view_ehcplancount")


def load(*, stdout=None, stderr=None) -> list:
    group, _ = Group.objects.get_or_create(name="Budget officers")
    group.permissions.add(*Permission.objects.filter(content_type__app_label="insight", codename__in=PERMISSIONS))
    year = timezone.localdate().year
    for council in Council.objects.all():
        EhcPlanCount.objects.get_or_create(council=council, year=year, defaults={"plans": DEMO_PLANS})
    if stdout is not None:
        stdout.write(f"Insight: budget officers can open Insight; EHC plan counts entered for January {year}")
    return []
