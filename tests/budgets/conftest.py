import datetime

import pytest
from django.utils import timezone

from budgets.models import BudgetMembership
from tests.budgets.factories import UserFactory, make_budget, member

TODAY = datetime.date(2025, 10, 1)


@pytest.fixture
def today(monkeypatch):
    """Pin "today" (budgets run April to March) so dashboard figures are fixed."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


@pytest.fixture
def budget(db):
    return make_budget(holder_name="Sam")


@pytest.fixture
def parent(budget):
    return member(budget, UserFactory(username="parent"), BudgetMembership.Role.PARENT_CARER)


@pytest.fixture
def other_budget(db):
    return make_budget(holder_name="Alex")


@pytest.fixture
def stranger(other_budget):
    """A parent of a different family."""
    return member(other_budget, UserFactory(username="stranger"), BudgetMembership.Role.PARENT_CARER)


@pytest.fixture
def officer(db, budget, other_budget):
    """A council budget officer (council staff, so with an authenticator app set up)."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth.models import Group

    user = UserFactory(username="officer")
    user.groups.add(Group.objects.get_or_create(name="Budget officers")[0])
    budget.council.officers.add(user)
    TOTP.activate(user, generate_totp_secret())
    return user
