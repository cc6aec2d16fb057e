from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from tests.localoffer.factories import category

FIXTURES = Path(__file__).parent / "fixtures"
JANUARY = FIXTURES / "childcare_providers_2026_01.csv"
JANUARY_XLSX = FIXTURES / "childcare_providers_2026_01.xlsx"
FEBRUARY = FIXTURES / "childcare_providers_2026_02.csv"


@pytest.fixture
def childcare(directory):
    """The site with its directory and the childcare category that new registrations go in."""
    return category("childcare", "Childcare")


def _staff(username, group_name=None, **extra):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "a-long-test-password", **extra)
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "unused-in-tests"})
    return user


@pytest.fixture
def editor(db):
    return _staff("editor", "Editors")


@pytest.fixture
def superuser(db):
    return _staff("admin", is_superuser=True, is_staff=True)
