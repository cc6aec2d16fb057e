import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission


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
def moderator(db):
    return _staff("moderator", "Moderators")


@pytest.fixture
def superuser(db):
    return _staff("admin", is_superuser=True, is_staff=True)


@pytest.fixture
def admin_without_queue(db):
    """Someone who may use the admin (and edit budgets' pages, say) but was given nothing on the queue."""
    user = _staff("officer")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user
