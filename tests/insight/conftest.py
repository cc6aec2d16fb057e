"""A known data set for Insight, with every figure worked out by hand in the tests.

The period is April 2025 to March 2026. Camden has six budgets in place on 31 March 2026 (one a
renewal), Barnet one, whose figures a Camden officer must never see.
"""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from budgets.models import Budget, LedgerEntry
from budgets.returns.models import MonitoringReturn
from insight.figures import Period
from insight.models import EhcPlanCount
from localoffer.models import Feedback
from search.models import SearchQueryLog
from tests.accounts.factories import with_authenticator
from tests.budgets.factories import CouncilFactory, UserFactory, make_budget
from tests.localoffer.factories import InformationPageFactory, LocationFactory, ServicePageFactory, category, need

PERIOD = Period(datetime.date(2025, 4, 1), datetime.date(2026, 3, 31))


def at(year, month, day, hour=12):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


@pytest.fixture
def local_offer(directory, home_page):
    autism, adhd = need("autism", "Autism"), need("adhd", "ADHD")
    health, leisure = category("health", "Health"), category("leisure", "Leisure")
    kentish_town = LocationFactory(postal_code="NW5 1TL")
    euston = LocationFactory(postal_code="NW1 2DB")
    services = {
        "reviewed": ServicePageFactory(
            parent=directory,
            title="Autism clinic",
            assured_date=datetime.date(2026, 1, 10),
            needs=[autism],
            categories=[health],
            locations=[kentish_town],
        ),
        "overdue": ServicePageFactory(
            parent=directory,
            title="Saturday club",
            assured_date=datetime.date(2024, 12, 1),
            needs=[autism, adhd],
            categories=[leisure],
            locations=[euston],
        ),
        "nowhere": ServicePageFactory(
            parent=directory,
            title="ADHD phone line",
            assured_date=datetime.date(2025, 6, 1),
            needs=[adhd],
            categories=[health],
        ),
    }
    draft = ServicePageFactory(parent=directory, title="Draft service", needs=[autism], locations=[kentish_town])
    draft.unpublish()
    health_page = InformationPageFactory(parent=home_page, title="Health", slug="health")
    type(health_page).objects.filter(pk=health_page.pk).update(last_published_at=at(2024, 1, 1))
    # Six comments in April 2025: five answered two days later, one waiting; one from before the period.
    for index in range(5):
        Feedback.objects.create(
            comment="More groups",
            submitted_at=at(2025, 4, 2 + index),
            status=Feedback.PUBLISHED,
            published_comment="More groups",
            response="We added two",
            moderated_at=at(2025, 4, 4 + index),
        )
    Feedback.objects.create(comment="Waiting", submitted_at=at(2025, 4, 20))
    Feedback.objects.create(comment="Too early", submitted_at=at(2025, 3, 1))
    return services


@pytest.fixture
def searches(db):
    def log(text, results, count, when, **filters):
        for _ in range(count):
            SearchQueryLog.objects.create(text=text, result_count=results, searched_at=when, filters=filters)

    need("autism", "Autism")
    category("leisure", "Leisure")

    log("autism", 3, 7, at(2025, 5, 3), needs=["autism"], area="nw5")
    log("trampoline", 0, 2, at(2025, 6, 1))
    log("sensory swing", 1, 6, at(2025, 6, 2), categories=["leisure"])
    log("before the period", 0, 9, at(2025, 3, 31))


@pytest.fixture
def councils(db):
    camden = CouncilFactory(name="Camden Council")
    barnet = CouncilFactory(name="Barnet Council")
    budgets = []
    for index in range(5):
        budgets.append(make_budget(council=camden, holder_name=f"Child {index}", reference=f"EHC-{index}"))
    older = make_budget(
        council=camden,
        holder_name="Teen",
        reference="EHC-9",
        holder_date_of_birth=datetime.date(2009, 1, 1),
        holding_arrangement=Budget.HoldingArrangement.NOTIONAL,
    )
    budgets.append(older)
    # Teen's budget last year: this year's is a renewal, not a new budget.
    make_budget(
        council=camden,
        holder_name="Teen",
        reference="EHC-9",
        starts_on=datetime.date(2024, 4, 1),
        ends_on=datetime.date(2025, 3, 31),
    )
    for budget in budgets[:5]:
        LedgerEntry.objects.create(
            budget=budget,
            kind="payment_in",
            spent_on=datetime.date(2025, 4, 1),
            amount=Decimal("2000.00"),
            element="social_care",
        )
    # Spending after the period ends is not counted in the balance at its end.
    LedgerEntry.objects.create(
        budget=budgets[0],
        kind="spending",
        spent_on=datetime.date(2026, 4, 2),
        amount=Decimal("-1500.00"),
        element="social_care",
    )
    for index, budget in enumerate(budgets):
        MonitoringReturn.objects.create(
            budget=budget,
            period_starts_on=datetime.date(2025, 4, 1),
            period_ends_on=datetime.date(2025, 6, 30),
            due_on=datetime.date(2025, 7, 28),
            status="submitted" if index < 5 else "open",
            submitted_at=at(2025, 7, 20) if index < 5 else None,
        )
    barnet_budget = make_budget(council=barnet, holder_name="Barnet child")
    LedgerEntry.objects.create(
        budget=barnet_budget,
        kind="payment_in",
        spent_on=datetime.date(2025, 4, 1),
        amount=Decimal("9000.00"),
        element="social_care",
    )
    EhcPlanCount.objects.create(council=camden, year=2026, plans=100)
    EhcPlanCount.objects.create(council=barnet, year=2026, plans=50)
    return {"camden": camden, "barnet": barnet, "budgets": budgets}


def insight_user(username, *, council=None, permission=True, authenticator=True, admin=True):
    user = UserFactory(username=username)
    if admin:
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )
    if permission:
        user.user_permissions.add(Permission.objects.get(content_type__app_label="insight", codename="view_insight"))
    if council is not None:
        council.officers.add(user)
    if authenticator:
        with_authenticator(user)
    return user
