import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group


def _staff(username, group_name=None, **extra):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "a-long-test-password", **extra)
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    # Council staff must have two-factor authentication to reach the admin (accounts.middleware);
    # force_login then records the code as passed (tests/conftest.py).
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "unused-in-tests"})
    return user


@pytest.fixture
def editor(db):
    return _staff("editor", "Editors")


@pytest.fixture
def moderator(db):
    return _staff("moderator", "Moderators")


@pytest.fixture
def superuser(db):
    return _staff("admin", is_superuser=True, is_staff=True)
